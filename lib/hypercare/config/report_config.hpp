// [report] of hypercare.toml: where `report summary` reads the service's own error rate and
// response times. Without it the figures come from the http checks' results.
#pragma once

#include <string>

#include "hypercare/config/toml_reader.hpp"
#include "hypercare/core/time.hpp"

namespace hypercare::config {

// [report.prometheus]: two PromQL expressions evaluated with query_range over each day of the
// period. `error_rate` answers a ratio (0.002 is 0.2 %), `latency_p95` seconds: the units of the
// seed's alert rules (HighErrorRate, SlowResponseTime). Either may be left out.
struct ReportPrometheus {
  std::string url;  // empty: checks.toml's [prometheus] url
  std::string error_rate, latency_p95;
  core::Seconds step{300};    // between two evaluations
  core::Seconds timeout{10};  // per query
  bool any() const { return !error_rate.empty() || !latency_p95.empty(); }
};

struct ReportConfig {
  ReportPrometheus prometheus;
};

// Parses [report] (absent: the defaults) with file:line:col errors.
core::Result<ReportConfig> parse_report_config(const TomlFile& file);

}  // namespace hypercare::config
