#include "hypercare/incident/sla.hpp"

namespace hypercare::incident {

Sla compute_sla(const Incident& inc, const config::HypercareConfig& cfg, TimePoint now) {
  const auto& level = cfg.level(inc.priority);
  Sla s;
  s.response_due = inc.created_at + level.response;
  s.resolution_due = inc.created_at + level.resolve;
  TimePoint responded = inc.acknowledged_at.value_or(now);
  TimePoint finished = inc.resolved_at.value_or(now);
  s.response_breached = responded > s.response_due;
  s.resolution_breached = finished > s.resolution_due;
  if (inc.is_open()) s.next_due = inc.acknowledged_at ? s.resolution_due : s.response_due;
  return s;
}

}  // namespace hypercare::incident
