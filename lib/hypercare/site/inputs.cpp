// Reads what the site shows. A part that cannot be read warns and is left out: the rest of the
// site is still worth publishing.
#include "hypercare/site/inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "hypercare/config/checks_config.hpp"
#include "hypercare/core/parallel.hpp"
#include "hypercare/handover/repository.hpp"
#include "hypercare/health/uptime.hpp"
#include "hypercare/hotfix/repository.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/report/build.hpp"
#include "hypercare/site/page.hpp"

namespace hypercare::site {

namespace {

using core::TimePoint;
using std::chrono::days;
using std::chrono::sys_days;

report::Sources sources_of(const Options& o) {
  return {.ops = o.ops,
          .cfg = o.cfg,
          .as_of = o.as_of,
          .use_cache = o.use_cache,
          .warn = o.warn,
          .escalation_chain = {},
          .health = nullptr};
}

void warn_of(const Options& o, const core::Error& e) {
  o.warn(e.message + " (hint: hypercare doctor)");
}

// Verdicts from each check's newest result, and the uptime of each service day by day. The results
// of [from, as_of] are read once here, for the reports too.
void read_health(const Options& o, TimePoint from, Inputs& in) {
  auto checks = config::load_checks_config(o.ops);
  if (!checks) return warn_of(o, checks.error());
  if (!*checks) return;
  const auto& cfg = **checks;
  auto to = o.as_of + core::Seconds(1);
  core::Seconds longest = cfg.interval;
  for (const auto& c : cfg.checks) longest = std::max(longest, c.interval);
  auto read = std::make_shared<report::Sources::HealthRead>();
  read->from = from - 2 * longest;
  read->to = to;
  auto results = health::read_results(o.ops, read->from, read->to, o.warn,
                                      health::ResultSet::judged, &read->info);
  if (!results) return warn_of(o, results.error());  // and each report reads (and names) it again
  read->results = std::move(*results);
  in.health = read;
  const auto& all = read->results;
  std::map<std::string, const health::Recorded*> newest;  // per check
  for (const auto& r : all) newest[r.check] = &r;         // oldest first: the last one wins
  std::map<std::string, core::Seconds> interval;          // per check
  for (const auto& c : cfg.checks) interval[c.name] = c.interval;
  std::map<std::string, Service> services;
  for (const auto& [check, r] : newest) {
    bool known = services.contains(r->service);
    auto& s = services[r->service];
    s.name = r->service;
    s.status = health::worst(s.status, r->status);
    s.checked_at = std::max(s.checked_at, r->at);
    auto every = interval.contains(check) ? interval[check] : cfg.interval;
    bool old = r->at + 2 * every < o.as_of;
    s.stale = known ? s.stale && old : old;
  }
  for (auto& [name, s] : services) s.uptime.assign(in.strip.size(), std::nullopt);
  for (std::size_t d = 0; d < in.strip.size(); ++d) {
    auto day_from = core::start_of_local_day(in.strip[d], o.cfg->zone);
    auto day_to = std::min(core::start_of_local_day(in.strip[d] + days(1), o.cfg->zone), to);
    if (day_to <= day_from) continue;
    auto up = health::uptime(health::window(all, cfg, day_from, day_to), cfg, day_from, day_to);
    for (const auto& [name, u] : up.services)
      if (auto it = services.find(name); it != services.end() && (u.up + u.down).count() > 0)
        it->second.uptime[d] = u.percent();
  }
  for (auto& [name, s] : services) in.services.push_back(std::move(s));
}

}  // namespace

core::Result<Inputs> gather(const Options& o) {
  Inputs in;
  in.window = status::window_at(*o.cfg, o.as_of);
  auto s = sources_of(o);
  in.incidents = HC_TRY(report::detail::incidents(s));

  // Days are the team's, as in the reports; o.zone only shows times.
  auto today = core::local_day(o.as_of, o.cfg->zone);
  for (int d = k_strip_days - 1; d >= 0; --d) in.strip.push_back(today - days(d));
  // The reports: the window's days so far (else the last 7), and its summary once it has begun.
  sys_days first = today - days(6), last = today;
  if (o.cfg->start) {
    first = *o.cfg->start;
    last = std::min(today, *o.cfg->start + days(o.cfg->days - 1));
  }
  if (!o.public_site)
    for (auto d = first; d <= last; d += days(1)) in.report_days.push_back(d);
  auto health_from = core::start_of_local_day(in.strip.front(), o.cfg->zone);
  if (!in.report_days.empty())
    health_from = std::min(health_from, core::start_of_local_day(first, o.cfg->zone));
  read_health(o, health_from, in);

  if (auto all = maintenance::load_windows(o.ops, o.warn)) {
    for (auto& w : *all)
      if (w.created_at <= o.as_of && !w.over(o.as_of)) in.maintenance.push_back(std::move(w));
    std::stable_sort(in.maintenance.begin(), in.maintenance.end(),
                     [](const auto& a, const auto& b) { return a.from < b.from; });
  } else {
    warn_of(o, all.error());
  }
  if (o.public_site) return in;  // the rest is for the team only

  {
    incident::Repository repo(o.ops, o.warn, o.use_cache);
    in.record_stamps.resize(in.incidents.size());
    core::parallel_for(in.incidents.size(), 256, [&](std::size_t i) {
      if (!in.incidents[i].is_open())
        in.record_stamps[i] = stamp_of(repo.file_for(in.incidents[i].id));
    });
  }

  if (auto all = handover::Repository(o.ops, o.warn).list()) {
    if (const auto* h = handover::latest_before(*all, o.as_of)) in.handover = *h;
  } else {
    warn_of(o, all.error());
  }
  if (auto entries = notify::Outbox(o.ops).list(o.warn)) {
    for (auto& e : *entries)
      if (e.created_at <= o.as_of) in.outbox.push_back(std::move(e));
  } else {
    warn_of(o, entries.error());
  }
  if (auto all = hotfix::Repository(o.ops, o.warn).list()) {
    for (auto& h : *all)
      if (h.started_at <= o.as_of) in.hotfixes.push_back(std::move(h));
  } else {
    warn_of(o, all.error());
  }
  if (o.schedule)
    in.on_call =
        rota::on_call(*o.schedule, o.as_of, o.cfg->level(config::Priority::P1).escalate_to_lead);

  if (!in.report_days.empty()) {
    auto window_last = o.cfg->start ? *o.cfg->start + days(o.cfg->days - 1) : today;
    auto period = report::make_period(
        first, window_last, o.cfg->zone, o.as_of,
        o.cfg->start ? "the hypercare window"
                     : "the last 7 days: hypercare.toml has no [hypercare] start");
    s.as_of = std::min(o.as_of, period.to);
    s.health = in.health;
    period = report::make_period(first, window_last, o.cfg->zone, s.as_of, period.basis);
    if (auto r = report::build_summary(s, period))
      in.summary = std::move(*r);
    else
      warn_of(o, r.error());
  }
  return in;
}

}  // namespace hypercare::site
