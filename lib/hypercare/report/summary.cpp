// `report summary`: the hypercare period against the success criteria (seed §1.3 and the Day 730
// summary report).
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "hypercare/feedback/repository.hpp"
#include "hypercare/report/build.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::report {

namespace {

constexpr const char* k_lessons_template = R"(### What went well
1.
2.

### Areas for improvement
1.
2.

### Recommendations
1.
2.
)";

std::string hours_text(Seconds s) { return core::format_duration(s); }

TargetRow at_most_duration(std::string key, std::string metric, Seconds target, const std::optional<Seconds>& actual) {
  TargetRow t{std::move(key), std::move(metric), "seconds", double(target.count()), std::nullopt, "≤ " + hours_text(target),
              "no data", Verdict::no_data, std::nullopt};
  if (actual) {
    t.actual = double(actual->count());
    t.actual_text = hours_text(*actual);
    t.verdict = *actual <= target ? Verdict::met : Verdict::missed;
  }
  return t;
}

TargetRow at_most_count(std::string key, std::string metric, int target, std::optional<double> actual, std::string text,
                        std::string unit = "count") {
  TargetRow t{std::move(key), std::move(metric), std::move(unit), double(target), actual, fmt::format("≤ {}", target),
              actual ? std::move(text) : std::string("no data"), Verdict::no_data, std::nullopt};
  if (actual) t.verdict = *actual <= double(target) ? Verdict::met : Verdict::missed;
  return t;
}

TargetRow at_least_percent(std::string key, std::string metric, double target, std::optional<double> actual,
                           std::string text) {
  TargetRow t{std::move(key), std::move(metric), "percent", target, actual, fmt::format("≥ {:g}%", target),
              actual ? std::move(text) : std::string("no data"), Verdict::no_data, std::nullopt};
  // Compared as shown (3 decimals), so a figure printed as 99.900% never "misses" 99.9%.
  if (actual) t.verdict = std::round(*actual * 1000) / 1000 >= target ? Verdict::met : Verdict::missed;
  return t;
}

std::vector<std::pair<std::string, std::size_t>> top(const std::map<std::string, std::size_t>& counts, std::size_t n) {
  std::vector<std::pair<std::string, std::size_t>> v(counts.begin(), counts.end());
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  if (v.size() > n) v.resize(n);
  return v;
}

}  // namespace

core::Result<SummaryReport> build_summary(const Sources& s, const Period& period) {
  const auto& cfg = *s.cfg;
  SummaryReport r;
  r.header = detail::header_of(s);
  r.period = period;
  const auto from = period.from, to = period.to, until = period.until;
  bool begun = until > from;

  // The period's hotfixes first: the incidents they name are linked whenever those were opened.
  r.hotfixes = HC_TRY(load_hotfixes(s.ops, from, to, detail::cutoff(s), s.warn));
  // Only what the period can show is decoded: the store can hold years before it.
  auto all = HC_TRY(detail::incidents_touching(s, from, to, detail::linked_incidents(r.hotfixes)));
  auto escalations = HC_TRY(detail::escalations(s, all, from, to));
  detail::link_hotfixes(r.hotfixes, all);
  std::vector<incident::Incident> in_period;  // moved out of `all`, which is not needed after
  std::map<std::string, std::size_t> components, tags, alerts;
  for (Day d = period.first; d <= period.last; d += std::chrono::days(1)) r.per_day.push_back({d, {}});
  for (auto& inc : all) {
    if (inc.created_at < from || inc.created_at >= to) continue;
    if (inc.left_out()) {
      r.excluded.push_back(detail::line_of(inc, cfg, s.as_of));
      continue;
    }
    if (!inc.component.empty()) ++components[inc.component];
    for (const auto& t : inc.tags) ++tags[t];
    if (auto a = inc.labels.find("alertname"); a != inc.labels.end() && !a->second.empty()) ++alerts[a->second];
    auto d = core::local_day(inc.created_at, cfg.zone);
    auto i = std::size_t((d - period.first).count());
    if (i < r.per_day.size()) ++r.per_day[i].by_priority[std::size_t(inc.priority)];
    in_period.push_back(std::move(inc));
  }
  r.incidents = in_period.size();
  r.stats = incident_stats(in_period);
  r.top_components = top(components, 5);
  r.top_tags = top(tags, 5);
  r.top_alerts = top(alerts, 5);

  auto checks = HC_TRY(detail::checks(s));
  auto results = HC_TRY(detail::results(s, checks, from, until));
  r.uptime_days = uptime_per_day(results, checks, period.first, period.last, cfg.zone, s.as_of);
  auto in_range = health::window(results, checks, from, until);
  if (begun) {
    r.uptime = health::uptime(in_range, checks, from, until).overall;
    r.uptime_coverage = 100.0 * double((r.uptime.up + r.uptime.down).count()) / double((until - from).count());
  }
  auto first_in = std::lower_bound(results.begin(), results.end(), from,
                                   [](const health::Recorded& x, TimePoint t) { return x.at < t; });
  std::span<const health::Recorded> measured(first_in, results.end());
  r.health_results = measured.size();
  r.latency = http_latency(measured, checks);
  std::vector<Day> days;
  for (const auto& dc : r.per_day) days.push_back(dc.day);
  r.performance = measure_performance(cfg.report.prometheus, checks, days, from, until, measured, cfg.zone, s.warn);

  // Answers count by when they were given, whenever they were imported: a survey of the period is
  // usually imported after it ends (README, "A report is the record as of one instant").
  auto responses = HC_TRY(feedback::read_responses(s.ops, s.warn));
  // Answers and escalations stamped this very second count: `until` is now.
  auto through = std::min(to, until + core::Seconds(1));
  r.satisfaction = satisfaction(responses, from, through);
  r.escalations = escalations_per_day(escalations, period.first, period.last, cfg.zone, s.as_of);

  std::error_code ec;
  auto lessons = s.ops / "lessons.md";
  if (std::filesystem::exists(lessons, ec)) {
    r.lessons = HC_TRY(store::read_file(lessons, store::k_max_config_bytes));
    r.lessons_file = lessons;
  } else {
    r.lessons = k_lessons_template;
  }

  // The executive table: the targets set in [targets], in the seed's order.
  const auto& t = cfg.targets;
  const auto& p1 = r.stats.by_priority[0];
  auto count_of = [&](config::Priority p) -> std::optional<double> {
    if (!begun) return std::nullopt;
    return double(r.stats.by_priority[std::size_t(p)].count);
  };
  if (t.uptime) {
    // Uptime is judged only on enough data: below min_coverage the verdict is "not enough data".
    auto pct = percent_of(r.uptime);
    auto row = at_least_percent("uptime", "System uptime", *t.uptime, pct,
                                pct ? fmt::format("{:.3f}% (coverage {:.1f}%)", *pct, r.uptime_coverage.value_or(0)) : "");
    row.coverage = r.uptime_coverage;
    if (pct && r.uptime_coverage.value_or(0) < t.min_coverage) {
      row.verdict = Verdict::not_enough_data;
      row.actual_text = fmt::format("{:.3f}% over {:.1f}% of the period (at least {:g}% needed)", *pct, *r.uptime_coverage,
                                    t.min_coverage);
    }
    r.targets.push_back(std::move(row));
  }
  if (t.max_p1) r.targets.push_back(at_most_count("p1_count", "P1 incidents", *t.max_p1, count_of(config::Priority::P1), fmt::format("{}", p1.count)));
  if (t.max_p2)
    r.targets.push_back(at_most_count("p2_count", "P2 incidents", *t.max_p2, count_of(config::Priority::P2),
                                      fmt::format("{}", r.stats.by_priority[1].count)));
  if (t.avg_resolution)
    r.targets.push_back(at_most_duration("avg_resolution", "Average resolution time (all priorities)", *t.avg_resolution,
                                         r.stats.all.resolution.mean));
  for (auto p : config::k_priorities) {
    const auto& rt = t.resolution[std::size_t(p)];
    const auto& res = r.stats.by_priority[std::size_t(p)].resolution;
    auto name = config::priority_name(p);
    if (rt.mean)
      r.targets.push_back(at_most_duration(fmt::format("{}_mean_resolution", name), fmt::format("{} mean resolution time", name),
                                           *rt.mean, res.mean));
    if (rt.p95)
      r.targets.push_back(at_most_duration(fmt::format("{}_p95_resolution", name), fmt::format("{} P95 resolution time", name),
                                           *rt.p95, res.p95));
  }
  for (auto& row : r.targets)
    if (row.key.size() > 1 && row.key[0] == 'P') row.key[0] = 'p';
  if (t.critical_response)
    r.targets.push_back(at_most_duration("critical_response", "Critical response time (P1 mean time to acknowledge)",
                                         *t.critical_response, p1.response.mean));
  if (t.satisfaction) {
    const auto& sat = r.satisfaction;
    r.targets.push_back(at_least_percent("satisfaction", "User satisfaction (scores ≥ 4)", *t.satisfaction, sat.percent,
                                         sat.percent ? fmt::format("{:.1f}% ({} of {})", *sat.percent, sat.positive, sat.responses) : ""));
  }
  if (t.max_escalations_per_day) {
    const auto& e = r.escalations;
    std::optional<double> worst;
    if (e.max) worst = double(*e.max);
    r.targets.push_back(at_most_count("escalations_per_day", "Escalations per day (worst day)", *t.max_escalations_per_day, worst,
                                      !e.max ? "" : e.total == 0 ? std::string("0 (none)")
                                             : fmt::format("{} on {} (mean {:.2f}/day)", *e.max, core::format_date(*e.worst_day), *e.mean),
                                      "per_day"));
  }
  return r;
}

}  // namespace hypercare::report
