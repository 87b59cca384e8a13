#include <algorithm>

#include <fmt/format.h>

#include "hypercare/core/text.hpp"
#include "hypercare/report/render.hpp"

namespace hypercare::report {

namespace {

// `text` without a first heading that repeats `title` (lessons.md often starts with its own
// "# Lessons learned", which the document's section heading already says).
std::string without_heading(std::string_view text, std::string_view title) {
  auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || text[start] != '#') return std::string(text);
  auto end = text.find('\n', start);
  auto line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  auto words = line.substr(std::min(line.find_first_not_of('#'), line.size()));
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '#')) s.remove_suffix(1);
    return s;
  };
  if (!core::iequals(trim(words), title)) return std::string(text);
  return end == std::string_view::npos ? std::string() : std::string(text.substr(end + 1));
}

using render::Cell;
using render::Tone;

constexpr const char* k_priority_colours[] = {"#c0392b", "#e67e22", "#f1c40f", "#3498db"};

std::string dur(const std::optional<Seconds>& s) { return s ? core::format_duration(*s) : "no data"; }
std::string ms(const std::optional<std::chrono::milliseconds>& m) { return m ? fmt::format("{} ms", m->count()) : "no data"; }
std::string pct(const std::optional<double>& p, int digits = 3) { return p ? fmt::format("{:.{}f}%", *p, digits) : "no data"; }
std::string when(TimePoint t, core::Zone z) { return core::format_local(t, z, "%F %H:%M %Z"); }
std::string hm(TimePoint t, core::Zone z) { return core::format_local(t, z, "%H:%M"); }
Cell data(std::string text) {
  Tone t = text == "no data" ? Tone::muted : Tone::plain;
  return Cell(std::move(text), t);
}

// "2026-11-23 to 2026-11-27 (5 days, the hypercare window); times in Asia/Kolkata; as of …" — one
// day reads "2026-11-23 (Monday)". The record as it stood at `as_of` is what the figures show.
std::string period_line(const Header& h, const Period& p, core::Zone z) {
  bool one_day = p.first == p.last && p.basis == "day";
  std::string span = one_day ? fmt::format("{} ({})", core::format_date(p.first),
                                           core::format_local(core::start_of_local_day(p.first, z), z, "%A"))
                             : fmt::format("{} to {} ({} day{}, {})", core::format_date(p.first), core::format_date(p.last),
                                           p.days(), p.days() == 1 ? "" : "s", p.basis);
  std::string s = fmt::format("{}; times in {}; as of {}.", span, core::zone_name(z), when(h.as_of, z));
  if (p.until <= p.from) s += fmt::format(" The {} has not begun: there are no figures yet.", one_day ? "day" : "period");
  else if (p.until < p.to) s += fmt::format(" The {} is not over: figures run to {}.", one_day ? "day" : "period", when(p.until, z));
  return s;
}

// `text` as a Markdown code span, on one line, whatever backticks it holds.
std::string code_span(std::string_view text) {
  std::string one_line;
  for (char c : text) {
    bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (!space) one_line += c;
    else if (!one_line.empty() && one_line.back() != ' ') one_line += ' ';
  }
  while (!one_line.empty() && one_line.back() == ' ') one_line.pop_back();
  std::string fence = "`";
  while (one_line.find(fence) != std::string::npos) fence += '`';
  bool pad = one_line.starts_with('`') || one_line.ends_with('`');
  return fence + (pad ? " " : "") + one_line + (pad ? " " : "") + fence;
}

// A response-time or error-rate figure: "312 ms", "0.40%".
std::string perf_value(const std::optional<double>& v, std::string_view unit) {
  if (!v) return "no data";
  return unit == "ms" ? fmt::format("{:.0f} ms", *v) : fmt::format("{:.2f}%", *v);
}

// Where a series came from, its period figures and its days (report/performance.hpp says how).
void performance_section(render::Document& d, const Performance& p, const PerfSeries& s, std::string_view unit) {
  using Source = PerfSeries::Source;
  bool latency = unit == "ms";
  std::string source;
  if (s.source == Source::prometheus)
    source = fmt::format("From Prometheus at {}: {}, one point every {}.", p.prometheus_url, code_span(s.query),
                         core::format_duration(p.step));
  else if (latency)
    source = "From the http checks: a day's figure is the P95 of its results' latencies.";
  else
    source = "From the http checks: a day's figure is the share of its results that failed.";
  if (!s.fallback.empty()) source += fmt::format(" ({}.)", s.fallback);
  d.paragraph(source);
  if (!s.mean) return void(d.paragraph(s.source == Source::prometheus ? "No data in the period."
                                                                        : "No data: no http check results in the period."));
  d.paragraph(fmt::format("Average {}, peak {}, minimum {}.", perf_value(s.mean, unit), perf_value(s.peak, unit),
                          perf_value(s.min, unit)));
  std::vector<std::vector<Cell>> rows;
  for (const auto& day : s.days) {
    if (s.source == Source::prometheus)
      rows.push_back({core::format_date(day.day), data(perf_value(day.mean, unit)), data(perf_value(day.peak, unit)),
                      data(perf_value(day.min, unit)), std::to_string(day.samples)});
    else
      rows.push_back({core::format_date(day.day), data(perf_value(day.mean, unit)), std::to_string(day.samples)});
  }
  if (s.source == Source::prometheus) d.table({"Day", "Average", "Peak", "Minimum", "Points"}, std::move(rows));
  else d.table({"Day", latency ? "P95" : "Failed", "Results"}, std::move(rows));
}

std::string title_of(const Header& h, std::string_view what) {
  return fmt::format("{}{}", h.team.empty() ? "" : h.team + " — ", what);
}

std::string sla_text(const IncidentLine& l) {
  std::vector<std::string> v;
  if (l.response_breached) v.push_back("response breached");
  if (l.resolution_breached) v.push_back("resolution breached");
  return v.empty() ? "ok" : fmt::format("{}", fmt::join(v, ", "));
}

std::vector<Cell> incident_row(const IncidentLine& l, core::Zone z) {
  const auto& i = l.incident;
  bool breached = l.response_breached || l.resolution_breached;
  return {i.id, std::string(config::priority_name(i.priority)), i.title, std::string(incident::state_name(i.status)),
          i.component.empty() ? "-" : i.component, hm(i.created_at, z),
          l.response ? core::format_duration(*l.response) : Cell("not acknowledged", Tone::muted),
          l.resolution ? core::format_duration(*l.resolution) : Cell("open", Tone::muted),
          Cell(sla_text(l), breached ? Tone::bad : Tone::good)};
}

const std::vector<std::string> k_incident_headers = {"ID", "P", "Title", "Status", "Component", "Opened",
                                                     "Time to acknowledge", "Time to resolve", "SLA"};

// A fence no line of `text` can close: longer than its longest run of backticks.
std::string fenced(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) longest = std::max(longest, run = c == '`' ? run + 1 : 0);
  std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fmt::format("{}text\n{}\n{}", fence, text, fence);
}

// The info checks' last readings that day: information beside the verdicts, never part of them.
void system_figures(render::Document& d, const DailyReport& r, core::Zone z) {
  if (!r.figures_configured && r.figures.empty()) return;
  d.heading(3, "System figures");
  if (r.figures.empty()) {
    d.paragraph("No figures recorded that day (the info checks of checks.toml run with `hypercare health-check` and `watch`).");
    return;
  }
  d.paragraph("The last reading of each info check that day: information, not a verdict.");
  std::vector<std::vector<Cell>> rows;
  std::vector<const Figure*> long_ones;
  for (const auto& f : r.figures) {
    auto text = f.read ? health::figure_text(f.value, f.unit, f.output) : "could not read: " + f.output;
    if (f.read && text.find('\n') != std::string::npos) {
      long_ones.push_back(&f);
      text = "see below";
    }
    rows.push_back({f.check, f.service, f.read ? Cell(text.empty() ? "(no output)" : text) : Cell(text, Tone::bad), hm(f.at, z)});
  }
  d.table({"Figure", "Service", "Value", "At"}, std::move(rows));
  for (const auto* f : long_ones) {
    d.paragraph(fmt::format("{} ({}), at {}:", f->check, f->service, hm(f->at, z)));
    d.markdown(fenced(f->output));
  }
}

void hotfix_table(render::Document& d, const std::vector<HotfixRow>& hotfixes, core::Zone z) {
  if (hotfixes.empty()) {
    d.paragraph("No hotfixes recorded.");
    return;
  }
  std::vector<std::vector<Cell>> rows;
  for (const auto& h : hotfixes)
    rows.push_back({when(h.started_at, z), h.id, h.component, h.tag,
                    Cell(h.status, h.status == "succeeded" ? Tone::good : h.status == "running" ? Tone::plain : Tone::bad),
                    h.finished_at ? when(*h.finished_at, z) : "-", h.incident.empty() ? "-" : h.incident,
                    h.issue.empty() ? "-" : h.issue, h.resolution.empty() ? "-" : h.resolution});
  d.table({"Started", "Hotfix", "Component", "Tag", "Status", "Finished", "Incident", "Issue", "Resolution"}, std::move(rows));
}

// Duplicates, false alarms and what maintenance windows opened: listed, with how many, and in no
// figure of the report.
void excluded_section(render::Document& d, const std::vector<IncidentLine>& lines, core::Zone z) {
  if (lines.empty()) return;
  std::size_t duplicates = 0, maintenance = 0;
  for (const auto& l : lines) {
    if (l.incident.excluded()) duplicates += l.incident.resolution_kind == incident::ResolutionKind::duplicate;
    else ++maintenance;
  }
  std::size_t false_alarms = lines.size() - duplicates - maintenance;
  auto plural = [](std::size_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); };
  d.heading(3, "Left out of the figures");
  std::string kinds = fmt::format("{}, {}", plural(duplicates, "duplicate", "duplicates"), plural(false_alarms, "false alarm", "false alarms"));
  if (maintenance) kinds += fmt::format(", {} during maintenance", maintenance);
  d.paragraph(fmt::format("{} left out of the figures ({}): they are in no count, time or breach above.",
                          plural(lines.size(), "incident", "incidents"), kinds));
  std::vector<std::vector<Cell>> rows;
  for (const auto& l : lines) {
    const auto& i = l.incident;
    std::string how = i.excluded() ? i.resolved_as() : "opened during maintenance " + i.maintenance;
    rows.push_back({i.id, std::string(config::priority_name(i.priority)), i.title, when(i.created_at, z), how});
  }
  d.table({"Incident", "P", "Title", "Opened", "Left out as"}, std::move(rows));
}

Cell verdict_cell(Verdict v) {
  return Cell(std::string(verdict_name(v)), v == Verdict::met      ? Tone::good
                                            : v == Verdict::missed ? Tone::bad
                                                                   : Tone::muted);
}

}  // namespace

std::string render_document(const render::Document& doc, Format format) {
  return format == Format::html ? render::to_html(doc) : render::to_markdown(doc);
}

render::Document daily_document(const DailyReport& r, core::Zone z) {
  render::Document d(title_of(r.header, "daily report " + core::format_date(r.day.first)));
  d.paragraph(period_line(r.header, r.day, z));
  d.heading(2, "Incidents");
  const auto& o = r.opened_by_priority;
  d.paragraph(fmt::format("Opened {} (P1 {} · P2 {} · P3 {} · P4 {}) · resolved {} · open at the end of the day {} · "
                          "mean time to acknowledge {} · mean time to resolve {}.",
                          r.opened.size(), o[0], o[1], o[2], o[3], r.resolved.size(), r.open.size(), dur(r.response.mean),
                          dur(r.resolution.mean)));
  auto section = [&](const char* title, const std::vector<IncidentLine>& lines, const char* none) {
    d.heading(3, title);
    if (lines.empty()) return void(d.paragraph(none));
    std::vector<std::vector<Cell>> rows;
    for (const auto& l : lines) rows.push_back(incident_row(l, z));
    d.table(k_incident_headers, std::move(rows));
  };
  section("Opened", r.opened, "No incidents opened.");
  section("Resolved", r.resolved, "No incidents resolved.");
  section("Still open", r.open, "No incidents open.");
  excluded_section(d, r.excluded, z);
  d.heading(3, "Escalations");
  if (r.escalations.empty()) d.paragraph("No escalations.");
  else {
    std::vector<std::vector<Cell>> rows;
    for (const auto& e : r.escalations) rows.push_back({hm(e.at, z), e.incident, e.title, std::to_string(e.level), e.to.empty() ? "-" : e.to});
    d.table({"Time", "Incident", "Title", "Level", "To"}, std::move(rows));
  }
  d.heading(3, "SLA breaches");
  if (r.breaches.empty()) d.paragraph("No response or resolution deadline was missed.");
  else {
    std::vector<std::vector<Cell>> rows;
    for (const auto& b : r.breaches)
      rows.push_back({b.incident, std::string(config::priority_name(b.priority)), b.title, Cell(b.kind, Tone::bad), hm(b.due, z),
                      b.met_at ? fmt::format("{} late", core::format_duration(*b.met_at - b.due)) : Cell("not yet", Tone::bad)});
    d.table({"Incident", "P", "Title", "Deadline", "Due", "Done"}, std::move(rows));
  }
  d.heading(2, "Health");
  if (r.health_results == 0) d.paragraph("No health-check results recorded that day: uptime has no data.");
  else {
    auto measured = r.uptime.up + r.uptime.down, length = measured + r.uptime.unknown;
    d.paragraph(fmt::format("{} results; all services up {} of the measured time, which covered {} of the day so far ({} "
                            "down, {} not covered by any result).",
                            r.health_results, pct(percent_of(r.uptime)),
                            pct(length.count() ? std::optional(100.0 * double(measured.count()) / double(length.count())) : std::nullopt, 1),
                            core::format_duration(r.uptime.down), core::format_duration(r.uptime.unknown)));
    std::vector<std::vector<Cell>> rows;
    for (const auto& [svc, u] : r.service_uptime)
      rows.push_back({svc, data(pct(percent_of(u))), core::format_duration(u.down), core::format_duration(u.unknown)});
    d.table({"Service", "Uptime", "Down", "Unknown"}, std::move(rows));
  }
  d.heading(3, "Failed checks");
  if (r.failed_checks.empty()) d.paragraph(r.health_results ? "No check failed." : "No results.");
  else {
    std::vector<std::vector<Cell>> rows;
    for (const auto& c : r.failed_checks)
      rows.push_back({c.check, c.service, Cell(fmt::format("{} of {}", c.failures, c.results), Tone::bad), hm(c.first, z),
                      hm(c.last, z), c.last_message});
    d.table({"Check", "Service", "Failed", "First", "Last", "Last message"}, std::move(rows));
  }
  system_figures(d, r, z);
  d.heading(2, "Hotfixes");
  hotfix_table(d, r.hotfixes, z);
  d.heading(2, "Handovers");
  if (r.handovers.empty()) d.paragraph("No handovers recorded.");
  else {
    std::vector<std::vector<Cell>> rows;
    for (const auto& h : r.handovers)
      rows.push_back({hm(h.created_at, z), h.id, h.from, h.to,
                      h.accepted_at ? Cell("accepted " + hm(*h.accepted_at, z), Tone::good) : Cell("not accepted", Tone::bad)});
    d.table({"Time", "Handover", "From", "To", "Accepted"}, std::move(rows));
  }
  return d;
}

render::Document summary_document(const SummaryReport& r, core::Zone z) {
  render::Document d(title_of(r.header, "hypercare summary report"));
  d.paragraph(period_line(r.header, r.period, z));
  d.heading(2, "Executive summary");
  if (r.targets.empty()) {
    d.paragraph("No targets are set: add [targets] to hypercare.toml to judge the period (man hypercare-report).");
  } else {
    std::vector<std::vector<Cell>> rows;
    for (const auto& t : r.targets) rows.push_back({t.metric, t.target_text, data(t.actual_text), verdict_cell(t.verdict)});
    d.table({"Metric", "Target", "Actual", "Status"}, std::move(rows));
    auto missed = r.missed();
    auto partial = r.not_enough();
    std::size_t no_data = r.count(Verdict::no_data), met = r.count(Verdict::met);
    if (!missed.empty())
      d.paragraph(fmt::format("{} of {} targets missed: {}.", missed.size(), r.targets.size(), fmt::join(missed, "; ")));
    else
      d.paragraph(fmt::format("{} of {} targets met{}.", met, r.targets.size(),
                              no_data ? fmt::format("; {} without data", no_data) : std::string()));
    if (!partial.empty())
      d.paragraph(fmt::format("Not judged, too little was measured: {}. `report summary --check` fails on it unless "
                              "--allow-partial.",
                              fmt::join(partial, "; ")));
  }

  d.heading(2, "Incident summary");
  d.heading(3, "By priority");
  std::vector<std::vector<Cell>> rows;
  auto prow = [&](std::string name, const PriorityStats& p) {
    rows.push_back({std::move(name), std::to_string(p.count), std::to_string(p.resolved), std::to_string(p.open),
                    data(dur(p.response.mean)), data(dur(p.resolution.mean)), data(dur(p.resolution.p95)),
                    data(dur(p.resolution.max))});
  };
  for (auto p : config::k_priorities) prow(std::string(config::priority_name(p)), r.stats.by_priority[std::size_t(p)]);
  prow("All", r.stats.all);
  d.table({"Priority", "Count", "Resolved", "Open", "Mean time to acknowledge", "Mean resolution", "P95 resolution",
           "Longest resolution"},
          std::move(rows));
  d.paragraph("Times run from an incident's creation; a resolution time leaves out the time an incident sat resolved "
              "before a reopen. A response time counts under the priority the incident had when acknowledged, a "
              "resolution time under the one it had when resolved. P95 is the nearest-rank 95th percentile: the smallest "
              "time that at least 95% of the resolved incidents took no longer than.");
  excluded_section(d, r.excluded, z);
  render::Chart per_day;
  per_day.kind = render::Chart::Kind::stacked;
  per_day.title = "Incidents opened per day, by priority";
  for (const auto& dc : r.per_day) per_day.labels.push_back(core::format_local(core::start_of_local_day(dc.day, z), z, "%m-%d"));
  for (auto p : config::k_priorities) {
    render::Series s{std::string(config::priority_name(p)), k_priority_colours[std::size_t(p)], {}};
    for (const auto& dc : r.per_day) s.values.push_back(double(dc.by_priority[std::size_t(p)]));
    per_day.series.push_back(std::move(s));
  }
  d.chart(std::move(per_day));
  render::Chart res;
  res.kind = render::Chart::Kind::grouped;
  res.title = "Resolution time per priority (hours)";
  res.unit = "h";
  render::Series mean{"mean", "#4a6fa5", {}}, p95{"P95", "#9db4d8", {}};
  for (auto p : config::k_priorities) {
    const auto& st = r.stats.by_priority[std::size_t(p)].resolution;
    res.labels.emplace_back(config::priority_name(p));
    mean.values.push_back(st.mean ? std::optional<double>(double(st.mean->count()) / 3600.0) : std::nullopt);
    p95.values.push_back(st.p95 ? std::optional<double>(double(st.p95->count()) / 3600.0) : std::nullopt);
  }
  res.series = {mean, p95};
  d.chart(std::move(res));
  d.heading(3, "Top issues");
  auto tops = [&](const char* what, const std::vector<std::pair<std::string, std::size_t>>& v) {
    if (v.empty()) return void(d.paragraph(fmt::format("By {}: none recorded.", what)));
    d.paragraph(fmt::format("By {}:", what));
    std::vector<std::string> items;
    for (const auto& [name, n] : v) items.push_back(fmt::format("{} — {} incident{}", name, n, n == 1 ? "" : "s"));
    d.bullets(std::move(items), true);
  };
  tops("component", r.top_components);
  tops("tag", r.top_tags);
  tops("alert name", r.top_alerts);

  d.heading(2, "System performance");
  d.heading(3, "Uptime");
  auto whole = percent_of(r.uptime);
  d.paragraph(fmt::format("Whole period: {} ({} results). Time no result covered is unknown: it counts neither as up nor "
                          "as down, and the coverage column shows how much of each day was measured.",
                          whole ? pct(whole) + " of the measured time" : std::string("no data"), r.health_results));
  rows.clear();
  render::Chart up;
  up.kind = render::Chart::Kind::grouped;
  up.title = "Uptime per day";
  up.unit = "%";
  up.zoom = true;
  render::Series ups{"uptime", "#2e8b57", {}};
  for (const auto& du : r.uptime_days) {
    rows.push_back({core::format_date(du.day), data(pct(du.percent())), data(pct(du.coverage(), 1)),
                    core::format_duration(du.uptime.down), core::format_duration(du.uptime.unknown)});
    up.labels.push_back(core::format_local(core::start_of_local_day(du.day, z), z, "%m-%d"));
    ups.values.push_back(du.percent());
  }
  up.series = {ups};
  for (const auto& t : r.targets)
    if (t.key == "uptime") {
      up.target = t.target;
      up.target_label = "target " + t.target_text;
    }
  d.table({"Day", "Uptime", "Coverage", "Down", "Unknown"}, std::move(rows));
  d.chart(std::move(up));
  d.heading(3, "Response times (P95)");
  performance_section(d, r.performance, r.performance.latency_p95, "ms");
  if (r.latency.count)
    d.paragraph(fmt::format("Every http check result of the period ({}): P50 {}, P95 {}, max {}, mean {}.", r.latency.count,
                            ms(r.latency.p50), ms(r.latency.p95), ms(r.latency.max), ms(r.latency.mean)));
  d.heading(3, "Error rate");
  performance_section(d, r.performance, r.performance.error_rate, "%");
  d.heading(3, "Escalations");
  if (r.escalations.per_day.empty()) d.paragraph("No data: the period has not begun.");
  else if (r.escalations.total == 0) d.paragraph(fmt::format("No escalations in {} day(s).", r.escalations.per_day.size()));
  else {
    d.paragraph(fmt::format("{} escalation{} over {} day{}: {:.2f} per day on average, {} on the worst day ({}).",
                            r.escalations.total, r.escalations.total == 1 ? "" : "s", r.escalations.per_day.size(),
                            r.escalations.per_day.size() == 1 ? "" : "s", *r.escalations.mean, *r.escalations.max,
                            core::format_date(*r.escalations.worst_day)));
  }
  d.heading(3, "User satisfaction");
  const auto& sat = r.satisfaction;
  d.paragraph(sat.percent ? fmt::format("{:.1f}% positive: {} of {} responses scored 4 or 5.", *sat.percent, sat.positive, sat.responses)
                          : "No data: no feedback responses in the period (hypercare feedback add / import).");

  d.heading(2, "Hotfixes deployed");
  hotfix_table(d, r.hotfixes, z);
  d.heading(2, "Lessons learned");
  if (r.lessons_file.empty()) d.paragraph("No lessons.md in the ops dir yet: this template is what to fill in.");
  d.markdown(without_heading(r.lessons, "Lessons learned"));
  return d;
}

render::Document bau_document(const BauReport& r, core::Zone z) {
  render::Document d(title_of(r.header, "BAU support transition"));
  d.paragraph(fmt::format("Hypercare window {} to {} ({}); as of {}.", core::format_date(r.window.first),
                          core::format_date(r.window.last), r.window.basis, when(r.header.as_of, z)));
  const auto& b = r.bau;
  if (!b.configured)
    d.paragraph("hypercare.toml has no [bau] section: the support model below is empty. `hypercare init DIR --example "
                "smart-dairy` shows one (man hypercare-report).");
  d.heading(2, "Support model");
  d.heading(3, "Support tiers");
  if (b.tiers.empty()) d.paragraph("Not set ([[bau.tier]]).");
  else {
    std::vector<std::vector<Cell>> rows;
    for (const auto& t : b.tiers) rows.push_back({t.name, t.team, t.scope, t.response, t.hours});
    d.table({"Tier", "Team", "Scope", "Response time", "Hours"}, std::move(rows));
  }
  d.heading(3, "Escalation path");
  d.paragraph(b.escalation_path.empty() ? std::string("Not set ([bau] escalation_path).")
                                        : fmt::format("{}", fmt::join(b.escalation_path, " → ")));
  if (!r.escalation_chain.empty()) d.paragraph("During hypercare (rota.toml): " + r.escalation_chain + ".");
  d.heading(2, "Monitoring responsibility transfer");
  d.heading(3, "Dashboards");
  if (b.dashboards.empty()) d.paragraph("Not set ([[bau.dashboard]]).");
  else {
    std::vector<std::vector<Cell>> rows;
    for (const auto& x : b.dashboards) rows.push_back({x.name, x.url});
    d.table({"Dashboard", "URL"}, std::move(rows));
  }
  d.heading(3, "Alert routing");
  if (b.alert_routing.empty()) d.paragraph("Not set ([[bau.alert_route]]).");
  else {
    std::vector<std::vector<Cell>> rows;
    for (const auto& x : b.alert_routing) rows.push_back({x.severity, x.route_to, x.response});
    d.table({"Alert severity", "Route to", "Response"}, std::move(rows));
  }
  d.heading(3, "Key contacts");
  if (b.contacts.empty()) d.paragraph("Not set ([[bau.contact]]).");
  else {
    std::vector<std::vector<Cell>> rows;
    for (const auto& x : b.contacts) rows.push_back({x.role, x.name, x.email, x.phone});
    d.table({"Role", "Name", "Email", "Phone"}, std::move(rows));
  }
  d.heading(2, "Known issues");
  d.heading(3, "Open incidents");
  if (r.known_incidents.empty()) d.paragraph("No open incidents.");
  else {
    std::vector<std::vector<Cell>> rows;
    for (const auto& l : r.known_incidents) {
      const auto& i = l.incident;
      rows.push_back({i.id, std::string(config::priority_name(i.priority)), i.title, std::string(incident::state_name(i.status)),
                      i.component.empty() ? "-" : i.component, i.assignee.empty() ? "-" : i.assignee,
                      core::format_duration(r.header.as_of - i.created_at)});
    }
    d.table({"ID", "P", "Title", "Status", "Component", "Assignee", "Age"}, std::move(rows));
  }
  d.heading(3, "Recurring failing checks");
  if (r.recurring_checks.empty())
    d.paragraph(fmt::format("No check failed {} or more times during hypercare, and none is failing now.", k_recurring_failures));
  else {
    std::vector<std::vector<Cell>> rows;
    for (const auto& c : r.recurring_checks)
      rows.push_back({c.check, c.service, Cell(fmt::format("{} of {}", c.failures, c.results), Tone::bad), when(c.last, z),
                      c.failing_now ? Cell("yes", Tone::bad) : Cell("no", Tone::good), c.last_message});
    d.table({"Check", "Service", "Failed", "Last failure", "Failing now", "Last message"}, std::move(rows));
  }
  d.heading(2, "Knowledge transfer");
  d.heading(3, "Documentation locations");
  const auto& docs = b.documentation;
  auto set_or = [](const std::string& value, const char* key) {
    return value.empty() ? fmt::format("not set ({})", key) : value;
  };
  std::string runbooks = docs.runbooks;
  if (runbooks.empty() && !r.runbooks.empty())
    runbooks = fmt::format("{}/ in the ops repository ({} file{})", b.runbooks, r.runbooks.size(), r.runbooks.size() == 1 ? "" : "s");
  d.bullets({"Technical docs: " + set_or(docs.technical, "[bau.documentation] technical"),
             "Runbooks: " + set_or(runbooks, "[bau.documentation] runbooks"),
             "FAQ: " + set_or(docs.faq, "[bau.documentation] faq"),
             "Training videos: " + set_or(docs.training, "[bau.documentation] training")});
  d.heading(2, "Ongoing maintenance");
  d.heading(3, "Scheduled maintenance");
  const auto& m = b.maintenance;
  auto tasks = [](const std::vector<std::string>& list, const char* key) {
    return list.empty() ? fmt::format("not set ({})", key) : fmt::format("{}", fmt::join(list, "; "));
  };
  d.bullets({"Weekly: " + tasks(m.weekly, "[bau.maintenance] weekly"), "Monthly: " + tasks(m.monthly, "[bau.maintenance] monthly"),
             "Quarterly: " + tasks(m.quarterly, "[bau.maintenance] quarterly")});
  d.heading(3, "Backup verification");
  d.bullets({"Daily backup check: " + set_or(m.daily_backup_check, "[bau.backup] daily_check"),
             "Monthly restore test: " + set_or(m.restore_test, "[bau.backup] restore_test")});
  d.heading(2, "Handover checklist");
  render::Checklist cl;
  for (const auto& item : r.checklist) {
    using S = render::Checklist::State;
    S s = item.state == ChecklistItem::State::done       ? S::done
          : item.state == ChecklistItem::State::not_done ? S::not_done
          : item.state == ChecklistItem::State::no_data  ? S::no_data
                                                         : S::manual;
    cl.items.push_back({item.item, item.evidence, s});
  }
  d.checklist(std::move(cl));
  d.heading(2, "Sign-off");
  std::vector<std::vector<Cell>> rows;
  for (const auto& role : b.signoff) rows.push_back({role, "", "", ""});
  d.table({"Role", "Name", "Signature", "Date"}, std::move(rows));
  return d;
}

}  // namespace hypercare::report
