// libFuzzer target: answers of Prometheus's query API (/api/v1/query) as prometheus and rules
// checks read them, each sample judged against thresholds; or a clean error.
#include "fuzz_support.hpp"
#include "hypercare/health/prometheus.hpp"
#include "hypercare/health/result.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto samples = hypercare::health::parse_query_answer(200, fuzz::text(data, size));
  if (!samples) return 0;
  hypercare::config::Thresholds t;
  t.warn_above = 0.5;
  t.fail_below = -1;
  for (const auto& s : *samples) (void)hypercare::health::judge(s.value, t);
  return 0;
}
