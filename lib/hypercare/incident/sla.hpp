// Response and resolution clocks of an incident against its priority's targets: the one place
// every command and report takes response and resolution times from (hypercare-report(1), "HOW THE
// FIGURES ARE COMPUTED").
//
// - Response time: creation → first acknowledgement (or status change, or resolution). Judged
//   against the response target of the priority the incident had when it was acknowledged; while
//   unacknowledged, of its current priority. A priority change after the acknowledgement does not
//   re-time a response that was met (or missed).
// - Resolution time: the time the incident was not resolved — creation to its (last) resolution,
//   less every spell it sat resolved before a reopen. Judged against the resolve target of the
//   priority it had when it was resolved; while open, of its current priority. A reopen resumes the
//   clock where the last resolution stopped it: the deadline moves by the time spent resolved.
#pragma once

#include <optional>
#include <string>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/incident/model.hpp"

namespace hypercare::incident {

// The facts the clocks are computed from (an Incident, or an index entry).
struct ClockFacts {
  Priority priority = Priority::P4;  // now
  std::optional<Priority> response_priority, resolution_priority;  // when each clock stopped
  TimePoint created_at{};
  std::optional<TimePoint> acknowledged_at;
  std::optional<TimePoint> resolved_at;  // only while resolved
  core::Seconds resolved_for{0};         // time spent resolved before reopens
};
// From anything that carries the clock fields under Incident's names (an Incident, an index
// key); `resolved` says whether its resolved_at is current.
template <class Record>
ClockFacts clock_facts(const Record& r, bool resolved) {
  ClockFacts f;
  f.priority = r.priority;
  f.response_priority = r.response_priority;
  f.resolution_priority = r.resolution_priority;
  f.created_at = r.created_at;
  f.acknowledged_at = r.acknowledged_at;
  if (resolved) f.resolved_at = r.resolved_at;
  f.resolved_for = r.resolved_for;
  return f;
}
inline ClockFacts clock_facts(const Incident& inc) { return clock_facts(inc, !inc.is_open()); }

// The two durations alone, no targets needed: nullopt until acknowledged / while not resolved.
std::optional<core::Seconds> response_time(const ClockFacts& facts);
std::optional<core::Seconds> resolution_time(const ClockFacts& facts);
inline std::optional<core::Seconds> response_time(const Incident& inc) { return response_time(clock_facts(inc)); }
inline std::optional<core::Seconds> resolution_time(const Incident& inc) { return resolution_time(clock_facts(inc)); }

struct Sla {
  TimePoint response_due;
  TimePoint resolution_due;  // created + time spent resolved before reopens + target
  core::Seconds response_target{0}, resolution_target{0};  // of the priority each clock is judged on
  bool response_breached = false;
  bool resolution_breached = false;
  std::optional<core::Seconds> response_time;    // once acknowledged
  std::optional<core::Seconds> resolution_time;  // once resolved: the sum of its open spells
  bool breached() const { return response_breached || resolution_breached; }
  // The deadline that matters next for an open incident: response until acknowledged, then
  // resolution. nullopt when resolved.
  std::optional<TimePoint> next_due;
};

Sla compute_sla(const ClockFacts& facts, const config::HypercareConfig& cfg, TimePoint now);
Sla compute_sla(const Incident& inc, const config::HypercareConfig& cfg, TimePoint now);

// The clock in words, for people: "respond in 3m", "resolve 12m overdue", "resolved in 2h5m
// (breached)". `soon`: a quarter or less of the budget is left; `bad`: overdue or breached.
struct SlaClock {
  enum class Tone { plain, soon, bad, good };
  std::string text;
  Tone tone = Tone::plain;
};
SlaClock sla_clock(const Incident& inc, const Sla& sla, TimePoint now);

}  // namespace hypercare::incident
