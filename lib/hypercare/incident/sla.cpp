#include "hypercare/incident/sla.hpp"

#include <fmt/format.h>

namespace hypercare::incident {

std::optional<core::Seconds> response_time(const ClockFacts& f) {
  if (!f.acknowledged_at) return std::nullopt;
  return *f.acknowledged_at - f.created_at;
}

std::optional<core::Seconds> resolution_time(const ClockFacts& f) {
  if (!f.resolved_at) return std::nullopt;
  return *f.resolved_at - f.created_at - f.resolved_for;
}

Sla compute_sla(const ClockFacts& f, const config::HypercareConfig& cfg, TimePoint now) {
  Sla s;
  auto respond = cfg.level(f.acknowledged_at ? f.response_priority.value_or(f.priority) : f.priority).response;
  auto resolve = cfg.level(f.resolved_at ? f.resolution_priority.value_or(f.priority) : f.priority).resolve;
  s.response_target = respond;
  s.resolution_target = resolve;
  s.response_due = f.created_at + respond;
  s.resolution_due = f.created_at + f.resolved_for + resolve;
  s.response_breached = f.acknowledged_at.value_or(now) > s.response_due;
  s.resolution_breached = f.resolved_at.value_or(now) > s.resolution_due;
  s.response_time = response_time(f);
  s.resolution_time = resolution_time(f);
  if (!f.resolved_at) s.next_due = f.acknowledged_at ? s.resolution_due : s.response_due;
  return s;
}

Sla compute_sla(const Incident& inc, const config::HypercareConfig& cfg, TimePoint now) {
  return compute_sla(clock_facts(inc), cfg, now);
}

SlaClock sla_clock(const Incident& inc, const Sla& sla, TimePoint now) {
  using Tone = SlaClock::Tone;
  if (!inc.is_open()) {
    std::string took = core::format_duration(sla.resolution_time.value_or(core::Seconds{0}));
    if (inc.excluded()) return {inc.resolved_as(), Tone::plain};
    if (sla.resolution_breached) return {fmt::format("resolved in {} (breached)", took), Tone::bad};
    return {fmt::format("resolved in {}", took), Tone::good};
  }
  bool responding = !inc.acknowledged_at;
  auto due = responding ? sla.response_due : sla.resolution_due;
  const char* verb = responding ? "respond" : "resolve";
  if (now > due) return {fmt::format("{} {} overdue", verb, core::format_duration(now - due)), Tone::bad};
  auto left = due - now;
  auto budget = responding ? sla.response_target : sla.resolution_target;
  return {fmt::format("{} in {}", verb, core::format_duration(left)), left * 4 <= budget ? Tone::soon : Tone::plain};
}

}  // namespace hypercare::incident
