// Maintenance windows (maintenance/YYYY-MM.jsonl, the month of the window's id): planned work on
// some components (or on everything) between two times. While a window covers a component, what
// goes wrong with it is still recorded, but pages nobody: the incidents an alert, a webhook, a
// heartbeat or a failing check opens are marked with the window (no notification, escalation or
// SLA breach, and left out of the report metrics), and notifications queued about it wait.
//
// Events, folded in causal order like every record (store/causal.hpp):
//   {"type": "scheduled", "window": "MW-…", "from", "until", "components": [...], "message", "hotfix"?}
//   {"type": "ended", "window": "MW-…", "at"}       a window ended early (`maintenance end`, a hotfix done)
// Two clones that end one window at once: the earliest end counts.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/core/context.hpp"

namespace hypercare::maintenance {

using core::TimePoint;

inline constexpr const char* k_dir = "maintenance";
inline constexpr std::string_view k_id_prefix = "MW";

struct Window {
  std::string id;  // MW-YYYYMMDD-XXXX
  std::vector<std::string> components;  // empty: everything
  TimePoint from{}, until{};
  std::string message, actor;
  std::string hotfix;  // the hotfix deploy that opened it, if one did
  TimePoint created_at{};
  std::optional<TimePoint> ended_at;  // ended early
  std::string ended_by;

  TimePoint end() const { return ended_at && *ended_at < until ? std::max(*ended_at, from) : until; }
  bool covers_component(std::string_view component) const;
  // The window is on at `t` and covers `component`.
  bool covers(std::string_view component, TimePoint t) const { return active(t) && covers_component(component); }
  bool active(TimePoint t) const { return from <= t && t < end(); }
  bool upcoming(TimePoint t) const { return t < from && !ended_at; }
  // Ended before it began: called off.
  bool cancelled() const { return ended_at && *ended_at < from; }
  bool over(TimePoint t) const { return cancelled() || t >= end(); }
  std::string state(TimePoint t) const;  // "active", "scheduled", "ended", "cancelled"
};

// Every window, ordered by start. Lines that cannot be read are skipped and named through
// `warn` (one bad line never hides the other windows); a torn tail is said too.
core::Result<std::vector<Window>> load_windows(const std::filesystem::path& ops_dir, const core::WarningSink& warn);

// The window covering `component` at `t` (the one ending last when several do), if any.
const Window* covering(const std::vector<Window>& windows, std::string_view component, TimePoint t);

// Whether an incident marked with `window_id` (Incident::maintenance; empty: not marked) stays
// quiet at `now` — no escalation, no SLA breach recorded: while its window is on; and after it,
// when its alert has resolved at source (`alert_quiet`). One still firing when the window is over
// pages like any other, at once if its clocks ran out meanwhile. A window no clone knows of
// (an unreadable line) does not keep anything quiet.
bool pauses(const std::vector<Window>& windows, std::string_view window_id, bool alert_quiet, TimePoint now);

// The month file a window's events go to.
std::filesystem::path window_file(std::string_view id);

}  // namespace hypercare::maintenance
