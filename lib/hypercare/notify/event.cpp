#include "hypercare/notify/event.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/handover/json.hpp"
#include "hypercare/incident/json.hpp"

namespace hypercare::notify {

namespace {

std::string incident_headline(std::string_view type, const incident::Incident& inc, const config::HypercareConfig& cfg) {
  auto p = config::priority_name(inc.priority);
  const auto& label = cfg.level(inc.priority).label;
  std::string what = std::string(type.substr(type.find('.') + 1));
  if (what == "created") return fmt::format("{} {} incident opened", p, label);
  if (what == "acknowledged") return fmt::format("{} incident acknowledged by {}", p, inc.acknowledged_by);
  if (what == "status_changed") return fmt::format("{} incident is now {}", p, incident::state_name(inc.status));
  if (what == "assigned") return fmt::format("{} incident assigned to {}", p, inc.assignee);
  if (what == "priority_changed") return fmt::format("incident is now {} {}", p, label);
  if (what == "escalated")
    return fmt::format("{} incident escalated to level {}{}", p, inc.escalation_level,
                       inc.assignee.empty() ? "" : fmt::format(" ({})", inc.assignee));
  if (what == "breached") return fmt::format("{} incident breached its SLA", p);
  if (what == "resolved") return fmt::format("{} incident resolved", p);
  if (what == "reopened") return fmt::format("{} incident reopened", p);
  return fmt::format("{} incident: {}", p, what);
}

}  // namespace

Event incident_event(std::string_view type, const incident::Incident& inc, const config::HypercareConfig& cfg,
                     core::TimePoint now, const std::string& actor, const std::string& message) {
  Event e;
  e.type = std::string(type);
  e.at = now;
  e.actor = actor;
  e.priority = inc.priority;
  e.key = inc.id;
  e.headline = incident_headline(type, inc, cfg);
  e.title = inc.title;
  e.message = message;
  e.subject_kind = "incident";
  auto summary = inc;
  summary.timeline.clear();
  e.subject = incident::to_json(summary, incident::compute_sla(inc, cfg, now), false);
  e.subject["priority_label"] = cfg.level(inc.priority).label;
  if (!inc.labels.empty()) e.subject["labels"] = inc.labels;
  if (!inc.fingerprint.empty()) e.subject["fingerprint"] = inc.fingerprint;
  e.source = inc.component.empty() ? (cfg.team_name.empty() ? "hypercare" : cfg.team_name) : inc.component;
  return e;
}

Event shift_event(std::string_view type, const std::string& key, const std::string& headline, const std::string& title,
                  core::TimePoint now) {
  Event e;
  e.type = std::string(type);
  e.at = now;
  e.actor = "hypercare";
  e.key = key;
  e.headline = headline;
  e.title = title;
  e.subject_kind = "shift";
  e.subject = {{"key", key}, {"notice", title}};
  e.source = "rota";
  return e;
}

Event health_event(std::string_view type, const health::CheckResult& r, core::TimePoint now) {
  Event e;
  e.type = std::string(type);
  e.at = now;
  e.actor = "hypercare";
  e.key = "health:" + r.name;
  bool failed = type == "health.failed";
  e.headline = failed ? fmt::format("check {} is {}", r.name, health::status_name(r.status))
                      : fmt::format("check {} recovered", r.name);
  e.title = r.message.empty() ? r.name : fmt::format("{}: {}", r.name, r.message);
  e.subject_kind = "check";
  e.subject = {{"name", r.name}, {"kind", r.kind}, {"service", r.service}, {"status", health::status_name(r.status)},
               {"latency_ms", r.latency_ms}, {"message", r.message}};
  if (r.value) e.subject["value"] = *r.value;
  else e.subject["value"] = nullptr;
  e.source = r.service.empty() ? r.name : r.service;
  return e;
}

Event handover_event(std::string_view type, const handover::Handover& h, core::TimePoint now, const std::string& actor,
                     const std::string& team) {
  Event e;
  e.type = std::string(type);
  e.at = now;
  e.actor = actor;
  e.key = h.id;
  e.title = fmt::format("{} → {}", h.from, h.to);
  const auto* first = h.first_acceptance();
  if (type == "handover.accepted" && first) {
    auto open = h.unconfirmed();
    e.headline = fmt::format("handover accepted by {}{}", first->by, first->as_other ? " for " + h.to : "");
    e.message = open.empty() ? "every checklist item confirmed"
                             : fmt::format("not confirmed yet: {}", fmt::join(open, ", "));
  } else {
    const auto& counts = h.snapshot.value("counts", nlohmann::json::object());
    const auto& health = h.snapshot.value("health", nlohmann::json());
    e.headline = fmt::format("shift handover from {} to {}", h.from, h.to);
    e.message = fmt::format("{} open incident(s) · {} pending · services {}", counts.value("open", 0),
                            counts.value("pending", 0),
                            health.is_object() ? health.value("overall", "UNKNOWN") : std::string("UNKNOWN"));
  }
  e.subject_kind = "handover";
  e.subject = handover::summary_json(h);
  e.source = team.empty() ? "hypercare" : team;
  return e;
}

Event test_event(const std::string& channel, core::TimePoint now, const std::string& actor) {
  Event e;
  e.type = "notify.test";
  e.at = now;
  e.actor = actor;
  e.key = "test:" + channel;
  e.headline = "test notification";
  e.title = fmt::format("hypercare can reach channel {}", channel);
  e.message = fmt::format("Sent by {} with `hypercare notify test {}`. Nothing to do.", actor, channel);
  e.priority = config::Priority::P4;  // PagerDuty severity "info"
  e.subject_kind = "test";
  e.subject = {{"channel", channel}};
  e.source = "hypercare";
  return e;
}

bool wants(const config::Channel& channel, const Event& event) {
  // A test goes to the channel it names, whatever its filters say.
  if (event.type.starts_with("notify.test")) return event.subject.value("channel", "") == channel.name;
  bool gated = true;
  // PagerDuty: min_priority decides what pages; acknowledging or resolving is always passed on,
  // so an incident lowered after it paged never leaves the page open.
  if (channel.kind == config::ChannelKind::pagerduty)
    gated = event.type != "incident.acknowledged" && event.type != "incident.resolved";
  if (gated && event.priority && int(*event.priority) > int(channel.min_priority)) return false;
  return std::any_of(channel.events.begin(), channel.events.end(),
                     [&](const std::string& p) { return config::glob_match(p, event.type); });
}

}  // namespace hypercare::notify
