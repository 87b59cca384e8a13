// Shared inputs for the notify unit tests: a team config, a fixed clock, an incident, channels.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/config/notify_config.hpp"
#include "hypercare/core/ids.hpp"
#include "hypercare/incident/model.hpp"

namespace hypercare::notify::testing {

inline core::TimePoint t0() { return *core::parse_rfc3339("2026-11-27T03:00:00Z"); }

inline config::HypercareConfig team_config() {
  config::HypercareConfig c;
  c.team_name = "Smart Dairy";
  c.timezone = "UTC";
  c.zone = *core::find_zone("UTC");
  c.priorities = config::default_priorities();
  return c;
}

inline incident::Incident sample_incident(config::Priority p = config::Priority::P1) {
  incident::Incident inc;
  inc.id = "INC-20261127-7K2M";
  inc.origin = "01JDEVENT";
  inc.title = "Payments API down";
  inc.priority = p;
  inc.component = "api";
  inc.impact = "checkout fails for every customer";
  inc.description = "502 from the upstream gateway";
  inc.assignee = "dev2";
  inc.created_at = t0();
  inc.created_by = "dev1";
  return inc;
}

inline config::Channel channel(config::ChannelKind kind, std::string name = "ch",
                               std::vector<std::string> events = {"*"},
                               config::Priority min = config::Priority::P4) {
  config::Channel c;
  c.name = std::move(name);
  c.kind = kind;
  c.secret.env = "HC_TEST_SECRET";
  if (kind == config::ChannelKind::pagerduty) c.url = "http://127.0.0.1:9/v2/enqueue";
  c.events = std::move(events);
  c.min_priority = min;
  return c;
}

// A deterministic core::Random: always `value`.
inline core::Random fixed_random(std::uint64_t value) {
  return [value] { return value; };
}

// A deterministic sequence (an LCG), for ids.
inline core::Random counting_random() {
  auto state = std::make_shared<std::uint64_t>(7);
  return [state] { return *state = *state * 6364136223846793005ull + 1442695040888963407ull; };
}

}  // namespace hypercare::notify::testing
