// `hypercare watch`: what nobody should have to remember at 3 a.m. — run the health checks that
// are due, record SLA breaches, escalate unanswered incidents, deliver queued notifications.
// `--once` is one round for cron; without it, a round every --interval until stopped.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "commands.hpp"
#include "hypercare/kickoff/record.hpp"
#include "hypercare/config/checks_config.hpp"
#include "hypercare/health/history.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/incident/service.hpp"
#include "hypercare/notify/delivery.hpp"
#include "hypercare/render/table.hpp"
#include "hypercare/store/lock.hpp"
#include "hypercare/store/sync.hpp"
#include "heartbeat.hpp"
#include "shift_notices.hpp"
#include "incident_view.hpp"
#include "interrupts.hpp"
#include "notify_hook.hpp"
#include "watch_listen.hpp"

namespace hypercare::cli {

namespace {

struct WatchOptions {
  std::string interval = "1m";
  bool once = false;
  bool sync = false;  // --sync: [git] sync = "auto" for this process
  std::string listen;  // --listen ADDR: receive alerts over HTTP (watch_listen.hpp)
};

// What a round commits and shares (DESIGN.md §6): every write of the round goes into one commit at
// its end, pushed when sync is on; a round that changed nothing but routine health results commits
// them at most every [git] health_commit_interval, so a quiet day is a few dozen commits.
struct RoundSharing {
  std::optional<std::chrono::system_clock::time_point> last_health_commit;
};

struct Round {
  std::vector<std::string> checks_run;
  std::vector<health::CheckResult> failed;  // the due checks that failed or could not run
  std::vector<incident::Breach> breaches;
  std::vector<incident::Escalation> escalations;
  std::vector<HeartbeatChange> heartbeats;  // misses opened, recoveries noted
  std::vector<SentNotice> notices;          // shift notices queued
  std::vector<incident::Unreadable> problems;  // record files skipped this round
  std::size_t delivered = 0, failing = 0;
};

// The checks whose latest result is older than their interval (or that never ran).
core::Result<std::vector<std::string>> due_checks(Invocation& inv) {
  auto ops = HC_TRY(inv.ops_dir());
  auto cfg = HC_TRY(config::load_checks_config(ops));
  if (!cfg) return std::vector<std::string>{};
  auto latest = HC_TRY(health::latest_results(ops, [&inv](const std::string& m) { inv.warn(m); }));
  std::vector<std::string> due;
  for (const auto& c : cfg->checks) {
    std::optional<core::TimePoint> last;
    if (latest)
      for (const auto* list : {&latest->checks, &latest->info})
        for (const auto& r : *list)
          if (r.name == c.name) last = r.at;
    if (!last || *last + c.interval <= inv.now()) due.push_back(c.name);
  }
  return due;
}

bool health_only(const std::vector<std::filesystem::path>& files) {
  return std::all_of(files.begin(), files.end(), [](const auto& f) { return f.begin() != f.end() && *f.begin() == "health"; });
}

// Start of a round: what the others pushed (a laptop's ack) is read before anything is escalated.
void pull_at_start(Invocation& inv, const store::WriteOptions& w) {
  if (!w.sharing->auto_sync || !w.autocommit) return;
  store::Git git(w.ops_dir, w.env, &w.sharing->git);
  if (!git.in_work_tree()) return;
  auto lock = store::OpsLock::acquire(w.ops_dir, w.lock_timeout);
  if (!lock) {
    inv.warn(fmt::format("could not pull at the start of this round: {}", lock.error().message));
    return;
  }
  store::SyncOptions so;
  so.ops_dir = w.ops_dir;
  so.env = w.env;
  so.actor = w.actor;
  so.push = false;
  so.leftovers = false;
  so.timeout = std::chrono::seconds(10);
  so.random = w.random;
  if (auto r = store::sync(so); !r)
    inv.warn(fmt::format("could not pull at the start of this round ({}); going on with this clone's copy",
                         r.error().message));
}

// End of a round: one commit for everything it wrote (and what interrupted commands left), then push.
void commit_round(Invocation& inv, const store::WriteOptions& w, RoundSharing& rs) {
  auto& sharing = *w.sharing;
  if (!w.autocommit || sharing.batch.empty()) return;
  store::Git git(w.ops_dir, w.env, &w.sharing->git);
  if (!git.in_work_tree()) {
    sharing.batch.clear();
    sharing.messages.clear();
    return;
  }
  auto now = std::chrono::system_clock::now();
  if (health_only(sharing.batch)) {
    if (!rs.last_health_commit) {
      auto r = git.run({"log", "-1", "--format=%ct", "--", "health"});
      if (r && r->exit_code == 0 && !r->out.empty())
        rs.last_health_commit = std::chrono::system_clock::time_point(std::chrono::seconds(std::stoll(r->out)));
      else
        rs.last_health_commit = std::chrono::system_clock::time_point{};
    }
    core::Seconds interval = std::chrono::hours(1);
    if (auto cfg = inv.config()) interval = (*cfg)->health_commit_interval;
    if (now - *rs.last_health_commit < interval) return;  // kept for a later round's commit
  }
  auto lock = store::OpsLock::acquire(w.ops_dir, w.lock_timeout);
  if (!lock) {
    inv.warn(fmt::format("this round's changes are saved but not committed yet: {}", lock.error().message));
    return;
  }
  std::vector<std::filesystem::path> files = sharing.batch;
  if (auto stray = git.stray_records())
    for (const auto& f : *stray)
      if (std::find(files.begin(), files.end(), f) == files.end()) files.emplace_back(f);
  std::string message = sharing.messages.size() == 1
                            ? sharing.messages.front()
                            : fmt::format("watch: {} changes\n\n{}", sharing.messages.size(), fmt::join(sharing.messages, "\n"));
  if (sharing.messages.empty()) message = "watch: record files left uncommitted";
  if (auto c = git.commit(files, message, w.actor); !c) {
    inv.warn(fmt::format("{}; this round's changes are saved but not committed", c.error().message));
    return;
  }
  if (health_only(sharing.batch)) rs.last_health_commit = now;
  sharing.batch.clear();
  sharing.messages.clear();
  store::push_after_commit(w);
}

core::Result<Round> round(Invocation& inv) {
  Round r;
  r.checks_run = HC_TRY(due_checks(inv));
  if (!r.checks_run.empty()) {
    auto run = HC_TRY(run_health_named(inv, r.checks_run));
    for (const auto& c : run.checks)
      if (c.status == health::Status::fail || c.status == health::Status::error) r.failed.push_back(c);
  }

  // Heartbeats before the clocks: a miss opened now is notified with this round.
  r.heartbeats = HC_TRY(reconcile_heartbeats(inv));

  const auto* cfg = HC_TRY(inv.config());
  auto ops = HC_TRY(inv.ops_dir());
  auto repo = inv.incidents(ops);
  const rota::Schedule* schedule = inv.schedule_or_warn();
  auto write = HC_TRY(inv.write_options());
  if (inv.globals().as.empty()) write.actor = "hypercare-watch";
  incident::ServiceContext sc{*cfg, repo, write, inv.now(), inv.ctx().random, schedule};
  r.breaches = HC_TRY(incident::record_breaches(sc));
  if (schedule) r.escalations = HC_TRY(incident::escalate_due(sc));
  r.problems = repo.problems();
  // That a watcher runs is part of go-live readiness (`hypercare kickoff`): said once a day.
  if (auto seen = kickoff::watcher_seen(write, inv.now(), inv.ctx().random, this_host()); !seen)
    inv.warn(fmt::format("could not record this watcher's round for `hypercare kickoff`: {}", seen.error().message));
  std::vector<notify::Event> events;
  for (const auto& b : r.breaches)
    events.push_back(notify::incident_event("incident.breached", b.incident, *cfg, inv.now(), write.actor,
                                            fmt::format("the {} target was missed", b.clock)));
  for (const auto& e : r.escalations)
    events.push_back(notify::incident_event("incident.escalated", e.incident, *cfg, inv.now(), write.actor, e.message));
  r.delivered = send_notifications(inv, events);
  if (schedule) {
    auto open = repo.summaries(true);
    r.notices = HC_TRY(send_shift_notices(inv, *schedule, open ? open->size() : 0));
  }

  // Then everything else that is due in the outbox (retries, notifications and pages from other commands).
  if (!inv.globals().no_notify) {
    notify::Outbox outbox(ops);
    notify::Secrets secrets(inv.ctx().env);
    auto warn = [&inv](const std::string& m) { inv.warn(m); };
    auto queued = HC_TRY(outbox.list(warn));
    notify::DeliveryOptions options;
    options.budget = std::chrono::milliseconds(10000) * std::max<std::size_t>(1, queued.size());
    options.hold = maintenance_hold(inv);
    auto report = notify::deliver(
        {outbox, cfg->notify, secrets, notify::real_transport(), inv.now(), inv.ctx().random, warn, &cfg->paging}, options);
    r.delivered += report.count(notify::Outcome::What::delivered);
    for (const auto& e : HC_TRY(outbox.list(warn)))
      if (e.state == notify::EntryState::dead || !e.last_error.empty()) ++r.failing;
  }
  return r;
}

nlohmann::json round_json(Invocation& inv, const Round& r) {
  nlohmann::json breaches = nlohmann::json::array(), escalations = nlohmann::json::array();
  nlohmann::json failed = nlohmann::json::array();
  for (const auto& c : r.failed)
    failed.push_back({{"name", c.name}, {"status", health::status_name(c.status)}, {"message", c.message}});
  for (const auto& b : r.breaches) breaches.push_back({{"id", b.incident.id}, {"clock", b.clock}});
  for (const auto& e : r.escalations) escalations.push_back({{"id", e.id}, {"level", e.level}, {"to", e.to}});
  nlohmann::json notices = nlohmann::json::array();
  for (const auto& n : r.notices) notices.push_back({{"type", n.type}, {"person", n.person}, {"key", n.key}, {"text", n.text}});
  nlohmann::json heartbeats = nlohmann::json::array();
  for (const auto& h : r.heartbeats)
    for (const auto& a : h.outcome.actions)
      heartbeats.push_back({{"name", h.name}, {"action", incident::action_name(a.kind)},
                            {"incident", a.incident ? nlohmann::json(a.incident->id) : nlohmann::json(nullptr)}});
  return {{"at", core::format_rfc3339(inv.now())},
          {"checks_run", r.checks_run},
          {"checks_failed", failed},
          {"breaches", breaches},
          {"escalations", escalations},
          {"heartbeats", heartbeats},
          {"notices", notices},
          {"notifications", {{"delivered", r.delivered}, {"still_failing", r.failing}}},
          {"problems", problems_json(r.problems)}};
}

void print_round(Invocation& inv, const Round& r) {
  auto s = inv.style();
  auto zone = inv.zone();
  std::string at = zone ? core::format_local(inv.now(), *zone, "%F %H:%M %Z") : core::format_rfc3339(inv.now());
  for (const auto& c : r.failed)
    inv.out() << fmt::format("{} check {} {}: {}\n", s.red("✗"), c.name, health::status_name(c.status), render::one_line(c.message));
  for (const auto& h : r.heartbeats)
    for (const auto& a : h.outcome.actions) {
      if (!a.incident) continue;
      bool missed = a.kind == incident::IngestAction::Kind::created || a.kind == incident::IngestAction::Kind::refired;
      inv.out() << (missed ? fmt::format("{} heartbeat {} missed: {} ({})\n", s.red("!"), h.name, a.incident->id,
                                         config::priority_name(a.incident->priority))
                           : fmt::format("{} heartbeat {} is back: {} → {}\n", s.green("✓"), h.name, a.incident->id,
                                         incident::state_name(a.incident->status)));
    }
  for (const auto& b : r.breaches)
    inv.out() << fmt::format("{} {}: {} SLA breached ({} {})\n", s.red("!"), b.incident.id, b.clock,
                             config::priority_name(b.incident.priority), b.incident.title);
  for (const auto& e : r.escalations)
    inv.out() << fmt::format("{} {}: escalated to level {} ({})\n", s.yellow("↑"), e.id, e.level, e.to);
  for (const auto& n : r.notices) inv.out() << fmt::format("{} {} → {}: {}\n", s.cyan("⏰"), n.type, n.person, n.text);
  std::vector<std::string> parts;
  parts.push_back(r.checks_run.empty() ? "no checks due"
                                       : fmt::format("{} check{} run ({} failed)", r.checks_run.size(),
                                                     r.checks_run.size() == 1 ? "" : "s", r.failed.size()));
  parts.push_back(fmt::format("{} breach{}", r.breaches.size(), r.breaches.size() == 1 ? "" : "es"));
  parts.push_back(fmt::format("{} escalation{}", r.escalations.size(), r.escalations.size() == 1 ? "" : "s"));
  parts.push_back(fmt::format("{} notification{} delivered", r.delivered, r.delivered == 1 ? "" : "s"));
  if (r.failing) parts.push_back(s.red(fmt::format("{} failing (hypercare notify list --failed)", r.failing)));
  inv.out() << fmt::format("watch {}: {}\n", at, fmt::join(parts, " · "));
}

// Sleeps `d`, or less when SIGINT/SIGTERM arrives; true when it did.
bool interrupted_while_waiting(const InterruptScope& interrupts, std::chrono::milliseconds d) {
  auto until = std::chrono::steady_clock::now() + d;
  while (interrupts.count() == 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{interrupts.wake_fd(), POLLIN, 0};
    ::poll(&p, 1, int(std::min<long long>(left.count(), 60'000)));
  }
  return true;
}

core::Status run_watch(Invocation& inv, const WatchOptions& o) {
  auto interval = core::parse_duration(o.interval);
  if (!interval) return core::fail(core::ErrorKind::usage, "--interval: " + interval.error().message);
  if (*interval < std::chrono::seconds(5))
    return core::fail(core::ErrorKind::usage, "--interval must be at least 5s");
  if (o.once && !o.listen.empty())
    return core::fail(core::ErrorKind::usage, "--listen serves between rounds: it does not go with --once",
                      "hypercare watch --listen 127.0.0.1:9095");
  HC_TRY(inv.config());
  std::timed_mutex turn;  // the rounds and the listener's requests share `inv`: one at a time
  std::unique_ptr<Listener> listener;
  std::optional<InterruptScope> interrupts;
  if (!o.once) {
    interrupts.emplace(std::vector<std::string>{"hypercare: stopping: finishing the round and the requests in flight\n"});
    if (!o.listen.empty()) listener = HC_TRY(Listener::start(inv, turn, HC_TRY(parse_listen_address(o.listen))));
  }
  RoundSharing rs;
  for (bool first = true;; first = false) {
    std::unique_lock lock(turn);
    if (!first) {
      inv.refresh_now();
      inv.reload();
    }
    auto started = std::chrono::steady_clock::now();
    // Every write of the round goes into the round's one commit.
    auto sharing = inv.sharing();
    sharing->defer = true;
    if (auto cfg = inv.config()) sharing->auto_sync = o.sync || (*cfg)->git_sync_auto;
    auto write = inv.write_options();
    if (write) pull_at_start(inv, *write);
    auto r = round(inv);
    if (write) commit_round(inv, *write, rs);
    if (o.once) {
      if (!r) return std::unexpected(r.error());
      if (inv.json()) inv.print_json(round_json(inv, *r));
      else print_round(inv, *r);
      return {};
    }
    // Running for hours: a bad round (busy lock, a config being edited) is reported, not fatal.
    if (!r) inv.warn(fmt::format("this round stopped: {}{}", r.error().message,
                                 r.error().hint.empty() ? "" : " (hint: " + r.error().hint + ")"));
    else if (inv.json()) inv.out() << round_json(inv, *r).dump() << '\n';  // one JSON line per round
    else print_round(inv, *r);
    inv.out().flush();
    if (listener)
      listener->round_done({inv.now(), bool(r), r ? std::string() : r.error().message,
                            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)});
    lock.unlock();
    if (interrupts->count() > 0 || interrupted_while_waiting(*interrupts, *interval)) {
      if (!listener) return {};
      listener->stop();  // the requests in flight are answered first
      // What they recorded since the round is committed (and pushed) now rather than left for
      // the next process.
      lock.lock();
      if (auto w = inv.write_options()) commit_round(inv, *w, rs);
      return {};
    }
  }
}

}  // namespace

void add_watch(CLI::App& root, Invocation& inv, Action& action) {
  auto o = std::make_shared<WatchOptions>();
  auto* sub = root.add_subcommand("watch", "run due checks, record SLA breaches, escalate and deliver "
                                           "notifications; --once for cron");
  sub->footer(k_exit_status_footer);
  sub->add_option("--interval", o->interval, "time between rounds (default 1m, at least 5s)");
  sub->add_flag("--once", o->once, "one round, then exit (for cron or a CI schedule)");
  sub->add_flag("--sync", o->sync, "pull at the start of each round and push at its end, as [git] sync = \"auto\" does");
  sub->add_option("--listen", o->listen,
                  "receive alerts over HTTP at ADDR (e.g. 127.0.0.1:9095): POST /alertmanager, POST /webhook/NAME, GET|POST /heartbeat/NAME, GET /healthz, GET /metrics")
      ->type_name("ADDR");
  sub->callback([&inv, &action, o] { action = [&inv, o] { return run_watch(inv, *o); }; });
}

}  // namespace hypercare::cli
