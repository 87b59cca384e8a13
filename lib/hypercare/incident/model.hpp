// An incident as folded from its event log, and the vocabulary of its events.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/core/time.hpp"

namespace hypercare::incident {

using config::Priority;
using core::TimePoint;

enum class State { open = 0, investigating, identified, monitoring, resolved };
std::string_view state_name(State s);
std::optional<State> parse_state(std::string_view text);

struct TimelineEntry {
  std::string id;  // the event's
  TimePoint ts;
  std::string actor;
  std::string type;
  std::string message;
  std::optional<TimePoint> wall;  // the writer's own clock, when it was behind `ts`
  // Why this event did not change the incident (a concurrent change from another clone won, or
  // a breach or escalation that an earlier response made moot); empty when it took effect.
  std::string withdrawn;

  bool operator==(const TimelineEntry&) const = default;
};

// How an incident was resolved: fixed, or never a real incident. The last two are listed by the
// reports but left out of every metric (MTTA, MTTR, counts per priority, breaches, escalations).
enum class ResolutionKind { fixed = 0, duplicate, false_alarm };
std::string_view resolution_kind_name(ResolutionKind k);  // "fixed", "duplicate", "false_alarm"
std::optional<ResolutionKind> parse_resolution_kind(std::string_view text);

struct Incident {
  std::string id;
  std::string origin;  // id of the `created` event: tells apart two incidents given one id offline
  std::string title;
  Priority priority = Priority::P4;
  State status = State::open;
  std::string component, impact, description, assignee;
  std::vector<std::string> tags;
  // From an alert (incident ingest): its labels (full loads only, but for `alertname`, which
  // summaries carry too) and Alertmanager fingerprint; alert_quiet: the source's last word was
  // "resolved" (an alert_resolved event after the last alert_firing).
  std::map<std::string, std::string> labels;
  std::string fingerprint;
  bool alert_quiet = false;
  // The maintenance window (MW-…) an alert, heartbeat or failing check opened it in: it pages
  // nobody while that window lasts, and the report metrics leave it out (maintenance/window.hpp).
  std::string maintenance;
  std::string runbook_url;  // the alert's annotations.runbook_url: how to fix it, for whoever is paged
  TimePoint created_at{};
  std::string created_by;
  std::optional<TimePoint> acknowledged_at, resolved_at;
  std::string acknowledged_by;
  std::string root_cause, resolution;
  ResolutionKind resolution_kind = ResolutionKind::fixed;
  std::string duplicate_of;  // the incident this one duplicated (resolution_kind duplicate)
  // What the SLA clocks are judged on (sla.hpp): the priority when each clock stopped (a later
  // priority change re-times only a clock still running), and the time the incident sat resolved
  // before a reopen, which its resolution time leaves out.
  std::optional<Priority> response_priority, resolution_priority;
  core::Seconds resolved_for{0};
  TimePoint last_event{};  // the newest event's ts: a report as of an earlier time folds again
  int escalation_level = 0;
  std::optional<TimePoint> escalated_at;  // the last escalation
  std::vector<std::string> escalated_to;  // everyone an applied escalation went to in the chain's current run. Full loads only.
  int chain_repeats = 0;  // how many times the chain started again ([paging] repeat). Full loads only.
  // A `breached` event for the clock is in the record already (it is recorded once per clock):
  // what lets `watch` pass over the incidents whose breaches it recorded in an earlier round.
  bool response_breach_recorded = false, resolution_breach_recorded = false;
  std::vector<TimelineEntry> timeline;  // empty in summaries

  // Bookkeeping from the file, not part of the incident's meaning.
  std::size_t duplicate_creations = 0;  // extra `created` events with other ids, not split off yet
  std::vector<std::string> split_off;   // incidents split off this file by `doctor --fix`
  std::string split_from;               // the file this incident was split off
  bool torn_tail = false;

  bool is_open() const { return status != State::resolved; }
  // A duplicate or false alarm: listed, never counted.
  bool excluded() const { return !is_open() && resolution_kind != ResolutionKind::fixed; }
  // Left out of the report figures: excluded, or opened in a maintenance window.
  bool left_out() const { return excluded() || !maintenance.empty(); }
  // What it was resolved as, for people: "duplicate of INC-…", "false alarm"; empty when fixed.
  std::string resolved_as() const;

  bool operator==(const Incident&) const = default;
};

// Event type names as stored in the JSONL files.
namespace event {
inline constexpr std::string_view created = "created";
inline constexpr std::string_view acknowledged = "acknowledged";
inline constexpr std::string_view status = "status";
inline constexpr std::string_view note = "note";
inline constexpr std::string_view assigned = "assigned";
inline constexpr std::string_view priority = "priority";
inline constexpr std::string_view escalated = "escalated";
inline constexpr std::string_view resolved = "resolved";
inline constexpr std::string_view reopened = "reopened";
inline constexpr std::string_view alert_firing = "alert_firing";      // the alert fired again
inline constexpr std::string_view alert_resolved = "alert_resolved";  // resolved at source → monitoring
inline constexpr std::string_view breached = "breached";              // an SLA clock ran out (once per clock)
inline constexpr std::string_view split = "split";                    // doctor --fix moved an origin to its own id
}  // namespace event

}  // namespace hypercare::incident
