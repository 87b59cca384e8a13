// Shift changes on the rota: the moments one engineer's stretch of duty ends and another's
// begins (consecutive slots held by one person are one stretch; an override is its own).
#pragma once

#include <optional>
#include <string>

#include "hypercare/rota/schedule.hpp"

namespace hypercare::handover {

using core::TimePoint;

struct Duty {
  TimePoint start, end;
  std::string member;  // a person id
  std::string slot;    // the slot it starts in ("B")
};

struct ShiftChange {
  TimePoint at;
  Duty outgoing, incoming;
};

// The change nearest to `now`: the one that just passed or the one coming (the coming one on a
// tie). nullopt when the rota has nobody on call around `now` or never changes hands near it.
std::optional<ShiftChange> nearest_change(const rota::Schedule& schedule, TimePoint now);
// The latest change at or before `now` (looking back two days).
std::optional<ShiftChange> last_change(const rota::Schedule& schedule, TimePoint now);

}  // namespace hypercare::handover
