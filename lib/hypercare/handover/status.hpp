// What `hypercare status` says about handovers: the last one and whether it was signed off, and
// a shift change that passed without one.
#pragma once

#include <optional>

#include "hypercare/handover/model.hpp"
#include "hypercare/handover/shift.hpp"

namespace hypercare::handover {

// A shift change this long ago without a handover is worth a warning.
inline constexpr auto k_handover_grace = std::chrono::minutes(30);

struct Overview {
  std::optional<Handover> last;
  std::optional<ShiftChange> missing;  // the last shift change, when it has no handover yet
};

// `oldest_first`: every handover; `schedule` may be null (then nothing is missing).
Overview overview(const std::vector<Handover>& oldest_first, const rota::Schedule* schedule, TimePoint now);

}  // namespace hypercare::handover
