// libFuzzer target: Prometheus rules files (alerts/*.yaml: plain `groups:` or a PrometheusRule's
// `spec.groups:`) as a rules check reads them, or a clean error naming file:line:col.
#include "fuzz_support.hpp"
#include "hypercare/config/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = fuzz::text(data, size);
  (void)hypercare::config::rule_file_problems(text, "alerts/fuzz.yaml");
  (void)hypercare::config::parse_rule_file(text, "alerts/fuzz.yaml");
  return 0;
}
