#include <cmath>

#include <nlohmann/json.hpp>

#include "hypercare/report/render.hpp"

namespace hypercare::report {

namespace {

using nlohmann::json;

json opt_time(const std::optional<TimePoint>& t) { return t ? json(core::format_rfc3339(*t)) : json(nullptr); }
json opt_s(const std::optional<Seconds>& s) { return s ? json(s->count()) : json(nullptr); }
json opt_ms(const std::optional<std::chrono::milliseconds>& s) { return s ? json(s->count()) : json(nullptr); }
json opt_d(const std::optional<double>& d) { return d ? json(*d) : json(nullptr); }

json header(const Header& h) {
  return {{"team", h.team}, {"timezone", h.timezone}, {"as_of", core::format_rfc3339(h.as_of)}};
}

json period(const Period& p) {
  return {{"first_day", core::format_date(p.first)}, {"last_day", core::format_date(p.last)}, {"days", p.days()},
          {"from", core::format_rfc3339(p.from)}, {"to", core::format_rfc3339(p.to)}, {"until", core::format_rfc3339(p.until)},
          {"basis", p.basis}};
}

json duration_stats_json(const DurationStats& s) {
  return {{"count", s.count}, {"mean_s", opt_s(s.mean)}, {"p50_s", opt_s(s.p50)}, {"p95_s", opt_s(s.p95)}, {"max_s", opt_s(s.max)}};
}

json priority_json(const PriorityStats& p) {
  return {{"count", p.count}, {"resolved", p.resolved}, {"open", p.open}, {"response", duration_stats_json(p.response)},
          {"resolution", duration_stats_json(p.resolution)}};
}

json uptime_json(const health::Uptime& u) {
  return {{"percent", opt_d(percent_of(u))}, {"up_s", u.up.count()}, {"down_s", u.down.count()}, {"unknown_s", u.unknown.count()}};
}

json incident_json(const IncidentLine& l) {
  const auto& i = l.incident;
  return {{"id", i.id}, {"title", i.title}, {"priority", config::priority_name(i.priority)},
          {"status", incident::state_name(i.status)}, {"component", i.component}, {"assignee", i.assignee},
          {"tags", i.tags}, {"created_at", core::format_rfc3339(i.created_at)}, {"acknowledged_at", opt_time(i.acknowledged_at)},
          {"resolved_at", i.is_open() ? json(nullptr) : opt_time(i.resolved_at)}, {"time_to_acknowledge_s", opt_s(l.response)},
          {"time_to_resolve_s", opt_s(l.resolution)}, {"response_breached", l.response_breached},
          {"resolution_breached", l.resolution_breached}};
}

json incidents_json(const std::vector<IncidentLine>& v) {
  json a = json::array();
  for (const auto& l : v) a.push_back(incident_json(l));
  return a;
}

// Duplicates and false alarms: how each was resolved, and that it is in no figure.
json excluded_json(const std::vector<IncidentLine>& v) {
  json a = json::array();
  for (const auto& l : v) {
    auto j = incident_json(l);
    j["resolution_kind"] = incident::resolution_kind_name(l.incident.resolution_kind);
    j["duplicate_of"] = l.incident.duplicate_of.empty() ? json(nullptr) : json(l.incident.duplicate_of);
    j["maintenance"] = l.incident.maintenance.empty() ? json(nullptr) : json(l.incident.maintenance);
    a.push_back(std::move(j));
  }
  return a;
}

json by_priority(const std::array<std::size_t, 4>& a) {
  json o = json::object();
  for (auto p : config::k_priorities) o[std::string(config::priority_name(p))] = a[std::size_t(p)];
  return o;
}

json check_failures_json(const std::vector<CheckFailures>& v) {
  json a = json::array();
  for (const auto& c : v)
    a.push_back({{"check", c.check}, {"service", c.service}, {"failures", c.failures}, {"results", c.results},
                 {"first", core::format_rfc3339(c.first)}, {"last", core::format_rfc3339(c.last)},
                 {"last_message", c.last_message}, {"failing_now", c.failing_now}});
  return a;
}

// unit: "ms" (latency_p95) or "percent" (error_rate).
json perf_json(const Performance& p, const PerfSeries& s, std::string_view unit) {
  // Six decimals: the figures are averages of many points, and 0.30000000000000104 helps nobody.
  auto opt_d = [](const std::optional<double>& v) { return v ? json(std::round(*v * 1e6) / 1e6) : json(nullptr); };
  json days = json::array();
  for (const auto& d : s.days)
    days.push_back({{"day", core::format_date(d.day)}, {"samples", d.samples}, {"mean", opt_d(d.mean)},
                    {"peak", opt_d(d.peak)}, {"min", opt_d(d.min)}});
  bool prom = s.source == PerfSeries::Source::prometheus;
  return {{"source", source_name(s.source)}, {"unit", unit},
          {"prometheus_url", prom ? json(p.prometheus_url) : json(nullptr)},
          {"query", prom ? json(s.query) : json(nullptr)}, {"step_s", prom ? json(p.step.count()) : json(nullptr)},
          {"fallback", s.fallback.empty() ? json(nullptr) : json(s.fallback)}, {"samples", s.samples},
          {"mean", opt_d(s.mean)}, {"peak", opt_d(s.peak)}, {"min", opt_d(s.min)}, {"days", days}};
}

json hotfixes_json(const std::vector<HotfixRow>& v) {
  json a = json::array();
  for (const auto& h : v)
    a.push_back({{"id", h.id}, {"tag", h.tag}, {"component", h.component}, {"status", h.status},
                 {"started_at", core::format_rfc3339(h.started_at)}, {"finished_at", opt_time(h.finished_at)},
                 {"incident", h.incident.empty() ? json(nullptr) : json(h.incident)},
                 {"issue", h.issue.empty() ? json(nullptr) : json(h.issue)},
                 {"resolution", h.resolution.empty() ? json(nullptr) : json(h.resolution)}});
  return a;
}

json handovers_json(const std::vector<HandoverRow>& v) {
  json a = json::array();
  for (const auto& h : v)
    a.push_back({{"id", h.id}, {"from", h.from}, {"to", h.to}, {"created_at", core::format_rfc3339(h.created_at)},
                 {"accepted_at", opt_time(h.accepted_at)}, {"accepted", h.accepted_at.has_value()}});
  return a;
}

json escalations_json(const std::vector<Escalation>& v) {
  json a = json::array();
  for (const auto& e : v)
    a.push_back({{"incident", e.incident}, {"title", e.title}, {"level", e.level}, {"to", e.to}, {"at", core::format_rfc3339(e.at)}});
  return a;
}

}  // namespace

json daily_json(const DailyReport& r) {
  json breaches = json::array();
  for (const auto& b : r.breaches)
    breaches.push_back({{"incident", b.incident}, {"title", b.title}, {"priority", config::priority_name(b.priority)},
                        {"kind", b.kind}, {"due", core::format_rfc3339(b.due)}, {"met_at", opt_time(b.met_at)}});
  json services = json::object();
  for (const auto& [name, u] : r.service_uptime) services[name] = uptime_json(u);
  return {{"report", "daily"}, {"header", header(r.header)}, {"date", core::format_date(r.day.first)}, {"period", period(r.day)},
          {"partial", r.partial},
          {"incidents",
           {{"opened", r.opened.size()}, {"opened_by_priority", by_priority(r.opened_by_priority)}, {"resolved", r.resolved.size()},
            {"open", r.open.size()}, {"open_by_priority", by_priority(r.open_by_priority)},
            {"time_to_acknowledge", duration_stats_json(r.response)}, {"time_to_resolve", duration_stats_json(r.resolution)},
            {"opened_list", incidents_json(r.opened)}, {"resolved_list", incidents_json(r.resolved)},
            {"open_list", incidents_json(r.open)}, {"excluded", r.excluded.size()},
            {"excluded_list", excluded_json(r.excluded)}}},
          {"escalations", escalations_json(r.escalations)}, {"sla_breaches", breaches},
          {"health", {{"results", r.health_results}, {"uptime", uptime_json(r.uptime)}, {"services", services},
                      {"failed_checks", check_failures_json(r.failed_checks)}}},
          {"system_figures", [&] {
             json a = json::array();
             for (const auto& f : r.figures)
               a.push_back({{"check", f.check}, {"service", f.service}, {"value", f.value ? json(*f.value) : json(nullptr)},
                            {"unit", f.unit.empty() ? json(nullptr) : json(f.unit)}, {"output", f.read ? json(f.output) : json(nullptr)},
                            {"error", f.read ? json(nullptr) : json(f.output)}, {"at", core::format_rfc3339(f.at)}});
             return a;
           }()},
          {"hotfixes", hotfixes_json(r.hotfixes)}, {"handovers", handovers_json(r.handovers)}};
}

json summary_json(const SummaryReport& r) {
  json targets = json::array();
  for (const auto& t : r.targets)
    targets.push_back({{"key", t.key}, {"metric", t.metric}, {"unit", t.unit}, {"target", t.target}, {"actual", opt_d(t.actual)},
                       {"target_text", t.target_text}, {"actual_text", t.actual_text}, {"status", verdict_name(t.verdict)},
                       {"coverage_percent", opt_d(t.coverage)}});
  json prio = json::object();
  for (auto p : config::k_priorities) prio[std::string(config::priority_name(p))] = priority_json(r.stats.by_priority[std::size_t(p)]);
  auto tops = [](const std::vector<std::pair<std::string, std::size_t>>& v) {
    json a = json::array();
    for (const auto& [name, n] : v) a.push_back({{"name", name}, {"incidents", n}});
    return a;
  };
  json per_day = json::array();
  for (const auto& d : r.per_day) per_day.push_back({{"day", core::format_date(d.day)}, {"by_priority", by_priority(d.by_priority)}});
  json days = json::array();
  for (const auto& d : r.uptime_days) {
    auto u = uptime_json(d.uptime);
    u["day"] = core::format_date(d.day);
    u["measured_s"] = d.length.count();
    u["coverage_percent"] = opt_d(d.coverage());
    days.push_back(u);
  }
  json esc_days = json::array();
  for (const auto& [d, n] : r.escalations.per_day) esc_days.push_back({{"day", core::format_date(d)}, {"escalations", n}});
  auto missed = r.missed();
  return {{"report", "summary"}, {"header", header(r.header)}, {"period", period(r.period)}, {"targets", targets},
          {"missed", missed}, {"met", missed.empty()},
          {"incidents", {{"total", r.incidents}, {"by_priority", prio}, {"all", priority_json(r.stats.all)}, {"per_day", per_day},
                         {"top_components", tops(r.top_components)}, {"top_tags", tops(r.top_tags)}, {"top_alerts", tops(r.top_alerts)},
                         {"excluded", r.excluded.size()}, {"excluded_list", excluded_json(r.excluded)}}},
          {"uptime", {{"period", uptime_json(r.uptime)}, {"results", r.health_results}, {"days", days}}},
          {"latency_ms", {{"count", r.latency.count}, {"p50", opt_ms(r.latency.p50)}, {"p95", opt_ms(r.latency.p95)},
                          {"max", opt_ms(r.latency.max)}, {"mean", opt_ms(r.latency.mean)}}},
          {"performance", {{"latency_p95", perf_json(r.performance, r.performance.latency_p95, "ms")},
                           {"error_rate", perf_json(r.performance, r.performance.error_rate, "percent")}}},
          {"satisfaction", {{"responses", r.satisfaction.responses}, {"positive", r.satisfaction.positive},
                            {"percent", opt_d(r.satisfaction.percent)}}},
          {"escalations", {{"total", r.escalations.total}, {"days", esc_days}, {"mean_per_day", opt_d(r.escalations.mean)},
                           {"max_per_day", r.escalations.max ? json(*r.escalations.max) : json(nullptr)},
                           {"worst_day", r.escalations.worst_day ? json(core::format_date(*r.escalations.worst_day)) : json(nullptr)}}},
          {"hotfixes", hotfixes_json(r.hotfixes)},
          {"lessons", {{"file", r.lessons_file.empty() ? json(nullptr) : json(r.lessons_file.string())}, {"markdown", r.lessons}}}};
}

json bau_json(const BauReport& r) {
  const auto& b = r.bau;
  json tiers = json::array(), routes = json::array(), dashboards = json::array(), contacts = json::array(), checklist = json::array();
  for (const auto& t : b.tiers) tiers.push_back({{"name", t.name}, {"team", t.team}, {"scope", t.scope}, {"response", t.response}, {"hours", t.hours}});
  for (const auto& a : b.alert_routing) routes.push_back({{"severity", a.severity}, {"route_to", a.route_to}, {"response", a.response}});
  for (const auto& x : b.dashboards) dashboards.push_back({{"name", x.name}, {"url", x.url}});
  for (const auto& c : b.contacts) contacts.push_back({{"role", c.role}, {"name", c.name}, {"email", c.email}, {"phone", c.phone}});
  for (const auto& c : r.checklist) {
    const char* st = c.state == ChecklistItem::State::done       ? "done"
                     : c.state == ChecklistItem::State::not_done ? "not_done"
                     : c.state == ChecklistItem::State::no_data  ? "no_data"
                                                                 : "manual";
    checklist.push_back({{"item", c.item}, {"state", st}, {"evidence", c.evidence}});
  }
  json flapping = json::array();
  for (const auto& f : r.flapping) flapping.push_back({{"check", f.check}, {"service", f.service}, {"changes", f.changes}, {"results", f.results}});
  return {{"report", "bau"}, {"header", header(r.header)}, {"window", period(r.window)}, {"configured", b.configured},
          {"support_tiers", tiers}, {"escalation_path", b.escalation_path}, {"escalation_chain", r.escalation_chain},
          {"alert_routing", routes}, {"dashboards", dashboards}, {"contacts", contacts},
          {"known_issues", {{"incidents", incidents_json(r.known_incidents)}, {"recurring_checks", check_failures_json(r.recurring_checks)}}},
          {"flapping_checks", flapping}, {"runbooks", r.runbooks}, {"components_without_runbook", r.components_without_runbook},
          {"checklist", checklist}, {"pending_handovers", handovers_json(r.pending_handovers)}, {"signoff", b.signoff},
          {"documentation", {{"technical", b.documentation.technical}, {"runbooks", b.documentation.runbooks},
                             {"faq", b.documentation.faq}, {"training", b.documentation.training}}},
          {"maintenance", {{"weekly", b.maintenance.weekly}, {"monthly", b.maintenance.monthly},
                           {"quarterly", b.maintenance.quarterly}, {"daily_backup_check", b.maintenance.daily_backup_check},
                           {"restore_test", b.maintenance.restore_test}}},
          {"not_set", r.not_set}};
}

}  // namespace hypercare::report
