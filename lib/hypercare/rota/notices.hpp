// What `watch` tells people about their shifts: that one starts soon (shift.starting, [paging]
// shift_notice before it), and that an override, a swap or the cancellation of one changed who is
// on call at a future time (shift.changed, to each person added or removed). Pure functions of
// the rota and the clock; each notice has a key, and `watch` sends a key once.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "hypercare/rota/schedule.hpp"

namespace hypercare::rota {

struct ShiftNotice {
  std::string type;    // shift.starting | shift.changed
  std::string person;  // rota id
  std::string key;     // "shift/2026-12-04T16:30:00Z" (starting), or the change's id (OV-…, SW-…)
  std::string step;    // "starting", "added", "removed" (with "cancel-" before it for a cancellation)
  Shift shift;         // the stretch concerned (the first one, for a change)
  std::string other;   // shift.changed: who had it before (added) or has it now (removed), may be empty
  std::string change_message;  // the change's own message ("sick call")
};

// The stretches starting in (now, now + notice] that are not the same person carrying on.
std::vector<ShiftNotice> shifts_starting(const Schedule& schedule, TimePoint now, std::chrono::seconds notice);

// For every override and swap (and cancelled one) that still touches the future: who is on call
// in its stretch now, compared with who would be without it (with it, for a cancelled one).
std::vector<ShiftNotice> shift_changes(const Schedule& schedule, TimePoint now);

}  // namespace hypercare::rota
