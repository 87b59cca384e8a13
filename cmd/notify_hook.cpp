#include "notify_hook.hpp"

#include <fmt/format.h>

#include "hypercare/notify/delivery.hpp"
#include "hypercare/notify/maintenance.hpp"
#include "hypercare/notify/page.hpp"
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

namespace {

// The ack-link key, when [listen] signs links and the key can be read; a page still goes without.
std::string link_key(Invocation& inv, const config::HypercareConfig& cfg, notify::Secrets& secrets) {
  if (!cfg.listen.signs_links()) return {};
  auto key = secrets.resolve(cfg.listen.link_key);
  if (!key) {
    inv.warn(fmt::format("pages go without an ack link: {}", key.error().message));
    return {};
  }
  return *key;
}

}  // namespace

std::vector<notify::Entry> page_entries_for(Invocation& inv, const notify::Event& event,
                                            const std::vector<notify::Recipient>& people, notify::Secrets& secrets) {
  std::vector<notify::Entry> out;
  auto cfg = inv.config();
  if (!cfg || people.empty()) return out;
  notify::PageSetup setup{**cfg, inv.now(), link_key(inv, **cfg, secrets)};
  for (const auto& r : people) {
    auto entries = notify::page_entries(event, r, setup);
    if (!entries) {
      inv.warn(fmt::format("{} was not paged about {}: {}", r.person->id, event.key, entries.error().message));
      continue;
    }
    for (auto& e : *entries) out.push_back(std::move(e));
  }
  return out;
}

std::size_t send_notifications(Invocation& inv, const std::vector<notify::Event>& all,
                               const std::vector<notify::Entry>& extra_pages) {
  auto ops = inv.ops_dir();
  if (!ops) return 0;
  notify::Outbox outbox(*ops);
  // An acknowledgement stops the chain for everyone: pages still waiting are dropped (whether or
  // not this change notifies anyone).
  for (const auto& e : all)
    if (e.type == "incident.acknowledged") notify::cancel_pages(outbox, e.key, [&inv](const std::string& m) { inv.warn(m); });
  if (inv.globals().no_notify || (all.empty() && extra_pages.empty())) return 0;
  auto cfg = inv.config();
  if (!cfg) return 0;
  const rota::Schedule* schedule = nullptr;
  bool rota_read = false;
  auto rota = [&]() -> const config::RotaConfig* {
    if (!rota_read) schedule = inv.schedule_or_warn();
    rota_read = true;
    return schedule ? &schedule->config() : nullptr;
  };
  // No channel and nobody to page: nothing to do (most commands of a team that notifies nobody).
  if ((*cfg)->notify.channels.empty() && extra_pages.empty() &&
      (!rota() || !notify::anyone_pageable(*rota(), (*cfg)->paging)))
    return 0;
  auto windows = windows_or_warn(inv, *ops);
  notify::Secrets secrets(inv.ctx().env);
  std::vector<notify::Event> events;
  std::vector<notify::Entry> pages = extra_pages;
  for (const auto& e : all) {
    if (notify::silenced(e, windows, inv.now())) {
      if (inv.globals().verbose) inv.err() << fmt::format("hypercare: not notified ({}): under maintenance\n", e.type);
      continue;
    }
    events.push_back(e);
    if (e.subject_kind != "incident" && e.subject_kind != "handover") continue;
    const auto* people = rota();
    if (!people) continue;
    auto paged = notify::recipients(e, *people, **cfg);
    bool pageable = notify::anyone_pageable(*people, (*cfg)->paging);
    // Channel messages mention those paged by Slack, else the incident's assignee.
    auto& mentions = events.back().mentions;
    for (const auto& r : paged) {
      auto methods = notify::methods_for((*cfg)->paging, e.priority, *r.person);
      if (std::find(methods.begin(), methods.end(), config::ContactMethod::slack) != methods.end()) mentions.push_back(r.person->slack);
    }
    auto assignee = e.subject.find("assignee");
    if (paged.empty() && e.subject_kind == "incident" && assignee != e.subject.end() && assignee->is_string())
      if (const auto* p = people->person(assignee->get<std::string>()); p && !p->slack.empty()) mentions.push_back(p->slack);
    if (pageable)
      for (auto& entry : page_entries_for(inv, e, paged, secrets)) pages.push_back(std::move(entry));
  }
  if (events.empty() && pages.empty()) return 0;
  std::vector<notify::Entry> queued_all;
  if (!events.empty() && !(*cfg)->notify.channels.empty()) {
    auto queued = notify::enqueue(outbox, **cfg, events, inv.now(), inv.ctx().random);
    if (!queued) inv.warn(fmt::format("the change is saved but its notifications could not be queued: {}", queued.error().message));
    else queued_all = std::move(*queued);
  }
  if (!pages.empty()) {
    auto queued = notify::queue_pages(outbox, std::move(pages), inv.now(), inv.ctx().random);
    if (!queued) inv.warn(fmt::format("the change is saved but its pages could not be queued: {}", queued.error().message));
    else for (auto& e : *queued) queued_all.push_back(std::move(e));
  }
  auto* queued = &queued_all;
  if (queued->empty()) return 0;
  notify::DeliveryOptions options;
  bool paging = std::any_of(queued->begin(), queued->end(), [](const notify::Entry& e) { return !e.person.empty(); });
  std::chrono::milliseconds budget{paging ? 10000 : 0};
  for (const auto& ch : (*cfg)->notify.channels) budget = std::max(budget, ch.timeout);
  options.budget = budget;
  for (const auto& e : *queued) options.only.push_back(e.id);
  if (!windows.empty())
    options.hold = [&windows, now = inv.now()](const notify::Entry& e) { return notify::held(e, windows, now); };
  notify::Delivery d{outbox, (*cfg)->notify, secrets, notify::real_transport(), inv.now(), inv.ctx().random,
                     [&inv](const std::string& m) { inv.warn(m); }, &(*cfg)->paging};
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
      if (inv.globals().verbose)
        inv.err() << fmt::format("hypercare: notified {} ({})\n", o.person.empty() ? o.channel : o.person + " by " + o.channel, o.event);
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
  inv.warn(fmt::format("{} ({}: {}); the change itself is saved — {}", what,
                       first->person.empty() ? first->channel : first->person + " by " + first->channel, why, next));
  return delivered;
}

}  // namespace hypercare::cli
