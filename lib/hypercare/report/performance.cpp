#include "hypercare/report/performance.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace hypercare::report {

namespace {

// The index of the day `t` falls on, or nullopt outside the days.
std::optional<std::size_t> day_index(std::span<const Day> days, TimePoint t, core::Zone zone) {
  if (days.empty()) return std::nullopt;
  auto d = core::local_day(t, zone);
  if (d < days.front() || d > days.back()) return std::nullopt;
  return std::size_t((d - days.front()).count());
}

// Average, peak and minimum of `values` (not empty).
void summarise(const std::vector<double>& values, std::optional<double>& mean, std::optional<double>& peak,
               std::optional<double>& min) {
  double sum = 0;
  for (double v : values) sum += v;
  mean = sum / double(values.size());
  auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  min = *lo;
  peak = *hi;
}

PerfSeries empty_series(std::span<const Day> days, PerfSeries::Source source) {
  PerfSeries s;
  s.source = source;
  for (auto d : days) s.days.push_back({d, 0, {}, {}, {}});
  return s;
}

}  // namespace

std::string_view source_name(PerfSeries::Source s) {
  switch (s) {
    case PerfSeries::Source::prometheus: return "prometheus";
    case PerfSeries::Source::http_checks: return "http_checks";
    default: return "none";
  }
}

PerfSeries prometheus_series(std::span<const Day> days, std::span<const health::Point> points, double scale,
                             core::Zone zone) {
  auto out = empty_series(days, PerfSeries::Source::prometheus);
  std::vector<std::vector<double>> per_day(days.size());
  std::vector<double> all;
  for (const auto& p : points) {
    if (!std::isfinite(p.value)) continue;
    auto i = day_index(days, p.at, zone);
    if (!i) continue;
    per_day[*i].push_back(p.value * scale);
    all.push_back(p.value * scale);
  }
  for (std::size_t i = 0; i < days.size(); ++i) {
    out.days[i].samples = per_day[i].size();
    if (!per_day[i].empty()) summarise(per_day[i], out.days[i].mean, out.days[i].peak, out.days[i].min);
  }
  out.samples = all.size();
  if (!all.empty()) summarise(all, out.mean, out.peak, out.min);
  return out;
}

PerfSeries http_latency_series(std::span<const Day> days, std::span<const health::Recorded> results,
                               const config::ChecksConfig& checks, core::Zone zone) {
  auto out = empty_series(days, PerfSeries::Source::http_checks);
  std::vector<std::vector<std::chrono::milliseconds>> per_day(days.size());
  for (const auto& r : results) {
    if (!is_http(r, checks)) continue;
    if (auto i = day_index(days, r.at, zone)) per_day[*i].emplace_back(r.latency_ms);
  }
  std::vector<double> daily_p95;
  for (std::size_t i = 0; i < days.size(); ++i) {
    auto& v = per_day[i];
    out.days[i].samples = v.size();
    out.samples += v.size();
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    double p95 = double(percentile(v, 95).count());
    out.days[i].mean = out.days[i].peak = out.days[i].min = p95;
    daily_p95.push_back(p95);
  }
  if (!daily_p95.empty()) summarise(daily_p95, out.mean, out.peak, out.min);
  return out;
}

PerfSeries http_error_series(std::span<const Day> days, std::span<const health::Recorded> results,
                             const config::ChecksConfig& checks, core::Zone zone) {
  auto out = empty_series(days, PerfSeries::Source::http_checks);
  std::vector<std::size_t> all(days.size()), failed(days.size());
  for (const auto& r : results) {
    if (!is_http(r, checks)) continue;
    auto i = day_index(days, r.at, zone);
    if (!i) continue;
    ++all[*i];
    if (r.status == health::Status::fail || r.status == health::Status::error) ++failed[*i];
  }
  std::vector<double> daily;
  std::size_t total_failed = 0;
  for (std::size_t i = 0; i < days.size(); ++i) {
    out.days[i].samples = all[i];
    out.samples += all[i];
    total_failed += failed[i];
    if (all[i] == 0) continue;
    double rate = 100.0 * double(failed[i]) / double(all[i]);
    out.days[i].mean = out.days[i].peak = out.days[i].min = rate;
    daily.push_back(rate);
  }
  if (!daily.empty()) {
    summarise(daily, out.mean, out.peak, out.min);
    out.mean = 100.0 * double(total_failed) / double(out.samples);  // over all results, not the mean of days
  }
  return out;
}

Performance measure_performance(const config::ReportPrometheus& prom, const config::ChecksConfig& checks,
                                std::span<const Day> days, TimePoint from, TimePoint until,
                                std::span<const health::Recorded> results, core::Zone zone, const core::WarningSink& warn) {
  Performance out;
  out.latency_p95 = http_latency_series(days, results, checks, zone);
  out.error_rate = http_error_series(days, results, checks, zone);
  out.prometheus_url = prom.url.empty() ? checks.prometheus_url : prom.url;
  out.step = prom.step;
  if (!prom.any() || until <= from) return out;
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(prom.timeout);
  std::string unreachable;  // once Prometheus did not answer, the second series does not wait for it again

  auto ask = [&](const std::string& query, double scale, PerfSeries& series) {
    if (query.empty()) return;
    auto fall_back = [&](std::string why) {
      series.fallback = why;
      warn(fmt::format("report: {}; {} from the http checks instead", why,
                       &series == &out.latency_p95 ? "response times come" : "the error rate comes"));
    };
    if (out.prometheus_url.empty())
      return fall_back("[report.prometheus] has no url and checks.toml no [prometheus] url");
    if (!unreachable.empty()) return fall_back(unreachable);
    std::vector<health::Point> points;
    for (auto day : days) {
      auto start = std::max(from, core::start_of_local_day(day, zone));
      auto end = std::min(core::start_of_local_day(day + std::chrono::days(1), zone) - core::Seconds(1), until);
      if (end < start) continue;  // not begun yet
      auto got = health::range_query(out.prometheus_url, query, start, end, prom.step, timeout);
      if (!got && got.error().kind == core::ErrorKind::unavailable) {
        // The transport's reason starts with the URL, query and all: the server is what matters.
        auto reason = got.error().message;
        if (auto colon = reason.find(": "); reason.starts_with("http") && colon != std::string::npos) reason.erase(0, colon + 2);
        unreachable = fmt::format("Prometheus at {} did not answer: {}", out.prometheus_url, reason);
        return fall_back(unreachable);
      }
      if (!got)
        return fall_back(fmt::format("Prometheus at {} could not evaluate `{}`: {}", out.prometheus_url, query, got.error().message));
      points.insert(points.end(), got->begin(), got->end());
    }
    auto from_prometheus = prometheus_series(days, points, scale, zone);
    if (from_prometheus.samples == 0)
      return fall_back(fmt::format("Prometheus at {} has no data for `{}` in the period", out.prometheus_url, query));
    from_prometheus.query = query;
    series = std::move(from_prometheus);
  };
  ask(prom.latency_p95, 1000.0, out.latency_p95);
  ask(prom.error_rate, 100.0, out.error_rate);
  return out;
}

}  // namespace hypercare::report
