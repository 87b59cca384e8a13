// libFuzzer target: answers of Prometheus's query API as hypercare reads them — an instant query
// (/api/v1/query) as prometheus and rules checks do, each sample judged against thresholds, and a
// range query (/api/v1/query_range) as `report summary` does; or a clean error.
#include "fuzz_support.hpp"
#include "hypercare/health/prometheus.hpp"
#include "hypercare/health/result.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = fuzz::text(data, size);
  if (auto points = hypercare::health::parse_range_answer(200, text)) {
    for (std::size_t i = 1; i < points->size(); ++i)
      if ((*points)[i].at < (*points)[i - 1].at) __builtin_trap();  // promised: ordered by time
  }
  auto samples = hypercare::health::parse_query_answer(200, text);
  if (!samples) return 0;
  hypercare::config::Thresholds t;
  t.warn_above = 0.5;
  t.fail_below = -1;
  for (const auto& s : *samples) (void)hypercare::health::judge(s.value, t);
  return 0;
}
