#include "hypercare/incident/sla.hpp"

#include <fmt/format.h>

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

SlaClock sla_clock(const Incident& inc, const Sla& sla, const config::HypercareConfig& cfg, TimePoint now) {
  using Tone = SlaClock::Tone;
  if (!inc.is_open()) {
    std::string took = core::format_duration(*inc.resolved_at - inc.created_at);
    if (sla.resolution_breached) return {fmt::format("resolved in {} (breached)", took), Tone::bad};
    return {fmt::format("resolved in {}", took), Tone::good};
  }
  bool responding = !inc.acknowledged_at;
  auto due = responding ? sla.response_due : sla.resolution_due;
  const char* verb = responding ? "respond" : "resolve";
  if (now > due) return {fmt::format("{} {} overdue", verb, core::format_duration(now - due)), Tone::bad};
  auto left = due - now;
  auto budget = responding ? cfg.level(inc.priority).response : cfg.level(inc.priority).resolve;
  return {fmt::format("{} in {}", verb, core::format_duration(left)), left * 4 <= budget ? Tone::soon : Tone::plain};
}

}  // namespace hypercare::incident
