// libFuzzer target: rota/changes.jsonl (overrides, swaps, cancellations) as `rota` and `who` read
// it — folded, cached and read back from the cache, laid over the example rota, and the week's
// shifts checked, exported and asked who is on call; or a clean error naming file:line.
#include "fuzz_support.hpp"
#include "hypercare/rota/analysis.hpp"
#include "hypercare/rota/changes_cache.hpp"
#include "hypercare/rota/export.hpp"
#include "hypercare/rota/on_call.hpp"
#include "hypercare/rota/schedule.hpp"

namespace hc = hypercare;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto ops = fuzz::Scratch::fresh();
  fuzz::write(ops / hc::rota::k_changes_file, fuzz::text(data, size));
  auto warn = [](const std::string&) {};
  (void)hc::rota::read_changes(ops, warn, true);  // folds the file and caches it
  auto changes = hc::rota::read_changes(ops, warn, true);  // reads the cache
  if (!changes) return 0;
  const auto& rota = fuzz::rota();
  hc::rota::Schedule schedule(rota, *changes);
  auto shifts = schedule.shifts(rota.start, 7);
  (void)hc::rota::check(schedule, rota.start, 7);
  (void)hc::rota::stats(schedule, shifts);
  (void)hc::rota::to_ical(shifts, {rota, "Smart Dairy on call", fuzz::now()});
  (void)hc::rota::to_csv(shifts, rota);
  for (const auto& s : shifts) (void)hc::rota::shift_json(s, rota).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  (void)hc::rota::on_call(schedule, fuzz::now(), true);
  return 0;
}
