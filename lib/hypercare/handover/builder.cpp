#include "hypercare/handover/builder.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/core/text.hpp"
#include "hypercare/handover/changes.hpp"
#include "hypercare/handover/shift.hpp"
#include "hypercare/health/history.hpp"
#include "hypercare/hotfix/repository.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/incident/sla.hpp"
#include "hypercare/notify/outbox.hpp"

namespace hypercare::handover {

namespace {

using core::ErrorKind;
using nlohmann::json;

std::string rfc(TimePoint t) { return core::format_rfc3339(t); }

// A person named on the command line: with a rota it must be a member or the lead.
core::Result<std::pair<std::string, std::string>> person(const Sources& src, const std::string& who, const char* flag) {
  if (!src.schedule) return std::pair{who, who};
  const auto& rota = src.schedule->config();
  if (const auto* p = rota.person(who)) return std::pair{p->id, p->display()};
  std::vector<std::string> names;
  for (const auto& m : rota.members) names.push_back(m.id);
  if (rota.lead) names.push_back(rota.lead->id);
  return core::fail(ErrorKind::usage,
                    fmt::format("{} {}: not in {} (members: {})", flag, who, rota.file.filename().string(),
                                fmt::join(names, ", ")),
                    fmt::format("add them to {} or name one of the members", rota.file.string()));
}

json window_json(const Window& w) {
  return {{"start", rfc(w.start)}, {"end", rfc(w.end)}, {"slot", w.slot.empty() ? json(nullptr) : json(w.slot)}};
}

json health_json(const Sources& src) {
  auto run = health::latest_results(src.ops, src.warn);
  if (!run) {
    src.warn(run.error().message + " (hint: hypercare doctor)");
    return nullptr;
  }
  if (!*run) return nullptr;
  json services = json::array();
  for (const auto& [name, status] : health::service_verdicts(**run)) {
    TimePoint at{};
    for (const auto& c : (*run)->checks)
      if (c.service == name) at = std::max(at, c.at);
    services.push_back({{"name", name.empty() ? "(no service)" : name}, {"verdict", health::verdict_name(status)},
                        {"status", health::status_name(status)}, {"at", rfc(at)}});
  }
  return {{"run_id", (*run)->run_id}, {"at", rfc((*run)->at)}, {"overall", health::verdict_name((*run)->status)},
          {"services", services}};
}

json incident_json(const incident::Incident& inc, const Sources& src) {
  auto sla = incident::compute_sla(inc, src.config, src.now);
  return {{"id", inc.id}, {"title", inc.title}, {"priority", config::priority_name(inc.priority)},
          {"status", incident::state_name(inc.status)}, {"assignee", inc.assignee}, {"component", inc.component},
          {"created_at", rfc(inc.created_at)},
          {"acknowledged_at", inc.acknowledged_at ? json(rfc(*inc.acknowledged_at)) : json(nullptr)},
          {"escalation_level", inc.escalation_level},
          {"sla", {{"response_due", rfc(sla.response_due)}, {"resolution_due", rfc(sla.resolution_due)},
                   {"response_breached", sla.response_breached}, {"resolution_breached", sla.resolution_breached},
                   {"next_due", sla.next_due ? json(rfc(*sla.next_due)) : json(nullptr)}}},
          {"clock", incident::sla_clock(inc, sla, src.now).text},
          {"runbook_url", inc.runbook_url.empty() ? json(nullptr) : json(inc.runbook_url)}};
}

core::Result<json> notifications_json(const Sources& src) {
  json entries = json::array();
  std::size_t queued = 0, dead = 0;
  for (const auto& e : HC_TRY(notify::Outbox(src.ops).list(src.warn))) {
    (e.state == notify::EntryState::dead ? dead : queued)++;
    entries.push_back({{"channel", e.channel}, {"event", e.event}, {"key", e.key},
                       {"state", notify::entry_state_name(e.state)}, {"summary", e.summary},
                       {"attempts", e.attempts}, {"last_error", e.last_error}});
  }
  return json{{"queued", queued}, {"dead", dead}, {"entries", entries}};
}

core::Result<json> unfinished_hotfixes(const Sources& src) {
  json out = json::array();
  hotfix::Repository repo(src.ops, src.warn);
  for (const auto& h : hotfix::latest_per_component(HC_TRY(repo.list()))) {
    using S = hotfix::Status;
    if (h.status != S::running && h.status != S::failed && h.status != S::interrupted) continue;
    out.push_back({{"id", h.id}, {"component", h.component}, {"tag", h.tag}, {"status", hotfix::status_name(h.status)},
                   {"started_at", rfc(h.started_at)}, {"message", h.message}});
  }
  return out;
}

}  // namespace

core::Result<Plan> plan(const Sources& src, const std::string& from, const std::string& to, const std::string& actor,
                        const std::vector<Handover>& oldest_first) {
  Plan p;
  std::optional<ShiftChange> change;
  if (src.schedule) change = nearest_change(*src.schedule, src.now);
  if (!from.empty()) std::tie(p.from, p.from_name) = HC_TRY(person(src, from, "--from"));
  else if (change) p.from = change->outgoing.member;
  else if (src.schedule && src.schedule->config().person(actor)) p.from = src.schedule->config().person(actor)->id;
  else p.from = actor;
  if (!to.empty()) std::tie(p.to, p.to_name) = HC_TRY(person(src, to, "--to"));
  else if (change) p.to = change->incoming.member;
  else
    return core::fail(ErrorKind::usage,
                      src.schedule ? "the rota has no shift change around now: say who takes over with --to WHO"
                                   : "there is no rota.toml to say who takes over: name them with --to WHO",
                      "hypercare handover new --to NAME");
  auto display = [&](const std::string& id) {
    const auto* person = src.schedule ? src.schedule->config().person(id) : nullptr;
    return person ? person->display() : id;
  };
  p.from_name = display(p.from);
  p.to_name = display(p.to);
  if (core::iequals(p.from, p.to))
    return core::fail(ErrorKind::usage, fmt::format("{} would hand over to themselves", p.from),
                      "name the incoming engineer with --to WHO (and the outgoing one with --from WHO)");

  if (change) {
    p.shift = {change->outgoing.start, change->at, change->outgoing.slot};
    p.next = {change->at, change->incoming.end, change->incoming.slot};
  } else {
    p.shift = {src.now - k_default_shift, src.now, ""};
    p.next = {src.now, src.now + k_default_shift, ""};
  }
  // The previous handover: the newest one that is not about this very change (a handover written
  // again for the same change still counts changes from the one before).
  p.since = p.shift.start;
  for (auto it = oldest_first.rbegin(); it != oldest_first.rend(); ++it) {
    if (it->created_at > src.now) continue;
    bool same_change = core::iequals(it->from, p.from) && core::iequals(it->to, p.to) && it->shift_end == p.shift.end;
    if (same_change && change) continue;
    p.since = it->created_at;
    p.since_handover = it->id;
    break;
  }
  return p;
}

core::Result<json> build_snapshot(const Sources& src, const Plan& p) {
  incident::Repository incidents(src.ops, src.warn, src.use_cache);
  auto all = HC_TRY(incidents.summaries(false));
  std::vector<const incident::Incident*> open;
  for (const auto& inc : all)
    if (inc.is_open()) open.push_back(&inc);
  // Most urgent first: priority, then the next deadline.
  std::stable_sort(open.begin(), open.end(), [&](const incident::Incident* a, const incident::Incident* b) {
    if (a->priority != b->priority) return a->priority < b->priority;
    auto da = incident::compute_sla(*a, src.config, src.now).next_due;
    auto db = incident::compute_sla(*b, src.config, src.now).next_due;
    return da < db;
  });

  json open_json = json::array(), unacknowledged = json::array(), due = json::array();
  for (const auto* inc : open) {
    auto j = incident_json(*inc, src);
    open_json.push_back(j);
    auto brief = json{{"id", inc->id}, {"priority", j["priority"]}, {"title", inc->title}, {"clock", j["clock"]},
                      {"assignee", inc->assignee}};
    if (!inc->acknowledged_at) {
      unacknowledged.push_back(brief);
      continue;
    }
    auto sla = incident::compute_sla(*inc, src.config, src.now);
    if (sla.next_due && *sla.next_due < p.next.end) {
      brief["due"] = rfc(*sla.next_due);
      due.push_back(std::move(brief));
    }
  }
  auto notifications = HC_TRY(notifications_json(src));
  auto hotfixes = HC_TRY(unfinished_hotfixes(src));
  std::size_t pending = unacknowledged.size() + due.size() + notifications["queued"].get<std::size_t>() +
                        notifications["dead"].get<std::size_t>() + hotfixes.size();
  // Up to and including now; what happened in the previous handover's own second was in it.
  auto from = p.since_handover.empty() ? p.since : p.since + core::Seconds(1);
  json changes = HC_TRY(shift_changes(src, all, from, src.now + core::Seconds(1)));

  return json{
      {"generated_at", rfc(src.now)},
      {"team", src.config.team_name},
      {"timezone", src.config.timezone},
      {"from", {{"id", p.from}, {"name", p.from_name}}},
      {"to", {{"id", p.to}, {"name", p.to_name}}},
      {"shift", window_json(p.shift)},
      {"next_shift", window_json(p.next)},
      {"since", rfc(p.since)},
      {"since_handover", p.since_handover.empty() ? json(nullptr) : json(p.since_handover)},
      {"health", health_json(src)},
      {"incidents", open_json},
      {"pending", {{"unacknowledged", unacknowledged}, {"due", due}, {"notifications", notifications}, {"hotfixes", hotfixes}}},
      {"changes", changes},
      {"counts", {{"open", open_json.size()}, {"pending", pending}}},
  };
}

}  // namespace hypercare::handover
