// The escalation chain at an instant (seed §2.1): primary = the engineer on shift, secondary =
// the next distinct engineer on the rota, tertiary = the project lead where the priority allows
// (when the lead is the primary, covering a shift, the engineer after the secondary).
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/rota/schedule.hpp"

namespace hypercare::rota {

struct OnCall {
  TimePoint at;
  std::optional<Shift> current;  // nullopt in a gap of the slots
  std::optional<Shift> next;     // the stretch after the current one (or after the gap)
  const config::Person* primary = nullptr;
  const config::Person* secondary = nullptr;
  const config::Person* tertiary = nullptr;
  // The chain by level: 0 primary, 1 secondary, 2 tertiary; an entry is null where nobody holds
  // that level (a gap in the slots, or a priority without the lead).
  std::array<const config::Person*, 3> chain() const { return {primary, secondary, tertiary}; }
};

OnCall on_call(const Schedule& schedule, TimePoint at, bool lead_allowed);

}  // namespace hypercare::rota
