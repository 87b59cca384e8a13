// libFuzzer target: health/YYYY-MM-DD.jsonl (one line per check result) as `status`, `health
// history` and the reports read it — the latest run and its service verdicts, the results of a
// range and their uptime; or a clean error naming file:line.
#include "fuzz_support.hpp"
#include "hypercare/health/history.hpp"
#include "hypercare/health/uptime.hpp"

namespace hc = hypercare;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto ops = fuzz::Scratch::fresh();
  fuzz::write(ops / "health" / "2026-11-27.jsonl", fuzz::text(data, size));
  auto warn = [](const std::string&) {};
  if (auto run = hc::health::latest_results(ops, warn); run && *run) (void)hc::health::service_verdicts(**run);
  auto from = fuzz::now() - std::chrono::days(1), to = fuzz::now() + std::chrono::days(1);
  auto results = hc::health::read_results(ops, from, to, warn);
  if (!results) return 0;
  hc::config::ChecksConfig cfg;
  auto in_range = hc::health::window(*results, cfg, from, to);
  auto report = hc::health::uptime(in_range, cfg, from, to);
  (void)report.overall.percent();
  return 0;
}
