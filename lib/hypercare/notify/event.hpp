// Something that happened and may be worth telling people about: an incident change, a check
// that went red, a hotfix. Built after the change is on disk; channels decide what to send.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/core/time.hpp"
#include "hypercare/handover/model.hpp"
#include "hypercare/health/result.hpp"
#include "hypercare/incident/model.hpp"
#include "hypercare/incident/sla.hpp"

namespace hypercare::notify {

struct Event {
  std::string type;  // one of config::known_event_types()
  core::TimePoint at;
  std::string actor;
  std::optional<config::Priority> priority;  // compared with a channel's min_priority; none: always sent
  // What the event is about ("INC-20261127-7K2M", "health:odoo-web"): the PagerDuty dedup_key, and
  // the order key (notifications about one subject on one channel are delivered in order).
  std::string key;
  std::string headline;  // one line for people: "P1 incident opened"
  std::string title;     // the subject's own title
  std::string message;   // what came with the change (status text, escalation reason), may be empty
  std::string subject_kind;  // "incident", "check", "hotfix", "handover", "test"
  nlohmann::json subject;    // its JSON shape (CLI.md)
  std::string source;        // component / service, for PagerDuty's `source`
  std::vector<std::string> mentions;  // Slack member ids of the people it is for (the assignee, those paged): <@U…>
};

// incident.<what> from the incident as it is after the change.
Event incident_event(std::string_view type, const incident::Incident& inc, const config::HypercareConfig& cfg,
                     core::TimePoint now, const std::string& actor, const std::string& message = {});

// health.failed / health.recovered for one check.
Event health_event(std::string_view type, const health::CheckResult& result, core::TimePoint now);

// shift.starting / shift.changed: `title` is the whole notice; the key names the shift.
Event shift_event(std::string_view type, const std::string& key, const std::string& headline, const std::string& title,
                  core::TimePoint now);

// handover.created / handover.accepted ("dev2 → dev3"; no priority: every channel that lists it).
Event handover_event(std::string_view type, const handover::Handover& h, core::TimePoint now, const std::string& actor,
                     const std::string& team);

// notify.test for `notify test CHANNEL` (PagerDuty gets a trigger, then notify.test_done to
// resolve it at once, so a test never leaves an open page).
Event test_event(const std::string& channel, core::TimePoint now, const std::string& actor);

// Whether `channel` wants `event`: an events glob matches and the priority is high enough.
bool wants(const config::Channel& channel, const Event& event);

}  // namespace hypercare::notify
