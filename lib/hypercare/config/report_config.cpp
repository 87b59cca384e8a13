#include "hypercare/config/report_config.hpp"

#include <fmt/format.h>

namespace hypercare::config {

core::Result<ReportConfig> parse_report_config(const TomlFile& f) {
  ReportConfig out;
  const auto* report = HC_TRY(f.table(f.root(), "report", "report"));
  if (!report) return out;
  const auto* p = HC_TRY(f.table(*report, "prometheus", "report.prometheus"));
  if (!p) return out;
  auto& prom = out.prometheus;
  if (auto v = HC_TRY(f.string(*p, "url", "report.prometheus.url"))) {
    if (!v->starts_with("http://") && !v->starts_with("https://"))
      return std::unexpected(f.error_at(p->get("url"), "report.prometheus.url", "must start with http:// or https://"));
    prom.url = *v;
  }
  for (auto [key, field] : {std::pair{"error_rate", &prom.error_rate}, std::pair{"latency_p95", &prom.latency_p95}}) {
    auto kp = fmt::format("report.prometheus.{}", key);
    if (auto v = HC_TRY(f.string(*p, key, kp))) {
      if (v->find_first_not_of(" \t\r\n") == std::string::npos)
        return std::unexpected(f.error_at(p->get(key), kp, "must be a PromQL expression, not empty"));
      *field = *v;
    }
  }
  // One day per query_range: Prometheus answers at most 11 000 points a series.
  if (auto v = HC_TRY(f.duration(*p, "step", "report.prometheus.step"))) {
    if (*v < core::Seconds(10) || *v > core::Seconds(3600))
      return std::unexpected(f.error_at(p->get("step"), "report.prometheus.step", "must be from 10s to 1h"));
    prom.step = *v;
  }
  if (auto v = HC_TRY(f.duration(*p, "timeout", "report.prometheus.timeout"))) {
    if (*v < core::Seconds(1) || *v > core::Seconds(300))
      return std::unexpected(f.error_at(p->get("timeout"), "report.prometheus.timeout", "must be from 1s to 5m"));
    prom.timeout = *v;
  }
  return out;
}

}  // namespace hypercare::config
