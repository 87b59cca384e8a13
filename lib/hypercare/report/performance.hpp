// The seed's "System performance" beyond uptime: response times (P95) and the error rate, for each
// day of the period and over all of it. From Prometheus when [report.prometheus] names the queries
// (query_range over each day), otherwise — or when Prometheus cannot answer — from the http
// checks' results. The source is always named.
//
//   Prometheus: every evaluation point (one per `step`) is a sample; a day's average, peak and
//     minimum are over its points, the period's over all of them (equal steps: time-weighted).
//   http checks: response time — a day's figure is the P95 (nearest rank) of its http results'
//     latencies; the period's average, peak and minimum are over those daily P95s. Error rate —
//     a day's figure is the share of its http results that failed (fail or error); the period's
//     average is the share over all its results, peak and minimum the worst and best day.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hypercare/config/report_config.hpp"
#include "hypercare/health/prometheus.hpp"
#include "hypercare/report/metrics.hpp"

namespace hypercare::report {

struct PerfDay {
  Day day;
  std::size_t samples = 0;  // Prometheus points, or http results
  std::optional<double> mean, peak, min;
};

struct PerfSeries {
  enum class Source { none, prometheus, http_checks };
  Source source = Source::none;
  std::string query;     // the PromQL expression, when it came from Prometheus
  std::string fallback;  // why Prometheus, though configured, was not the source
  std::vector<PerfDay> days;
  std::size_t samples = 0;
  std::optional<double> mean, peak, min;  // over the whole period
};
std::string_view source_name(PerfSeries::Source s);  // "prometheus" | "http_checks" | "none"

struct Performance {
  std::string prometheus_url;  // where the Prometheus series were read
  core::Seconds step{0};       // between two Prometheus points
  PerfSeries latency_p95;      // milliseconds
  PerfSeries error_rate;       // percent
};

// A series from Prometheus points, each multiplied by `scale` (1000: seconds to ms; 100: ratio to
// percent); points that are not finite numbers (NaN of 0/0, +Inf) are left out.
PerfSeries prometheus_series(std::span<const Day> days, std::span<const health::Point> points, double scale,
                             core::Zone zone);
// The same figures from the http checks' results in [from, until).
PerfSeries http_latency_series(std::span<const Day> days, std::span<const health::Recorded> results,
                               const config::ChecksConfig& checks, core::Zone zone);
PerfSeries http_error_series(std::span<const Day> days, std::span<const health::Recorded> results,
                             const config::ChecksConfig& checks, core::Zone zone);

// Both series for `days` (the local days of a period, [from, until) of it measured): from
// Prometheus for the queries `prom` names (its url, else `checks.prometheus_url`), from the http
// checks for the others and for any Prometheus did not answer or answered with no data (said
// through `warn` and in PerfSeries::fallback). The points run to `until` inclusive — the report's
// as-of instant — or to the last second of a day that is over.
Performance measure_performance(const config::ReportPrometheus& prom, const config::ChecksConfig& checks,
                                std::span<const Day> days, TimePoint from, TimePoint until,
                                std::span<const health::Recorded> results, core::Zone zone, const core::WarningSink& warn);

}  // namespace hypercare::report
