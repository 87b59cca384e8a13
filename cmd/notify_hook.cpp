#include "notify_hook.hpp"

#include <fmt/format.h>

#include "hypercare/notify/delivery.hpp"
#include "hypercare/notify/maintenance.hpp"
#include "hypercare/notify/queue.hpp"
#include "hypercare/rota/schedule.hpp"

namespace hypercare::cli {

notify::Event incident_notification(Invocation& inv, std::string_view type, const incident::Incident& inc,
                                    const std::string& message) {
  const auto* cfg = *inv.config();  // the change that precedes this loaded it
  return notify::incident_event(type, inc, *cfg, inv.now(), inv.actor(), message);
}

namespace {

std::vector<maintenance::Window> windows_or_warn(Invocation& inv, const std::filesystem::path& ops) {
  auto w = maintenance::load_windows(ops, [&inv](const std::string& m) { inv.warn(m); });
  if (!w) inv.warn(w.error().message);
  return w ? std::move(*w) : std::vector<maintenance::Window>{};
}

}  // namespace

std::function<bool(const notify::Entry&)> maintenance_hold(Invocation& inv) {
  auto ops = inv.ops_dir();
  if (!ops) return {};
  auto windows = std::make_shared<std::vector<maintenance::Window>>(windows_or_warn(inv, *ops));
  if (windows->empty()) return {};
  auto now = inv.now();
  return [windows, now](const notify::Entry& e) { return notify::held(e, *windows, now); };
}

std::size_t send_notifications(Invocation& inv, const std::vector<notify::Event>& all) {
  if (inv.globals().no_notify || all.empty()) return 0;
  auto cfg = inv.config();
  auto ops = inv.ops_dir();
  if (!cfg || !ops || (*cfg)->notify.channels.empty()) return 0;
  auto windows = windows_or_warn(inv, *ops);
  const rota::Schedule* schedule = nullptr;
  std::vector<notify::Event> events;
  for (const auto& e : all) {
    if (notify::silenced(e, windows, inv.now())) {
      if (inv.globals().verbose) inv.err() << fmt::format("hypercare: not notified ({}): under maintenance\n", e.type);
      continue;
    }
    events.push_back(e);
    // Slack mentions the person an incident is for: its assignee, by the rota's member id.
    auto assignee = e.subject_kind == "incident" ? e.subject.find("assignee") : e.subject.end();
    if (assignee == e.subject.end() || !assignee->is_string() || assignee->get<std::string>().empty()) continue;
    if (!schedule) schedule = inv.schedule_or_warn();
    if (const auto* p = schedule ? schedule->config().person(assignee->get<std::string>()) : nullptr) events.back().mention = p->slack;
  }
  if (events.empty()) return 0;
  notify::Outbox outbox(*ops);
  auto queued = notify::enqueue(outbox, **cfg, events, inv.now(), inv.ctx().random);
  if (!queued) {
    inv.warn(fmt::format("the change is saved but its notifications could not be queued: {}", queued.error().message));
    return 0;
  }
  if (queued->empty()) return 0;
  notify::DeliveryOptions options;
  std::chrono::milliseconds budget{0};
  for (const auto& ch : (*cfg)->notify.channels) budget = std::max(budget, ch.timeout);
  options.budget = budget;
  for (const auto& e : *queued) options.only.push_back(e.id);
  if (!windows.empty())
    options.hold = [&windows, now = inv.now()](const notify::Entry& e) { return notify::held(e, windows, now); };
  notify::Secrets secrets(inv.ctx().env);
  notify::Delivery d{outbox, (*cfg)->notify, secrets, notify::real_transport(), inv.now(), inv.ctx().random,
                     [&inv](const std::string& m) { inv.warn(m); }};
  auto report = notify::deliver(d, options);
  if (report.busy) {
    inv.warn(fmt::format("{} notification{} queued: another hypercare process is delivering (see: hypercare notify list)",
                         queued->size(), queued->size() == 1 ? "" : "s"));
    return 0;
  }
  using What = notify::Outcome::What;
  std::size_t failed = 0, dead = 0;
  const notify::Outcome* first = nullptr;
  for (const auto& o : report.outcomes) {
    if (o.what == What::delivered) {
      if (inv.globals().verbose) inv.err() << fmt::format("hypercare: notified {} ({})\n", o.channel, o.event);
      continue;
    }
    o.what == What::dead ? ++dead : ++failed;
    if (!first || (o.what == What::dead && first->what != What::dead)) first = &o;
  }
  std::size_t delivered = report.count(What::delivered);
  if (!first) return delivered;
  std::string why = first->error.empty() ? "not tried in time" : first->error;
  std::string what = dead ? fmt::format("{} notification{} failed for good", dead, dead == 1 ? "" : "s")
                          : fmt::format("{} notification{} not delivered yet", failed, failed == 1 ? "" : "s");
  std::string next = dead ? "hypercare notify list --failed" : "hypercare notify flush";
  if (!first->hint.empty()) next = first->hint;
  inv.warn(fmt::format("{} ({}: {}); the change itself is saved — {}", what, first->channel, why, next));
  return delivered;
}

}  // namespace hypercare::cli
