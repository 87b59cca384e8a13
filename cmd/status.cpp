// `hypercare status`: one screen for the person on call.
#include <fmt/format.h>

#include "commands.hpp"
#include "hypercare/handover/json.hpp"
#include "hypercare/handover/repository.hpp"
#include "hypercare/handover/status.hpp"
#include "hypercare/health/history.hpp"
#include "hypercare/hotfix/json.hpp"
#include "hypercare/hotfix/repository.hpp"
#include "hypercare/incident/json.hpp"
#include "hypercare/incident/query.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/notify/outbox.hpp"
#include "hypercare/status/summary.hpp"
#include "hypercare/render/table.hpp"
#include "hypercare/rota/export.hpp"
#include "hypercare/rota/on_call.hpp"
#include "heartbeat.hpp"
#include "kickoff_view.hpp"
#include "maintenance_view.hpp"
#include "incident_view.hpp"
#include "rota_view.hpp"

namespace hypercare::cli {

namespace {

// The components a hotfix left running or failed (the newest hotfix of each), with whether the
// process of a running one is still there. Problems reading them only warn: status must show.
std::vector<std::pair<hotfix::Hotfix, std::optional<hotfix::Process>>> hotfixes_needing_eyes(Invocation& inv,
                                                                                             const std::filesystem::path& ops) {
  std::vector<std::pair<hotfix::Hotfix, std::optional<hotfix::Process>>> out;
  hotfix::Repository repo(ops, [&inv](const std::string& m) { inv.warn(m); });
  auto all = repo.list();
  if (!all) {
    inv.warn(all.error().message + " (hint: hypercare doctor)");
    return out;
  }
  auto host = this_host();
  for (auto& h : hotfix::latest_per_component(*all)) {
    if (h.status == hotfix::Status::running) out.emplace_back(h, hotfix::process_of(h, ops, host));
    else if (h.status == hotfix::Status::failed) out.emplace_back(h, std::nullopt);
  }
  return out;
}

// The last handover and a shift change that passed without one.
nlohmann::json handover_json(const std::optional<handover::Overview>& o) {
  if (!o) return nullptr;
  nlohmann::json missing = nullptr;
  if (o->missing)
    missing = {{"shift_change", core::format_rfc3339(o->missing->at)}, {"from", o->missing->outgoing.member},
               {"to", o->missing->incoming.member}};
  return {{"last", o->last ? handover::summary_json(*o->last) : nlohmann::json(nullptr)}, {"missing", missing}};
}

void print_handover(Invocation& inv, const handover::Overview& o, const ViewContext& v) {
  const auto& s = v.style;
  if (o.last) {
    const auto* a = o.last->first_acceptance();
    auto open = o.last->unconfirmed();
    std::string state = a ? fmt::format("accepted by {}{}", a->by, open.empty() ? "" : fmt::format(", {} unconfirmed", open.size()))
                          : s.yellow("not accepted yet");
    inv.out() << fmt::format("handover {} {} → {} at {} ({}) · {}\n", o.last->id, o.last->from, o.last->to,
                             when(o.last->created_at, v), core::relative(o.last->created_at, v.now), state);
  }
  if (o.missing)
    inv.out() << s.red(fmt::format("handover missing: the shift changed {} → {} at {} ({}) with no handover",
                                   o.missing->outgoing.member, o.missing->incoming.member, when(o.missing->at, v),
                                   core::relative(o.missing->at, v.now)))
              << " (hypercare handover new)\n";
}

core::Status run_status(Invocation& inv) {
  const auto* cfg = HC_TRY(inv.config());
  auto ops = HC_TRY(inv.ops_dir());
  auto zone = HC_TRY(inv.zone());
  auto repo = inv.incidents(ops);
  auto open = HC_TRY(repo.snapshot(true));
  auto st = status::summarize(*cfg, open, inv.now());
  const auto* schedule = inv.schedule_or_warn();
  auto last_health = health::latest_results(ops, [&inv](const std::string& m) { inv.warn(m); });
  if (!last_health) inv.warn(last_health.error().message + " (hint: hypercare doctor)");
  std::optional<health::Run> health_run = last_health ? *last_health : std::nullopt;
  std::size_t queued = 0, dead = 0;
  if (auto entries = notify::Outbox(ops).list([&inv](const std::string& m) { inv.warn(m); }))
    for (const auto& e : *entries) (e.state == notify::EntryState::dead ? dead : queued)++;
  auto hotfixes = hotfixes_needing_eyes(inv, ops);
  std::vector<maintenance::Window> windows;  // on now or ahead
  if (auto all = maintenance::load_windows(ops, [&inv](const std::string& m) { inv.warn(m); }))
    for (auto& w : *all)
      if (!w.over(inv.now())) windows.push_back(std::move(w));
  std::vector<HeartbeatView> beats;
  if (auto b = heartbeat_views(inv, st.open)) beats = std::move(*b);
  else inv.warn(b.error().message);
  std::optional<handover::Overview> handovers;
  if (auto all = handover::Repository(ops, [&inv](const std::string& m) { inv.warn(m); }).list()) {
    handovers = handover::overview(*all, schedule, st.now);
    // A missing handover is a hypercare matter: no nag before the window opens or after it closed.
    if (st.window && st.window->phase != "during") handovers->missing.reset();
  } else
    inv.warn(all.error().message + " (hint: hypercare doctor)");
  // Go-live readiness until it is complete; a window that ended needs none.
  std::optional<kickoff::Readiness> kickoff;
  if (!st.window || st.window->phase != "after") {
    if (auto r = assess_kickoff(inv, false, &health_run); !r) inv.warn(r.error().message + " (hint: hypercare doctor)");
    else if (!r->complete()) kickoff = std::move(*r);
  }
  std::optional<rota::OnCall> oc;
  if (schedule) oc = rota::on_call(*schedule, st.now, cfg->level(config::Priority::P1).escalate_to_lead);
  if (inv.json()) {
    nlohmann::json incidents = nlohmann::json::array();
    for (const auto& inc : st.open) incidents.push_back(incident::to_json(inc, incident::compute_sla(inc, *cfg, st.now), false));
    nlohmann::json by_priority;
    for (auto p : config::k_priorities) by_priority[std::string(config::priority_name(p))] = st.open_by_priority[std::size_t(p)];
    nlohmann::json window = nullptr;
    if (st.window)
      window = {{"start", core::format_date(st.window->start)}, {"end", core::format_date(st.window->last)},
                {"day", st.window->phase == "during" ? nlohmann::json(st.window->day) : nlohmann::json(nullptr)}, {"days", st.window->days}, {"phase", st.window->phase}};
    nlohmann::json on_call = nullptr;
    if (oc) {
      on_call = {{"primary", rota::person_json(oc->primary)}, {"secondary", rota::person_json(oc->secondary)},
                 {"until", oc->current ? nlohmann::json(core::format_rfc3339(oc->current->end)) : nlohmann::json(nullptr)},
                 {"slot", oc->current ? nlohmann::json(schedule->config().slots[oc->current->slot].name) : nlohmann::json(nullptr)},
                 {"next", oc->next ? nlohmann::json({{"member", oc->next->member},
                                                     {"person", rota::person_json(schedule->config().person(oc->next->member))},
                                                     {"slot", schedule->config().slots[oc->next->slot].name},
                                                     {"start", core::format_rfc3339(oc->next->start)}})
                                   : nlohmann::json(nullptr)}};
    }
    nlohmann::json health_json = nullptr;
    if (health_run) {
      nlohmann::json services = nlohmann::json::object();
      for (const auto& [name, s] : health::service_verdicts(*health_run)) services[name] = health::status_name(s);
      health_json = {{"run_id", health_run->run_id}, {"at", core::format_rfc3339(health_run->at)},
                     {"status", health::status_name(health_run->status)}, {"services", services}};
    }
    nlohmann::json hotfix_json = nlohmann::json::array();
    for (const auto& [h, process] : hotfixes) {
      auto j = hotfix::to_json(h, process);
      j.erase("steps");
      hotfix_json.push_back(std::move(j));
    }
    inv.print_json({{"now", core::format_rfc3339(st.now)}, {"team", cfg->team_name}, {"timezone", cfg->timezone},
                    {"hypercare", window}, {"on_call", on_call}, {"health", health_json}, {"heartbeats", heartbeats_json(beats)}, {"maintenance", [&] {
                      nlohmann::json a = nlohmann::json::array();
                      for (const auto& w : windows) a.push_back(window_json(w, st.now));
                      return a;
                    }()}, {"hotfixes", hotfix_json},
                    {"open", {{"total", st.open.size()}, {"by_priority", by_priority}, {"breached", st.breached},
                              {"unacknowledged", st.unacknowledged}}},
                    {"incidents", incidents},
                    {"notifications", {{"queued", queued}, {"dead", dead}}},
                    {"handover", handover_json(handovers)},
                    {"kickoff", kickoff ? nlohmann::json({{"ready", kickoff->ready()}, {"total", kickoff->items.size()},
                                                          {"complete", kickoff->complete()}})
                                        : nlohmann::json(nullptr)},
                    {"problems", problems_json(repo.problems())}});
    return {};
  }
  ViewContext v{*cfg, zone, st.now, inv.style(), inv.output_width()};
  const auto& s = v.style;
  std::string title = cfg->team_name.empty() ? "hypercare" : cfg->team_name;
  std::string window = "no hypercare window set ([hypercare] start)";
  if (st.window) {
    if (st.window->phase == "before")
      window = fmt::format("hypercare starts {}, {} ({} days){}", core::format_date(st.window->start),
                           core::relative(core::start_of_local_day(st.window->start, zone), st.now), st.window->days,
                           kickoff ? fmt::format(" (kickoff: {}/{} ready)", kickoff->ready(), kickoff->items.size()) : "");
    else if (st.window->phase == "after")
      window = fmt::format("hypercare ended {} (it ran {} days)", core::format_date(st.window->last), st.window->days);
    else
      window = fmt::format("hypercare day {} of {}", st.window->day, st.window->days);
  }
  inv.out() << fmt::format("{} — {}\n", s.bold(title), window);
  inv.out() << fmt::format("now  {}", core::format_local(st.now, zone, "%F %H:%M %Z"));
  if (!core::is_utc(zone)) inv.out() << fmt::format(" ({})", core::format_rfc3339(st.now));
  inv.out() << "\n";
  if (kickoff && (!st.window || st.window->phase == "during"))
    inv.out() << fmt::format("kickoff  {} (hypercare kickoff)\n",
                             s.yellow(fmt::format("{}/{} ready", kickoff->ready(), kickoff->items.size())));
  if (oc) {
    const auto& rc = schedule->config();
    if (oc->current)
      inv.out() << fmt::format("on call  {} — slot {} until {} ({})", s.bold(person_label(oc->primary)),
                               rc.slots[oc->current->slot].name, when(oc->current->end, v), core::relative(oc->current->end, st.now));
    else
      inv.out() << s.red("on call  nobody: the rota has a gap now");
    if (oc->next)
      inv.out() << fmt::format(" · next {} at {} ({})", person_label(rc.person(oc->next->member)), when(oc->next->start, v),
                               core::relative(oc->next->start, st.now));
    inv.out() << '\n';
  }
  if (health_run) {
    std::string services;
    for (const auto& [name, verdict] : health::service_verdicts(*health_run))
      services += fmt::format("{}{} {}", services.empty() ? "" : " · ", name, health_verdict(verdict, s));
    inv.out() << fmt::format("health   {} (latest results {}, {})\n", services, when(health_run->at, v),
                             core::relative(health_run->at, st.now));
  }
  for (const auto& h : beats) inv.out() << "heartbeat " << heartbeat_line(h, v) << '\n';
  for (const auto& w : windows) inv.out() << "maintenance " << window_line(w, v) << '\n';
  if (handovers) print_handover(inv, *handovers, v);
  if (queued || dead) {
    std::string line = fmt::format("{} queued", queued);
    if (dead) line += " · " + s.red(fmt::format("{} dead-lettered", dead));
    inv.out() << fmt::format("notify   {} (hypercare notify list{})\n", line, dead ? " --failed" : "");
  }
  for (const auto& [h, process] : hotfixes) {
    if (h.status == hotfix::Status::failed)
      inv.out() << fmt::format("hotfix   {} {} {} {} ({}) — {}hypercare hotfix show {}\n", h.id, render::one_line(h.component), h.tag,
                               s.bold(s.red("FAILED, the rollback failed too")),
                               core::relative(h.finished_at.value_or(h.started_at), st.now),
                               h.opened_incident ? *h.opened_incident + " · " : "", h.id);
    else if (process == hotfix::Process::gone)
      inv.out() << fmt::format("hotfix   {} {} {} {} (started {} by {}) — hypercare hotfix show {}\n", h.id,
                               render::one_line(h.component), h.tag, s.red("running (stale?)"), core::relative(h.started_at, st.now),
                               render::one_line(h.actor), h.id);
    else
      inv.out() << fmt::format("hotfix   {} {} {} {} for {} by {}{}\n", h.id, render::one_line(h.component), h.tag,
                               s.cyan("running"), core::format_duration(st.now - h.started_at), render::one_line(h.actor),
                               process == hotfix::Process::elsewhere ? " on " + render::one_line(h.host) : "");
  }
  inv.out() << '\n';
  if (st.open.empty()) {
    inv.out() << s.green("No open incidents.") << '\n';
    return {};
  }
  std::vector<std::string> counts;
  for (auto p : config::k_priorities)
    counts.push_back(fmt::format("{} {}", config::priority_name(p), st.open_by_priority[std::size_t(p)]));
  std::string extra;
  if (st.unacknowledged) extra += fmt::format(" · {} unacknowledged", st.unacknowledged);
  if (st.breached) extra += " · " + s.red(fmt::format("{} breached", st.breached));
  inv.out() << fmt::format("Open incidents: {} ({}){}\n", st.open.size(), fmt::join(counts, " · "), extra);
  render::Table table = incident_table_header(v);
  for (const auto& inc : st.open) add_incident_row(table, inc, v);
  table.write(inv.out());
  return {};
}

}  // namespace

void add_status(CLI::App& root, Invocation& inv, Action& action) {
  auto* sub = root.add_subcommand("status", "one screen: now, hypercare day N of M, open incidents by "
                                            "priority with their SLA clocks, most urgent first");
  sub->footer(k_exit_status_footer);
  sub->callback([&inv, &action] { action = [&inv] { return run_status(inv); }; });
}

}  // namespace hypercare::cli
