#include "hypercare/hotfix/service.hpp"

#include <fstream>
#include <iterator>
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "hypercare/hotfix/lock.hpp"
#include "hypercare/incident/service.hpp"

namespace hypercare::hotfix {

namespace {

using core::ErrorKind;
using nlohmann::json;

std::string_view done_verb(Status s) {
  switch (s) {
    case Status::succeeded: return "deployed";
    case Status::rolled_back: return "rolled back";
    case Status::failed: return "FAILED, rollback failed";
    case Status::aborted: return "aborted";
    case Status::interrupted: return "interrupted";
    case Status::running: break;
  }
  return "running";
}

incident::ServiceContext incident_context(const Context& ctx) {
  return incident::ServiceContext{ctx.team, ctx.incidents, ctx.write, ctx.clock(), ctx.random, ctx.schedule};
}

// A hotfix event in the linked incident's timeline. Failing to add it never stops a deploy.
void note(const Context& ctx, const std::optional<std::string>& incident_id, const std::string& message) {
  if (!incident_id) return;
  if (auto r = incident::add_note(incident_context(ctx), *incident_id, message); !r)
    ctx.write.warn(fmt::format("could not add a note to {}: {}", *incident_id, r.error().message));
}

std::string clip(std::string_view s, std::size_t n) {
  return s.size() <= n ? std::string(s) : std::string(s.substr(0, n)) + "…";
}

// The worst case: nobody knows what is running. An incident makes sure somebody owns it.
std::optional<std::string> open_incident(const Context& ctx, const config::ComponentSpec& spec, const std::string& id,
                                         const std::string& tag, const std::optional<std::string>& linked,
                                         const std::string& previous, const PipelineResult& r) {
  if (!spec.failed_rollback_incident) return std::nullopt;
  incident::NewIncident n;
  n.title = fmt::format("Hotfix {} of {} {}: rollback failed, state unknown", id, spec.name, tag);
  n.priority = *spec.failed_rollback_incident;
  n.component = spec.name;
  n.impact = fmt::format("{} may be running {}, {} or a mix: the rollback after a failed hotfix failed too", spec.name, tag,
                         previous.empty() ? "the previous version" : clip(previous, 200));
  n.description = fmt::format(
      "Opened by hypercare hotfix {} (by {}).\n{}\n{}\nOutput of the step that failed last:\n{}\n\n"
      "Details: hypercare hotfix show {}\nRetry the rollback: hypercare hotfix rollback {}",
      id, ctx.write.actor, clip(r.message, 2000), linked ? fmt::format("Linked incident: {}\n", *linked) : "",
      r.failure_tail.empty() ? "(none)" : r.failure_tail, id, id);
  n.tags = {"hotfix", "hotfix:" + id};
  auto inc = incident::create(incident_context(ctx), n);
  if (!inc) {
    ctx.write.warn(fmt::format("could not open an incident for the failed rollback: {}", inc.error().message));
    return std::nullopt;
  }
  return inc->id;
}

// A hypercare process with this pid runs on this machine (pids are reused: its command line says).
bool hypercare_alive(long long pid) {
  std::ifstream cmdline(fmt::format("/proc/{}/cmdline", pid), std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
  return text.find("hypercare") != std::string::npos;
}

// Running hotfixes of this component recorded on this host whose process is gone, are closed as
// interrupted rather than left "running" forever. (One whose process lives deploys from another
// clone of the ops dir on this machine: it is left alone.)
void close_abandoned(const Context& ctx, const std::string& component, const std::string& by, std::vector<std::string>& closed) {
  Repository repo(ctx.write.ops_dir, ctx.write.warn);
  auto list = repo.list({.since = {}, .until = {}, .component = component});
  if (!list) {
    ctx.write.warn(list.error().message);
    return;
  }
  for (const auto& h : *list) {
    if (h.status != Status::running || h.id == by) continue;
    if (h.pid && *h.pid != ctx.pid && (h.host.empty() || h.host == ctx.host) && hypercare_alive(*h.pid)) continue;
    if (!h.host.empty() && h.host != ctx.host) {
      ctx.write.warn(fmt::format("{} ({} {}) is recorded as running on {}: if it is still going there, two deploys of {} "
                                 "now overlap",
                                 h.id, h.component, h.tag, h.host, h.component));
      continue;
    }
    auto loaded = repo.load(h.id);
    if (!loaded) {
      ctx.write.warn(loaded.error().message);
      continue;
    }
    auto rec = Recorder::resume(ctx.write, ctx.clock, ctx.random, h.id, loaded->file);
    std::string who = h.pid ? fmt::format(" (pid {}{})", *h.pid, h.host.empty() ? "" : " on " + h.host) : "";
    auto message = fmt::format("abandoned: the hypercare process that ran it{} ended without recording how the hotfix "
                               "finished; found by {}",
                               who, by);
    auto w = rec.append(event::finished, {{"status", status_name(Status::interrupted)}, {"message", message}},
                        fmt::format("hotfix {}: marked abandoned (found by {})", h.id, by));
    if (!w) ctx.write.warn(w.error().message);
    else closed.push_back(h.id);
  }
}

// A hotfix of `component` other than `ours` recorded as running by another process: on another
// machine (we cannot tell whether it still runs, so it does), or on this one by a hypercare
// process that is still alive (a deploy from another clone of the ops dir).
std::optional<Hotfix> running_elsewhere(const Context& ctx, const std::string& component, const std::string& ours) {
  Repository repo(ctx.write.ops_dir, ctx.write.warn);
  auto list = repo.list({.since = {}, .until = {}, .component = component});
  if (!list) return std::nullopt;
  for (const auto& h : *list) {
    if (h.id == ours || h.status != Status::running) continue;
    if (!h.host.empty() && h.host != ctx.host) return h;
    if (h.pid && *h.pid != ctx.pid && hypercare_alive(*h.pid)) return h;
  }
  return std::nullopt;
}

Outcome finish(const Context& ctx, Recorder& rec, PipelineResult& r, const std::optional<std::string>& opened,
               const std::string& commit_message) {
  json fields = {{"status", status_name(r.status)}, {"message", r.message}};
  if (opened) fields["incident_opened"] = *opened;
  if (auto w = rec.append(event::finished, fields, commit_message); !w) r.record_errors.push_back(w.error().message);
  if (!r.record_errors.empty())
    ctx.write.warn(fmt::format("{}: {} event(s) could not be recorded; the record is incomplete: {}", rec.id(),
                               r.record_errors.size(), r.record_errors.front()));
  Outcome o;
  if (auto folded = rec.fold()) o.hotfix = std::move(*folded);
  // What happened is what the pipeline says, even when writing it down failed.
  o.hotfix.id = rec.id();
  o.hotfix.status = r.status;
  o.hotfix.message = r.message;
  if (!o.hotfix.finished_at) o.hotfix.finished_at = ctx.clock();
  if (opened) o.hotfix.opened_incident = opened;
  o.failure_tail = r.failure_tail;
  o.rollback_failed = r.rollback_failed;
  return o;
}

}  // namespace

core::Status validate_tag(std::string_view tag) {
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  auto allowed = [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; };
  if (!tag.empty() && tag.size() <= 128 && alnum(tag[0]) && std::all_of(tag.begin(), tag.end(), allowed)) return {};
  std::string shown;
  for (char c : tag.substr(0, 60)) shown += (unsigned char)c < 0x20 ? '?' : c;
  return core::fail(ErrorKind::usage,
                    fmt::format("invalid tag '{}{}': a tag is 1 to 128 letters, digits, '.', '_' or '-', starting with a "
                                "letter or digit",
                                shown, tag.size() > 60 ? "…" : ""),
                    "hypercare hotfix deploy 2026.11.27-1 COMPONENT");
}

core::Result<PreparedDeploy> prepare_deploy(const Context& ctx, std::string_view tag, std::string_view component,
                                            std::string_view incident_query) {
  HC_CHECK(validate_tag(tag));
  PreparedDeploy p;
  p.tag = std::string(tag);
  p.spec = ctx.config.find(component);
  if (!p.spec) {
    auto names = ctx.config.names();
    return core::fail(ErrorKind::missing,
                      fmt::format("unknown component '{}': {} has {}", clip(component, 80), ctx.config.file.filename().string(),
                                  fmt::join(names, ", ")),
                      fmt::format("hypercare hotfix deploy {} {}", tag, names.front()));
  }
  if (!incident_query.empty()) {
    auto id = HC_TRY(ctx.incidents.resolve(incident_query));
    auto loaded = HC_TRY(ctx.incidents.load(id));
    p.incident = LinkedIncident{id, loaded.incident.title};
  }
  return p;
}

core::Result<Outcome> deploy(Context& ctx, const PreparedDeploy& prepared) {
  const auto& spec = *prepared.spec;
  const auto& ops = ctx.write.ops_dir;
  const std::string actor = ctx.write.actor;
  auto lock = HC_TRY(ComponentLock::acquire(ops, spec.name));
  std::optional<std::string> linked;
  if (prepared.incident) linked = prepared.incident->id;
  Recorder::Start start{prepared.tag, spec.name, linked, ctx.host, ctx.pid};
  auto rec = HC_TRY(Recorder::create(ctx.write, ctx.clock, ctx.random, start, [&](const std::string& id) {
    return fmt::format("hotfix {}: deploying {} {} by {}", id, spec.name, prepared.tag, actor);
  }));
  lock.describe({rec.id(), prepared.tag, actor, ctx.host, core::format_rfc3339(ctx.clock()), ctx.pid});
  // With sync on, the `created` event was pushed (or, losing the race, the others' records pulled)
  // before any step runs: one deploy per component across machines, not only on this one.
  if (ctx.write.sharing && ctx.write.sharing->auto_sync && !prepared.force)
    if (auto other = running_elsewhere(ctx, spec.name, rec.id())) {
      auto why = fmt::format("stopped before any step: {} ({} {}) by {} is running on {} since {}", other->id,
                             other->component, other->tag, other->actor.empty() ? "?" : other->actor,
                             other->host.empty() ? "another machine" : other->host, core::format_rfc3339(other->started_at));
      (void)rec.append(event::finished, {{"status", status_name(Status::aborted)}, {"message", why}},
                       fmt::format("hotfix {}: {} {} aborted by {}: {} is running", rec.id(), spec.name, prepared.tag,
                                   actor, other->id));
      return core::fail(ErrorKind::busy, fmt::format("a hotfix of {} is already running: {}", spec.name, why),
                        fmt::format("follow it: hypercare hotfix show {}; if its machine is gone for good: hypercare "
                                    "hotfix deploy {} {} --force",
                                    other->id, prepared.tag, spec.name));
    }
  if (ctx.observer.begun)
    if (auto h = rec.fold()) ctx.observer.begun(*h);
  std::vector<std::string> closed;
  close_abandoned(ctx, spec.name, rec.id(), closed);
  note(ctx, linked, fmt::format("hotfix {}: deploying {} {} (by {})", rec.id(), spec.name, prepared.tag, actor));

  Values values{prepared.tag, spec.name, rec.id(), linked.value_or(""),
                prepared.incident ? prepared.incident->title : "", actor, ""};
  Pipeline p{spec, ops, ctx.env, values, ctx.interrupts, ctx.observer, rec};
  auto r = run_deploy(p);
  std::optional<std::string> opened;
  if (r.rollback_failed) opened = open_incident(ctx, spec, rec.id(), prepared.tag, linked, r.previous, r);
  auto o = finish(ctx, rec, r, opened,
                  fmt::format("hotfix {}: {} {} {} by {}", rec.id(), spec.name, prepared.tag, done_verb(r.status), actor));
  o.closed = std::move(closed);
  note(ctx, linked, fmt::format("hotfix {}: {}{}", rec.id(), r.message,
                                opened ? fmt::format(" — {} opened for the failed rollback", *opened) : ""));
  return o;
}

core::Result<PreparedRollback> prepare_rollback(const Context& ctx, std::string_view query) {
  Repository repo(ctx.write.ops_dir, ctx.write.warn);
  auto id = HC_TRY(repo.resolve(query));
  auto loaded = HC_TRY(repo.load(id));
  const auto& h = loaded.hotfix;
  const auto* spec = ctx.config.find(h.component);
  if (!spec)
    return core::fail(ErrorKind::config,
                      fmt::format("{} deployed {}, which {} no longer has: there is no rollback command for it", id,
                                  h.component, ctx.config.file.filename().string()),
                      fmt::format("add [component.{}] back to {}", h.component, ctx.config.file.filename().string()));
  if (h.status == Status::running) {
    auto proc = process_of(h, ctx.write.ops_dir, ctx.host);
    if (proc == Process::alive)
      return core::fail(ErrorKind::busy, fmt::format("{} is still running ({} {} by {})", id, h.component, h.tag, h.actor),
                        fmt::format("let it finish (it rolls back by itself when it fails): hypercare hotfix show {}", id));
    if (proc == Process::elsewhere)
      return core::fail(ErrorKind::busy, fmt::format("{} is recorded as running on {}: it may still be going there", id, h.host),
                        fmt::format("roll it back on {}, or once it has finished there", h.host));
  }
  if (!h.deployed())
    return core::fail(ErrorKind::data,
                      fmt::format("{} stopped before its deploy step ({}): nothing was deployed, nothing to roll back", id,
                                  status_name(h.status)),
                      fmt::format("hypercare hotfix show {}", id));
  if (h.status == Status::rolled_back)
    return core::fail(ErrorKind::data,
                      fmt::format("{} is rolled back already ({})", id,
                                  h.finished_at ? core::format_rfc3339(*h.finished_at) : std::string("time unknown")),
                      fmt::format("hypercare hotfix show {}", id));
  auto same = HC_TRY(repo.list({.since = {}, .until = {}, .component = h.component}));
  for (auto it = same.rbegin(); it != same.rend(); ++it) {
    if (it->id == h.id) break;
    if (it->deployed() && it->status != Status::rolled_back)
      return core::fail(ErrorKind::data,
                        fmt::format("{} ({} {}) was deployed after {}: rolling {} back now would undo it too", it->id,
                                    it->component, it->tag, id, id),
                        fmt::format("roll back the later one first: hypercare hotfix rollback {}", it->id));
  }
  return PreparedRollback{spec, std::move(loaded)};
}

core::Result<Outcome> rollback(Context& ctx, const PreparedRollback& prepared, const std::string& reason) {
  const auto& spec = *prepared.spec;
  const auto& ops = ctx.write.ops_dir;
  const std::string actor = ctx.write.actor;
  auto lock = HC_TRY(ComponentLock::acquire(ops, spec.name));
  // Read again under the lock: the record may have moved on since it was checked.
  Repository repo(ops, ctx.write.warn);
  auto loaded = HC_TRY(repo.load(prepared.loaded.hotfix.id));
  const Hotfix h = loaded.hotfix;
  auto rec = Recorder::resume(ctx.write, ctx.clock, ctx.random, h.id, std::move(loaded.file));
  HC_CHECK(rec.append(event::rollback_requested, {{"reason", reason}},
                      fmt::format("hotfix {}: rollback of {} {} started by {}", h.id, h.component, h.tag, actor)));
  lock.describe({h.id, h.tag, actor, ctx.host, core::format_rfc3339(ctx.clock()), ctx.pid});
  if (ctx.observer.begun)
    if (auto now = rec.fold()) ctx.observer.begun(*now);
  std::string to = h.previous ? " to " + clip(*h.previous, 200) : "";
  note(ctx, h.incident, fmt::format("hotfix {}: rolling back {} {}{} (by {}{})", h.id, h.component, h.tag, to, actor,
                                    reason.empty() ? "" : ": " + reason));

  std::string title;
  if (h.incident)
    if (auto inc = ctx.incidents.load(*h.incident)) title = inc->incident.title;
  Values values{h.tag, h.component, h.id, h.incident.value_or(""), title, actor, h.previous.value_or("")};
  Pipeline p{spec, ops, ctx.env, values, ctx.interrupts, ctx.observer, rec};
  auto r = run_rollback(p);
  std::optional<std::string> opened = h.opened_incident;
  if (r.rollback_failed) {
    if (opened) note(ctx, opened, fmt::format("hotfix {}: the rollback retried by {} failed again: {}", h.id, actor, r.message));
    else opened = open_incident(ctx, spec, h.id, h.tag, h.incident, h.previous.value_or(""), r);
  } else if (opened && r.status == Status::rolled_back) {
    note(ctx, opened, fmt::format("hotfix {}: rolled back by {}: {}", h.id, actor, r.message));
  }
  auto o = finish(ctx, rec, r, opened, fmt::format("hotfix {}: {} {} {} by {}", h.id, h.component, h.tag, done_verb(r.status), actor));
  note(ctx, h.incident, fmt::format("hotfix {}: {}", h.id, r.message));
  return o;
}

}  // namespace hypercare::hotfix
