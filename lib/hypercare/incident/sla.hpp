// Response and resolution clocks of an incident against its priority's targets.
#pragma once

#include <optional>
#include <string>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/incident/model.hpp"

namespace hypercare::incident {

struct Sla {
  TimePoint response_due;
  TimePoint resolution_due;
  bool response_breached = false;
  bool resolution_breached = false;
  bool breached() const { return response_breached || resolution_breached; }
  // The deadline that matters next for an open incident: response until acknowledged, then
  // resolution. nullopt when resolved.
  std::optional<TimePoint> next_due;
};

Sla compute_sla(const Incident& inc, const config::HypercareConfig& cfg, TimePoint now);

// The clock in words, for people: "respond in 3m", "resolve 12m overdue", "resolved in 2h5m
// (breached)". `soon`: a quarter or less of the budget is left; `bad`: overdue or breached.
struct SlaClock {
  enum class Tone { plain, soon, bad, good };
  std::string text;
  Tone tone = Tone::plain;
};
SlaClock sla_clock(const Incident& inc, const Sla& sla, const config::HypercareConfig& cfg, TimePoint now);
Sla compute_sla(Priority priority, TimePoint created_at, const std::optional<TimePoint>& acknowledged_at,
                const std::optional<TimePoint>& resolved_at, const config::HypercareConfig& cfg, TimePoint now);

}  // namespace hypercare::incident
