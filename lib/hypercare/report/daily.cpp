// `report daily`: one local day of incidents, escalations, SLA breaches, health, hotfixes and
// handovers (seed §1.2, generate_daily_report).
#include <algorithm>
#include <map>

#include "hypercare/incident/sla.hpp"
#include "hypercare/report/build.hpp"

namespace hypercare::report {

namespace {

// The last reading of each info check in [from, until).
core::Result<std::vector<Figure>> figures(const Sources& s, const config::ChecksConfig& checks, TimePoint from, TimePoint until) {
  std::vector<Figure> out;
  if (until <= from) return out;
  std::vector<health::Recorded> read;
  std::span<const health::Recorded> in_range;
  if (s.health && s.health->from <= from && until <= s.health->to) {  // read already: the same results
    auto by_time = [](const health::Recorded& r, TimePoint t) { return r.at < t; };
    auto first = std::lower_bound(s.health->info.begin(), s.health->info.end(), from, by_time);
    in_range = std::span<const health::Recorded>(first, std::lower_bound(first, s.health->info.end(), until, by_time));
  } else {
    read = HC_TRY(health::read_results(s.ops, from, until, s.warn, health::ResultSet::info));
    in_range = read;
  }
  std::map<std::string, const health::Recorded*> last;  // oldest first: the last one stands
  for (const auto& x : in_range) last[x.check] = &x;
  auto add = [&](const health::Recorded& x) {
    out.push_back({x.check, x.service, x.unit, x.value, x.message, x.status != health::Status::error, x.at});
  };
  for (const auto& c : checks.checks)
    if (auto it = last.find(c.name); it != last.end()) {
      add(*it->second);
      last.erase(it);
    }
  for (const auto& [name, x] : last) add(*x);
  return out;
}

}  // namespace

core::Result<DailyReport> build_daily(const Sources& s, Day day) {
  const auto& cfg = *s.cfg;
  DailyReport r;
  r.header = detail::header_of(s);
  r.day = make_period(day, day, cfg.zone, s.as_of, "day");
  r.partial = s.as_of < r.day.to;
  const auto from = r.day.from, to = r.day.to, until = r.day.until;

  // The day's hotfixes first: the incidents they name are linked whenever those were opened.
  r.hotfixes = HC_TRY(load_hotfixes(s.ops, from, to, detail::cutoff(s), s.warn));
  auto all = HC_TRY(detail::incidents_touching(s, from, to, detail::linked_incidents(r.hotfixes)));
  std::vector<incident::Incident> opened;
  r.open.reserve(all.size());  // most of what a day shows are the incidents still open
  for (const auto& inc : all) {
    if (inc.left_out()) {
      if (inc.created_at >= from && inc.created_at < to) r.excluded.push_back(detail::line_of(inc, cfg, s.as_of));
      continue;
    }
    // Open at the end of the day, or at the as-of time while the day runs (what was stamped in
    // that very second counts, as everywhere in the report).
    const auto end = std::min(to, detail::cutoff(s));
    bool open_at_end = inc.created_at < end && (inc.is_open() || !inc.resolved_at || *inc.resolved_at >= end);
    if (inc.created_at >= from && inc.created_at < to) {
      opened.push_back(inc);
      r.opened.push_back(detail::line_of(inc, cfg, s.as_of));
      ++r.opened_by_priority[std::size_t(inc.priority)];
    }
    if (!inc.is_open() && inc.resolved_at && *inc.resolved_at >= from && *inc.resolved_at < to)
      r.resolved.push_back(detail::line_of(inc, cfg, s.as_of));
    if (open_at_end && until > from) {
      r.open.push_back(detail::line_of(inc, cfg, s.as_of));
      ++r.open_by_priority[std::size_t(inc.priority)];
    }
    // Deadlines that fell on this day and were missed (by now, for a day not over yet).
    auto sla = incident::compute_sla(inc, cfg, s.as_of);
    auto check = [&](const char* kind, TimePoint due, const std::optional<TimePoint>& done) {
      if (due < from || due >= until) return;
      if (done && *done <= due) return;
      r.breaches.push_back({inc.id, inc.title, kind, inc.priority, due, done});
    };
    check("response", sla.response_due, inc.acknowledged_at);
    check("resolution", sla.resolution_due, inc.is_open() ? std::nullopt : inc.resolved_at);
  }
  auto by_created = [](const IncidentLine& a, const IncidentLine& b) {
    return a.incident.created_at != b.incident.created_at ? a.incident.created_at < b.incident.created_at
                                                          : a.incident.id < b.incident.id;
  };
  std::sort(r.opened.begin(), r.opened.end(), by_created);
  std::sort(r.excluded.begin(), r.excluded.end(), by_created);
  std::sort(r.resolved.begin(), r.resolved.end(), by_created);
  std::sort(r.open.begin(), r.open.end(), [](const IncidentLine& a, const IncidentLine& b) {
    return a.incident.priority != b.incident.priority ? a.incident.priority < b.incident.priority
                                                      : a.incident.created_at < b.incident.created_at;
  });
  std::sort(r.breaches.begin(), r.breaches.end(), [](const SlaBreach& a, const SlaBreach& b) {
    return a.due != b.due ? a.due < b.due : a.incident < b.incident;
  });
  auto st = incident_stats(opened);
  r.response = st.all.response;
  r.resolution = st.all.resolution;
  r.escalations = HC_TRY(detail::escalations(s, all, from, to));

  auto checks = HC_TRY(detail::checks(s));
  auto results = HC_TRY(detail::results(s, checks, from, until));
  auto in_day = health::window(results, checks, from, until);
  if (until > from) {
    auto up = health::uptime(in_day, checks, from, until);
    r.service_uptime = up.services;
    r.uptime = up.overall;
  }
  std::vector<health::Recorded> today;
  for (const auto& x : results)
    if (x.at >= from && x.at < until) today.push_back(x);
  r.health_results = today.size();
  r.failed_checks = check_failures(today);
  r.figures = HC_TRY(figures(s, checks, from, until));
  r.figures_configured = std::any_of(checks.checks.begin(), checks.checks.end(),
                                     [](const config::CheckSpec& c) { return c.kind == config::CheckKind::info; });
  detail::link_hotfixes(r.hotfixes, all);
  r.handovers = HC_TRY(load_handovers(s.ops, from, to, detail::cutoff(s), s.warn));
  return r;
}

}  // namespace hypercare::report
