#include "hypercare/incident/sla.hpp"

namespace hypercare::incident {

Sla compute_sla(Priority priority, TimePoint created_at, const std::optional<TimePoint>& acknowledged_at,
                const std::optional<TimePoint>& resolved_at, const config::HypercareConfig& cfg, TimePoint now) {
  const auto& level = cfg.level(priority);
  Sla s;
  s.response_due = created_at + level.response;
  s.resolution_due = created_at + level.resolve;
  s.response_breached = acknowledged_at.value_or(now) > s.response_due;
  s.resolution_breached = resolved_at.value_or(now) > s.resolution_due;
  if (!resolved_at) s.next_due = acknowledged_at ? s.resolution_due : s.response_due;
  return s;
}

Sla compute_sla(const Incident& inc, const config::HypercareConfig& cfg, TimePoint now) {
  return compute_sla(inc.priority, inc.created_at, inc.acknowledged_at, inc.is_open() ? std::nullopt : inc.resolved_at,
                     cfg, now);
}

}  // namespace hypercare::incident
