// `hypercare notify list | flush | test`: the outbox of Slack, PagerDuty and webhook messages.
#include <limits>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.hpp"
#include "hypercare/kickoff/record.hpp"
#include "hypercare/notify/delivery.hpp"
#include "hypercare/notify/queue.hpp"
#include "hypercare/render/table.hpp"
#include "notify_hook.hpp"

namespace hypercare::cli {

namespace {

using notify::Outcome;

struct NotifyListOptions {
  bool failed = false;
  bool sent = false;
  int limit = 20;
};

struct NotifyFlushOptions {
  bool all = false;
};

struct NotifyDropOptions {
  std::vector<std::string> ids;
  bool dead = false;
};

struct NotifyTestOptions {
  std::string channel;
};

// "now", "in 40s", "in 3m": a retry less than a minute away is not "now".
std::string next_try(core::TimePoint at, core::TimePoint now) {
  if (at <= now) return "now";
  if (at - now < std::chrono::minutes(1)) return fmt::format("in {}s", (at - now).count());
  return core::relative(at, now);
}

// A channel's name, or for a page the method and its person: "email → dev1".
std::string destination(const std::string& channel, const std::string& person) {
  return person.empty() ? channel : fmt::format("{} → {}", channel, person);
}

std::string tail(const std::string& id) { return id.size() > 8 ? "…" + id.substr(id.size() - 8) : id; }

nlohmann::json entry_json(const notify::Entry& e) {
  return {{"id", e.id},
          {"channel", e.channel},
          {"person", e.person.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.person)},
          {"kind", e.kind},
          {"event", e.event},
          {"subject", e.key},
          {"summary", e.summary},
          {"state", e.state == notify::EntryState::dead ? "dead" : "queued"},
          {"attempts", e.attempts},
          {"created_at", core::format_rfc3339(e.created_at)},
          {"next_attempt_at", e.state == notify::EntryState::dead ? nlohmann::json(nullptr)
                                                                   : nlohmann::json(core::format_rfc3339(e.next_at))},
          {"last_status", e.last_status == 0 ? nlohmann::json(nullptr) : nlohmann::json(e.last_status)},
          {"last_error", e.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.last_error)}};
}

core::Status run_list(Invocation& inv, const NotifyListOptions& o) {
  auto ops = HC_TRY(inv.ops_dir());
  notify::Outbox outbox(ops);
  auto warn = [&inv](const std::string& m) { inv.warn(m); };
  auto now = inv.now();
  if (o.sent) {
    auto sent = HC_TRY(outbox.sent(warn));
    std::size_t from = o.limit > 0 && sent.size() > std::size_t(o.limit) ? sent.size() - std::size_t(o.limit) : 0;
    if (inv.json()) {
      nlohmann::json out = nlohmann::json::array();
      for (std::size_t i = from; i < sent.size(); ++i)
        out.push_back({{"id", sent[i].id}, {"channel", sent[i].channel},
                       {"person", sent[i].person.empty() ? nlohmann::json(nullptr) : nlohmann::json(sent[i].person)},
                       {"event", sent[i].event}, {"subject", sent[i].key},
                       {"summary", sent[i].summary}, {"delivered_at", core::format_rfc3339(sent[i].at)},
                       {"status", sent[i].status}, {"attempts", sent[i].attempts}});
      inv.print_json(out);
      return {};
    }
    if (sent.empty()) {
      inv.out() << "Nothing has been delivered from this machine yet.\n";
      return {};
    }
    auto zone = HC_TRY(inv.zone());
    render::Table t({"DELIVERED", "CHANNEL", "EVENT", "HTTP", "SUMMARY"});
    for (std::size_t i = from; i < sent.size(); ++i)
      t.add({core::format_local(sent[i].at, zone), destination(sent[i].channel, sent[i].person), sent[i].event, std::to_string(sent[i].status),
             render::truncate(render::one_line(sent[i].summary), 70)});
    t.write(inv.out());
    return {};
  }
  auto entries = HC_TRY(outbox.list(warn));
  std::vector<const notify::Entry*> shown;
  for (const auto& e : entries)
    if (!o.failed || e.state == notify::EntryState::dead || e.attempts > 0 || !e.last_error.empty()) shown.push_back(&e);
  if (inv.json()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto* e : shown) out.push_back(entry_json(*e));
    inv.print_json(out);
    return {};
  }
  if (shown.empty()) {
    inv.out() << (o.failed ? "No failed notifications.\n" : "The outbox is empty: every notification was delivered.\n");
    return {};
  }
  auto s = inv.style();
  render::Table t({"ID", "CHANNEL", "EVENT", "STATE", "TRIES", "NEXT TRY", "LAST ERROR"});
  for (const auto* e : shown) {
    bool dead = e->state == notify::EntryState::dead;
    t.add({tail(e->id), destination(e->channel, e->person), e->event, dead ? s.red("dead") : "queued", std::to_string(e->attempts),
           dead ? "-" : next_try(e->next_at, now),
           // --failed is where people go for the service's own words: the whole error, not 60 chars.
           o.failed ? render::one_line(e->last_error) : render::truncate(render::one_line(e->last_error), 60)});
  }
  t.write(inv.out());
  std::size_t dead = std::count_if(shown.begin(), shown.end(), [](const auto* e) { return e->state == notify::EntryState::dead; });
  if (dead) inv.out() << fmt::format("\n{} dead-lettered: fix the cause, then `hypercare notify flush --all` sends them again.\n", dead);
  else inv.out() << "\n`hypercare notify flush` sends what is due now.\n";
  return {};
}

// `failing`: entries still in the outbox after the run that failed at least once or were given up.
core::Status print_report(Invocation& inv, const notify::DeliveryReport& r, const std::string& nothing,
                          std::size_t failing) {
  auto s = inv.style();
  std::optional<core::ErrorKind> setup;
  std::string setup_message, setup_hint;
  for (const auto& o : r.outcomes)
    if (o.setup_error && (!setup || *o.setup_error == core::ErrorKind::permission)) {
      setup = o.setup_error;
      setup_message = o.error;
      setup_hint = o.hint;
    }
  std::size_t delivered = r.count(Outcome::What::delivered), retrying = r.count(Outcome::What::retrying),
              dead = r.count(Outcome::What::dead), waiting = r.count(Outcome::What::waiting);
  if (inv.json()) {
    nlohmann::json out = {{"delivered", delivered}, {"retrying", retrying}, {"dead", dead}, {"waiting", waiting},
                          {"still_failing", failing}, {"notifications", nlohmann::json::array()}};
    static constexpr const char* names[] = {"delivered", "retrying", "dead", "waiting"};
    for (const auto& o : r.outcomes)
      out["notifications"].push_back({{"id", o.id}, {"channel", o.channel},
                                      {"person", o.person.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.person)},
                                      {"event", o.event},
                                      {"result", names[int(o.what)]},
                                      {"status", o.status == 0 ? nlohmann::json(nullptr) : nlohmann::json(o.status)},
                                      {"error", o.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.error)},
                                      {"next_attempt_at", o.what == Outcome::What::retrying ? nlohmann::json(core::format_rfc3339(o.next_at)) : nlohmann::json(nullptr)}});
    inv.print_json(out);
  } else if (r.outcomes.empty()) {
    inv.out() << nothing;
  } else {
    for (const auto& o : r.outcomes) {
      switch (o.what) {
        case Outcome::What::delivered: inv.out() << fmt::format("{} {} → {}\n", s.green("✓"), o.event, destination(o.channel, o.person)); break;
        case Outcome::What::retrying:
          inv.out() << fmt::format("{} {} → {}: {}{}\n", s.yellow("…"), o.event, destination(o.channel, o.person), o.error,
                                   o.setup_error ? "" : fmt::format(" (next try {})", next_try(o.next_at, inv.now())));
          break;
        case Outcome::What::dead:
          inv.out() << fmt::format("{} {} → {}: {}\n", s.red("✗"), o.event, destination(o.channel, o.person), o.error);
          break;
        case Outcome::What::waiting:
          inv.out() << fmt::format("· {} → {}: {}\n", o.event, destination(o.channel, o.person), o.error.empty() ? "not tried (out of time)" : o.error);
          break;
      }
    }
    inv.out() << fmt::format("{} delivered, {} to retry, {} dead-lettered{}\n", delivered, retrying + waiting, dead,
                             r.out_of_time ? " (out of time: run it again)" : "");
  }
  // An unsafe secrets file is a permission problem (77); an unset secret is just "still failing".
  if (setup && *setup == core::ErrorKind::permission) return core::fail(*setup, setup_message, setup_hint);
  if (failing > 0)
    return core::fail(core::ErrorKind::unavailable,
                      fmt::format("{} notification{} still failing", failing, failing == 1 ? " is" : "s are"),
                      "hypercare notify list --failed");
  return {};
}

notify::Delivery delivery(Invocation& inv, const notify::Outbox& outbox, const config::HypercareConfig& cfg,
                          notify::Secrets& secrets) {
  return {outbox, cfg.notify, secrets, notify::real_transport(), inv.now(), inv.ctx().random,
          [&inv](const std::string& m) { inv.warn(m); }, &cfg.paging};
}

core::Status run_flush(Invocation& inv, const NotifyFlushOptions& o) {
  const auto* cfg = HC_TRY(inv.config());
  auto ops = HC_TRY(inv.ops_dir());
  notify::Outbox outbox(ops);
  notify::Secrets secrets(inv.ctx().env);
  notify::DeliveryOptions options;
  options.ignore_schedule = o.all;
  // A backlog may be long: budget a timeout per queued entry, not one for the whole run.
  auto queued = HC_TRY(outbox.list([&inv](const std::string& m) { inv.warn(m); }));
  options.budget = std::chrono::milliseconds(10000) * std::max<std::size_t>(1, queued.size());
  auto report = notify::deliver(delivery(inv, outbox, *cfg, secrets), options);
  if (report.busy)
    return core::fail(core::ErrorKind::busy, "another hypercare process is delivering notifications", "try again in a moment");
  std::size_t failing = 0, dead = 0, waiting = 0;
  for (const auto& e : HC_TRY(outbox.list([](const std::string&) {}))) {
    if (e.state == notify::EntryState::dead || !e.last_error.empty()) ++failing;
    (e.state == notify::EntryState::dead ? dead : waiting) += 1;
  }
  // When nothing was tried: say what the outbox still holds and what to do about it.
  auto plural = [](std::size_t n) { return n == 1 ? "notification" : "notifications"; };
  std::string nothing =
      dead + waiting == 0 ? "The outbox is empty: every notification was delivered.\n"
      : dead == 0         ? fmt::format("Nothing is due: {} {} wait for a later retry (`hypercare notify list`; "
                                        "`--all` sends them now).\n", waiting, plural(waiting))
                          : fmt::format("Nothing is due{}; {} dead-lettered {} will not be retried by themselves "
                                        "(`hypercare notify list --failed`): `hypercare notify flush --all` tries them "
                                        "again, `hypercare notify drop --dead` drops them.\n",
                                        waiting ? fmt::format(" ({} {} wait for a later retry)", waiting, plural(waiting)) : "",
                                        dead, plural(dead));
  return print_report(inv, report, nothing, failing);
}

core::Status run_test(Invocation& inv, const NotifyTestOptions& o) {
  const auto* cfg = HC_TRY(inv.config());
  const auto* ch = cfg->notify.find(o.channel);
  if (!ch) {
    std::string known;
    for (const auto& c : cfg->notify.channels) known += (known.empty() ? "" : ", ") + c.name;
    return core::fail(core::ErrorKind::missing, fmt::format("no channel named '{}' in hypercare.toml", o.channel),
                      known.empty() ? "add a [[notify.channel]] table to hypercare.toml" : "known channels: " + known);
  }
  auto ops = HC_TRY(inv.ops_dir());
  notify::Outbox outbox(ops);
  notify::Secrets secrets(inv.ctx().env);
  // Check the secret first: a test that cannot even start says why at once.
  if (auto s = secrets.resolve(ch->secret); !s) return std::unexpected(s.error());
  std::vector<notify::Event> events = {notify::test_event(ch->name, inv.now(), inv.actor())};
  if (ch->kind == config::ChannelKind::pagerduty) {
    auto done = events.front();
    done.type = "notify.test_done";
    events.push_back(done);
  }
  auto queued = HC_TRY(notify::enqueue(outbox, *cfg, events, inv.now(), inv.ctx().random));
  notify::DeliveryOptions options;
  options.budget = ch->timeout * std::max<std::size_t>(1, queued.size());
  for (const auto& e : queued) options.only.push_back(e.id);
  auto report = notify::deliver(delivery(inv, outbox, *cfg, secrets), options);
  // A test that failed is not worth retrying later: drop what is left of it.
  for (const auto& e : queued) (void)outbox.remove(e.id);
  if (report.busy) return core::fail(core::ErrorKind::busy, "another hypercare process is delivering notifications", "try again in a moment");
  std::size_t failing = report.count(Outcome::What::retrying) + report.count(Outcome::What::dead) + report.count(Outcome::What::waiting);
  // An answered test is on record for every clone: `hypercare kickoff` counts the channel as ready.
  if (failing == 0 && report.count(Outcome::What::delivered) > 0) {
    auto write = inv.write_options();
    core::Status recorded = write ? kickoff::channel_tested(*write, inv.now(), inv.ctx().random, ch->name) : std::unexpected(write.error());
    if (!recorded) inv.warn(fmt::format("the test passed, but could not be recorded for `hypercare kickoff`: {}", recorded.error().message));
  }
  return print_report(inv, report, "", failing);
}

// Discards notifications for good: the ones named (any unambiguous tail of the id), or every
// dead-lettered one with --dead.
core::Status run_drop(Invocation& inv, const NotifyDropOptions& o) {
  if (o.ids.empty() == !o.dead)
    return core::fail(core::ErrorKind::usage, "give notification ids or --dead, not both and not neither",
                      "hypercare notify list --failed shows the ids");
  auto ops = HC_TRY(inv.ops_dir());
  notify::Outbox outbox(ops);
  auto lock = outbox.lock_for_delivery();
  if (!lock) return std::unexpected(lock.error());
  auto entries = HC_TRY(outbox.list([&inv](const std::string& m) { inv.warn(m); }));
  std::vector<std::string> all;
  for (const auto& e : entries) all.push_back(e.id);
  std::vector<const notify::Entry*> chosen;
  if (o.dead) {
    for (const auto& e : entries)
      if (e.state == notify::EntryState::dead) chosen.push_back(&e);
  } else {
    for (const auto& q : o.ids) {
      auto id = HC_TRY(core::resolve_id(q, all, "queued notification", "hypercare notify list"));
      for (const auto& e : entries)
        if (e.id == id) chosen.push_back(&e);
    }
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto* e : chosen) {
    HC_CHECK(outbox.remove(e->id));
    out.push_back(entry_json(*e));
    if (!inv.json()) inv.out() << fmt::format("dropped {} ({} → {})\n", tail(e->id), e->event, e->channel);
  }
  if (inv.json()) inv.print_json(out);
  else if (chosen.empty()) inv.out() << "No dead-lettered notifications.\n";
  return {};
}

}  // namespace

void add_notify(CLI::App& root, Invocation& inv, Action& action) {
  auto* cmd = root.add_subcommand("notify", "the notification outbox: Slack, PagerDuty and webhook messages");
  cmd->footer(k_exit_status_footer);
  cmd->require_subcommand(1);
  {
    auto o = std::make_shared<NotifyListOptions>();
    auto* sub = verb(*cmd, "list", "queued and dead-lettered notifications (this machine's outbox)");
    sub->alias("ls");
    sub->add_flag("--failed", o->failed, "only those that failed at least once or were given up");
    sub->add_flag("--sent", o->sent, "the delivery log instead: what was sent, newest last");
    sub->add_option("--limit", o->limit, "with --sent: at most N lines (default 20, 0: all)")->check(whole_number(0, std::numeric_limits<long long>::max()));
    sub->callback([&inv, &action, o] { action = [&inv, o] { return run_list(inv, *o); }; });
  }
  {
    auto o = std::make_shared<NotifyFlushOptions>();
    auto* sub = verb(*cmd, "flush", "send every notification that is due; exit 69 if some still fail");
    sub->add_flag("--all", o->all, "also those whose retry time has not come, and dead-lettered ones");
    sub->callback([&inv, &action, o] { action = [&inv, o] { return run_flush(inv, *o); }; });
  }
  {
    auto o = std::make_shared<NotifyDropOptions>();
    auto* sub = verb(*cmd, "drop", "discard queued or dead-lettered notifications for good");
    sub->add_option("ids", o->ids, "notification ids (any unambiguous tail, as `notify list` shows)");
    sub->add_flag("--dead", o->dead, "every dead-lettered notification");
    sub->callback([&inv, &action, o] { action = [&inv, o] { return run_drop(inv, *o); }; });
  }
  {
    auto o = std::make_shared<NotifyTestOptions>();
    auto* sub = verb(*cmd, "test", "send a test message to one channel now (PagerDuty: trigger, then resolve)");
    sub->add_option("channel", o->channel, "a channel name from hypercare.toml")->required();
    sub->callback([&inv, &action, o] { action = [&inv, o] { return run_test(inv, *o); }; });
  }
}

}  // namespace hypercare::cli
