#include "hypercare/incident/service.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/incident/fold.hpp"
#include "hypercare/incident/sla.hpp"
#include "hypercare/maintenance/window.hpp"
#include "hypercare/rota/on_call.hpp"
#include "hypercare/store/causal.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::incident {
namespace {

using core::ErrorKind;
using nlohmann::json;

constexpr std::size_t k_max_title = 500;
constexpr std::size_t k_max_text = 64 * 1024;

core::Status check_text(std::string_view what, const std::string& text, std::size_t cap, bool required) {
  bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
  if (required && blank)
    return core::fail(ErrorKind::usage, fmt::format("{} must not be empty", what));
  if (text.size() > cap)
    return core::fail(ErrorKind::usage,
                      fmt::format("{} is {} bytes; at most {} are allowed", what, text.size(), cap));
  return {};
}

json base_event(const ServiceContext& ctx, std::string_view type) {
  return json{{"v", 1}, {"ts", core::format_rfc3339(ctx.now)}, {"actor", ctx.write.actor}, {"type", type}};
}

// Times in the team's zone, as everything else shows them.
std::string state_error(const Incident& inc, core::Zone zone) {
  std::string when = inc.resolved_at ? fmt::format(" at {}", core::format_local(*inc.resolved_at, zone, "%F %H:%M %Z")) : "";
  return fmt::format("{} is {}{}", inc.id, state_name(inc.status), when);
}

// Loads the incident under the lock, lets `build` validate and make the event (or return
// nullopt for "nothing to do"), stamps it after every event read (store/causal.hpp), appends it,
// folds again and commits. What is returned is what every later read will show.
template <class Build>
core::Result<Change> update(const ServiceContext& ctx, std::string_view query, Build build) {
  // The lock first (and, with [git] sync = "auto", the pull): the id may be one a teammate pushed.
  auto session = HC_TRY(store::WriteSession::begin(ctx.write));
  auto id = HC_TRY(ctx.repo.resolve(query));
  auto loaded = HC_TRY(ctx.repo.load(id));
  if (loaded.incident.duplicate_creations)
    return core::fail(ErrorKind::data,
                      fmt::format("{} was created twice offline (two clones chose the same id)", id),
                      "hypercare doctor --fix");
  std::optional<std::pair<json, std::string>> made = HC_TRY(build(loaded.incident));
  if (!made) return Change{std::move(loaded.incident), false};
  auto& [event, summary] = *made;
  store::stamp_event(event, store::next_stamp(loaded.file, ctx.now), ctx.random);
  event["origin"] = loaded.incident.origin;
  auto line = HC_TRY(store::record_line(event, ctx.repo.relative_path(id)));
  // Fold with the new event before writing it: what cannot be read back is never written.
  loaded.file.lines.push_back({loaded.file.lines.size() + 1, std::move(event)});
  loaded.file.torn_tail = false;
  auto after = HC_TRY(fold(loaded.file, ctx.repo.file_for(id)));
  auto appended = HC_TRY(session.append(ctx.repo.relative_path(id), line, false));
  index_appended(ctx.repo.ops_dir(), ctx.repo.file_for(id), appended);
  session.finish(fmt::format("incident {}: {} by {}", id, summary, ctx.write.actor));
  return Change{std::move(after), true};
}

using Made = core::Result<std::optional<std::pair<json, std::string>>>;

}  // namespace

core::Result<Incident> create(const ServiceContext& ctx, const NewIncident& spec) {
  HC_CHECK(check_text("the title", spec.title, k_max_title, true));
  if (spec.title.find('\n') != std::string::npos)
    return core::fail(ErrorKind::usage, "the title must be one line; put details in --description");
  HC_CHECK(check_text("--impact", spec.impact, k_max_text, false));
  HC_CHECK(check_text("--description", spec.description, k_max_text, false));
  HC_CHECK(check_text("--component", spec.component, k_max_title, false));
  HC_CHECK(check_text("--assign", spec.assignee, k_max_title, false));
  for (const auto& t : spec.tags) HC_CHECK(check_text("--tag", t, k_max_title, true));

  std::string assignee = spec.assignee;
  if (assignee.empty() && ctx.schedule) {
    auto oc = rota::on_call(*ctx.schedule, ctx.now, false);
    if (oc.primary) assignee = oc.primary->id;
  }
  auto session = HC_TRY(store::WriteSession::begin(ctx.write));
  for (int attempt = 0; attempt < 64; ++attempt) {
    std::string id = core::new_record_id("INC", ctx.now, ctx.random);
    json e = base_event(ctx, event::created);
    store::stamp_event(e, store::next_stamp({}, ctx.now), ctx.random);
    e["incident"] = id;
    e["title"] = spec.title;
    e["priority"] = config::priority_name(spec.priority);
    e["component"] = spec.component;
    e["impact"] = spec.impact;
    e["description"] = spec.description;
    e["assignee"] = assignee;
    e["tags"] = spec.tags;
    if (!spec.labels.empty()) e["labels"] = spec.labels;
    if (!spec.fingerprint.empty()) e["fingerprint"] = spec.fingerprint;
    if (!spec.maintenance.empty()) e["maintenance"] = spec.maintenance;
    if (!spec.runbook_url.empty()) e["runbook_url"] = spec.runbook_url;
    auto line = HC_TRY(store::record_line(e, ctx.repo.relative_path(id)));
    auto appended = session.append(ctx.repo.relative_path(id), line, true);
    if (!appended && appended.error().kind == ErrorKind::cant_create &&
        appended.error().message.ends_with("already exists"))
      continue;  // the random tail collided with an existing incident: draw again
    if (!appended) return std::unexpected(appended.error());
    index_appended(ctx.repo.ops_dir(), ctx.repo.file_for(id), *appended);
    store::JsonlFile file;
    file.lines.push_back({1, std::move(e)});
    auto inc = HC_TRY(fold(file, ctx.repo.file_for(id)));
    session.finish(fmt::format("incident {}: created ({}) by {}: {}", id,
                               config::priority_name(spec.priority), ctx.write.actor, spec.title));
    return inc;
  }
  return core::fail(ErrorKind::cant_create, "could not find a free incident id for today");
}

core::Result<Change> acknowledge(const ServiceContext& ctx, std::string_view id) {
  return update(ctx, id, [&](const Incident& inc) -> Made {
    if (inc.status == State::resolved)
      return core::fail(ErrorKind::data, fmt::format("cannot acknowledge: {}", state_error(inc, ctx.config.zone)),
                        fmt::format("hypercare incident reopen {} -m 'why'", inc.id));
    // The first response is recorded once; after a reopen an ack takes the incident up again.
    if (inc.acknowledged_at && inc.status != State::open) return std::nullopt;
    return std::pair{base_event(ctx, event::acknowledged), std::string("acknowledged")};
  });
}

core::Result<Change> set_status(const ServiceContext& ctx, std::string_view id, std::string_view status,
                                const std::string& message) {
  auto state = parse_state(status);
  if (!state)
    return core::fail(ErrorKind::usage,
                      fmt::format("invalid status '{}': use investigating, identified or monitoring", status));
  HC_CHECK(check_text("the message (-m)", message, k_max_text, true));
  return update(ctx, id, [&](const Incident& inc) -> Made {
    if (*state == State::resolved)
      return core::fail(ErrorKind::data, "an incident is resolved with `incident resolve`, which records the root cause",
                        fmt::format("hypercare incident resolve {} --root-cause '...' --resolution '...'", inc.id));
    if (inc.status == State::resolved)
      return core::fail(ErrorKind::data, fmt::format("cannot change the status: {}", state_error(inc, ctx.config.zone)),
                        fmt::format("hypercare incident reopen {} -m 'why'", inc.id));
    if (*state == State::open)
      return core::fail(ErrorKind::data,
                        fmt::format("cannot go back to open: {} is {}; only reopening a resolved "
                                    "incident makes it open again", inc.id, state_name(inc.status)));
    json e = base_event(ctx, event::status);
    e["status"] = state_name(*state);
    e["message"] = message;
    return std::pair{std::move(e), fmt::format("status {}", state_name(*state))};
  });
}

core::Result<Change> add_note(const ServiceContext& ctx, std::string_view id, const std::string& message) {
  HC_CHECK(check_text("the note (-m)", message, k_max_text, true));
  return update(ctx, id, [&](const Incident&) -> Made {
    json e = base_event(ctx, event::note);
    e["message"] = message;
    return std::pair{std::move(e), std::string("note")};
  });
}

core::Result<Change> assign(const ServiceContext& ctx, std::string_view id, const std::string& who,
                            const std::string& message) {
  HC_CHECK(check_text("the assignee", who, k_max_title, true));
  HC_CHECK(check_text("the message (-m)", message, k_max_text, false));
  return update(ctx, id, [&](const Incident& inc) -> Made {
    if (inc.assignee == who) return std::nullopt;
    json e = base_event(ctx, event::assigned);
    e["assignee"] = who;
    if (!message.empty()) e["message"] = message;
    return std::pair{std::move(e), fmt::format("assigned to {}", who)};
  });
}

core::Result<Change> change_priority(const ServiceContext& ctx, std::string_view id, Priority priority,
                                     const std::string& message) {
  HC_CHECK(check_text("the message (-m)", message, k_max_text, true));
  return update(ctx, id, [&](const Incident& inc) -> Made {
    if (inc.priority == priority) return std::nullopt;
    json e = base_event(ctx, event::priority);
    e["priority"] = config::priority_name(priority);
    e["message"] = message;
    return std::pair{std::move(e), fmt::format("priority {} → {}", config::priority_name(inc.priority),
                                               config::priority_name(priority))};
  });
}

core::Result<Change> resolve(const ServiceContext& ctx, std::string_view id, const Resolution& how) {
  bool fixed = how.kind == ResolutionKind::fixed;
  HC_CHECK(check_text("--root-cause", how.root_cause, k_max_text, fixed));
  HC_CHECK(check_text("--resolution", how.resolution, k_max_text, fixed));
  std::string original;
  if (how.kind == ResolutionKind::duplicate) {
    if (how.duplicate_of.empty()) return core::fail(ErrorKind::usage, "--duplicate-of needs the id of the original incident");
    original = HC_TRY(ctx.repo.resolve(how.duplicate_of));
  }
  return update(ctx, id, [&](const Incident& inc) -> Made {
    if (inc.status == State::resolved)
      return core::fail(ErrorKind::data, fmt::format("cannot resolve: {} already", state_error(inc, ctx.config.zone)),
                        fmt::format("hypercare incident show {}", inc.id));
    if (original == inc.id)
      return core::fail(ErrorKind::usage, fmt::format("--duplicate-of {}: an incident cannot duplicate itself", original));
    json e = base_event(ctx, event::resolved);
    e["root_cause"] = how.root_cause;
    e["resolution"] = how.resolution;
    if (!fixed) e["kind"] = resolution_kind_name(how.kind);
    if (!original.empty()) e["duplicate_of"] = original;
    std::string summary = fixed ? "resolved"
                          : original.empty() ? "resolved as a false alarm"
                                             : fmt::format("resolved as a duplicate of {}", original);
    return std::pair{std::move(e), std::move(summary)};
  });
}

core::Result<Change> reopen(const ServiceContext& ctx, std::string_view id, const std::string& message) {
  HC_CHECK(check_text("the message (-m)", message, k_max_text, true));
  return update(ctx, id, [&](const Incident& inc) -> Made {
    if (inc.status != State::resolved)
      return core::fail(ErrorKind::data, fmt::format("cannot reopen: {}, not resolved", state_error(inc, ctx.config.zone)));
    json e = base_event(ctx, event::reopened);
    e["message"] = message;
    return std::pair{std::move(e), std::string("reopened")};
  });
}

namespace {

// Where an escalation goes (man hypercare-incident, escalate, "The rule"): to the next person of the chain
// on call now — primary (on shift), secondary (next shift), tertiary (the lead, where the priority
// allows) — after the assignee's own place in it. An assignee no longer in that chain (off shift)
// is followed by the engineer on shift now, and the chain continues from there. Nobody gets the
// same incident twice by escalation: when the shifts have turned and the next in line already had
// it, the incident is at the top of its chain. The level recorded counts the escalations (1 for
// the first), which paces the next one (escalation_due). `inc` is a full load (escalated_to).
struct Step {
  int level = 0;
  const config::Person* to = nullptr;
  int repeat = 0;  // > 0: this step starts the chain's repeat number `repeat` ([paging] repeat)
};

std::optional<Step> next_level(const Incident& inc, const rota::OnCall& oc, int repeats) {
  auto chain = oc.chain();
  std::size_t from = 0;  // one past the assignee's place; 0 when not on call now
  for (std::size_t i = 0; i < chain.size(); ++i)
    if (chain[i] && chain[i]->id == inc.assignee) {
      from = i + 1;
      break;
    }
  for (std::size_t i = from; i < chain.size(); ++i) {
    if (!chain[i] || chain[i]->id == inc.assignee) continue;
    if (std::find(inc.escalated_to.begin(), inc.escalated_to.end(), chain[i]->id) != inc.escalated_to.end()) break;
    return Step{inc.escalation_level + 1, chain[i], 0};
  }
  // The top of the chain: with [paging] repeat = N it runs again from the primary, N times
  // (PagerDuty's "repeat", GoAlert's loops).
  if (inc.chain_repeats >= repeats) return std::nullopt;
  for (const auto* p : chain)
    if (p) return Step{inc.escalation_level + 1, p, inc.chain_repeats + 1};
  return std::nullopt;
}

// Nobody has responded, the next escalation's time has come — created + (n + 1) × response, n
// being the escalations so far — and one response period has passed since the last escalation
// (a late run moves one step, not two).
bool escalation_due(const ServiceContext& ctx, const Incident& inc) {
  if (inc.acknowledged_at || !inc.is_open()) return false;
  auto response = ctx.config.level(inc.priority).response;
  if (ctx.now < inc.created_at + response * (inc.escalation_level + 1)) return false;
  return !inc.escalated_at || ctx.now >= *inc.escalated_at + response;
}

core::Status need_rota(const ServiceContext& ctx) {
  if (ctx.schedule) return {};
  return core::fail(ErrorKind::config, "escalation needs a rota: this ops dir has no rota.toml",
                    "hypercare init DIR --example smart-dairy shows a complete rota.toml (man hypercare-rota)");
}

}  // namespace

namespace {

// `due`: an automatic escalation (escalate --due, watch), made only while nobody has responded
// and the next level has fallen due — checked again under the lock, on the incident as it is now.
core::Result<Change> escalate_one(const ServiceContext& ctx, std::string_view id, const std::string& message, bool due) {
  HC_CHECK(check_text("the message (-m)", message, k_max_text, false));
  HC_CHECK(need_rota(ctx));
  return update(ctx, id, [&](const Incident& inc) -> Made {
    if (inc.status == State::resolved) {
      if (due) return std::nullopt;
      return core::fail(ErrorKind::data, fmt::format("cannot escalate: {}", state_error(inc, ctx.config.zone)));
    }
    if (due && !escalation_due(ctx, inc)) return std::nullopt;
    bool lead = ctx.config.level(inc.priority).escalate_to_lead;
    auto target = next_level(inc, rota::on_call(*ctx.schedule, ctx.now, lead), ctx.config.paging.repeat);
    if (!target) {
      if (due) return std::nullopt;
      return core::fail(ErrorKind::data,
                        fmt::format("{} is at the top of its escalation chain: level {} ({}){}", inc.id,
                                    inc.escalation_level, inc.assignee.empty() ? "nobody" : inc.assignee,
                                    lead ? "" : fmt::format("; the lead is not in the {} chain", config::priority_name(inc.priority))));
    }
    json e = base_event(ctx, event::escalated);
    e["level"] = target->level;
    e["to"] = target->to->id;
    if (target->repeat > 0) e["repeat"] = target->repeat;
    if (due) e["due"] = true;
    if (!message.empty()) e["message"] = message;
    return std::pair{std::move(e), fmt::format("escalated to level {} ({}){}", target->level, target->to->id,
                                               target->repeat ? fmt::format(", the chain's repeat {}", target->repeat) : "")};
  });
}

}  // namespace

core::Result<Change> escalate(const ServiceContext& ctx, std::string_view id, const std::string& message) {
  return escalate_one(ctx, id, message, false);
}

core::Result<std::vector<Escalation>> escalate_due(const ServiceContext& ctx) {
  HC_CHECK(need_rota(ctx));
  std::vector<Escalation> done;
  auto open = HC_TRY(ctx.repo.summaries(true));
  auto windows = HC_TRY(maintenance::load_windows(ctx.write.ops_dir, ctx.write.warn));
  for (const auto& inc : open) {
    if (!escalation_due(ctx, inc) || maintenance::pauses(windows, inc.maintenance, inc.alert_quiet, ctx.now)) continue;
    auto response = ctx.config.level(inc.priority).response;
    // Summaries know neither the chain's repeats nor who had it (full loads): escalate_one decides.
    auto why = inc.assignee.empty()
                   ? fmt::format("no response within {}", core::format_duration(response))
                   : fmt::format("no response from {} within {}", inc.assignee, core::format_duration(response));
    auto c = escalate_one(ctx, inc.id, why, true);
    // One incident that cannot be escalated now never keeps the others from being escalated.
    if (!c) {
      ctx.write.warn(fmt::format("{} was not escalated: {}", inc.id, c.error().message));
      continue;
    }
    if (c->changed) done.push_back({c->incident.id, c->incident.escalation_level, c->incident.assignee, why, c->incident});
  }
  return done;
}

core::Result<std::vector<Breach>> record_breaches(const ServiceContext& ctx) {
  std::vector<Breach> done;
  auto open = HC_TRY(ctx.repo.summaries(true));
  auto windows = HC_TRY(maintenance::load_windows(ctx.write.ops_dir, ctx.write.warn));
  for (const auto& inc : open) {
    auto sla = compute_sla(inc, ctx.config, ctx.now);
    if (!sla.breached() || maintenance::pauses(windows, inc.maintenance, inc.alert_quiet, ctx.now)) continue;
    for (std::string clock : {"response", "resolution"}) {
      auto recorded = [&](const Incident& i) {
        return clock == "response" ? i.response_breach_recorded : i.resolution_breach_recorded;
      };
      // The summary says so without opening the file: a round reads only what it may record.
      if ((clock == "response" ? !sla.response_breached : !sla.resolution_breached) || recorded(inc)) continue;
      auto c = update(ctx, inc.id, [&](const Incident& full) -> Made {
        if (recorded(full)) return std::nullopt;
        // Read again under the lock: a response that arrived since (a pull, another command) counts.
        auto fresh = compute_sla(full, ctx.config, ctx.now);
        if (!full.is_open() || (clock == "response" ? !fresh.response_breached : !fresh.resolution_breached))
          return std::nullopt;
        auto target = clock == "response" ? ctx.config.level(full.priority).response : ctx.config.level(full.priority).resolve;
        json e = base_event(ctx, event::breached);
        e["clock"] = clock;
        // The deadline as it stood: a response or resolution recorded concurrently on another clone
        // at or before it withdraws this breach (merge rules).
        auto due = clock == "response" ? fresh.response_due : fresh.resolution_due;
        e["due"] = core::format_rfc3339(due);
        e["message"] = fmt::format("{} target of {} missed ({} {})", clock, core::format_duration(target),
                                   config::priority_name(full.priority), ctx.config.level(full.priority).label);
        return std::pair{e, fmt::format("{} SLA breached", clock)};
      });
      if (!c) {
        ctx.write.warn(fmt::format("{}: the {} breach was not recorded: {}", inc.id, clock, c.error().message));
        continue;
      }
      if (c->changed) done.push_back({c->incident, clock});
    }
  }
  return done;
}

core::Result<Change> alert_firing(const ServiceContext& ctx, std::string_view id, const std::string& message) {
  return update(ctx, id, [&](const Incident&) -> Made {
    json e = base_event(ctx, event::alert_firing);
    e["message"] = message;
    return std::pair{e, std::string("alert still firing")};
  });
}

core::Result<Change> alert_resolved(const ServiceContext& ctx, std::string_view id, const std::string& message) {
  return update(ctx, id, [&](const Incident&) -> Made {
    json e = base_event(ctx, event::alert_resolved);
    e["message"] = message;
    return std::pair{e, std::string("alert resolved at source")};
  });
}

}  // namespace hypercare::incident
