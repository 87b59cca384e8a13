// libFuzzer target: Prometheus rules files (alerts/*.yaml: plain `groups:` or a PrometheusRule's
// `spec.groups:`) as a rules check reads them, or a clean error naming file:line:col.
#include "fuzz_support.hpp"
#include "hypercare/health/prometheus.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)hypercare::health::parse_rules(fuzz::text(data, size), "alerts/fuzz.yaml");
  return 0;
}
