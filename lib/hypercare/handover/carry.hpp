// From one handover to the next: what is still ahead or still to watch carries forward, and one
// shift change has one pending handover.
#pragma once

#include <string>
#include <vector>

#include "hypercare/core/error.hpp"
#include "hypercare/handover/builder.hpp"
#include "hypercare/handover/model.hpp"

namespace hypercare::handover {

struct Carried {
  std::vector<std::string> watch;
  std::vector<Scheduled> scheduled;
};

// What `previous` passes on at `now`: its scheduled items whose time has not come, and its watch
// items but those named in `done` (`handover new --done ITEM`, case-insensitive). A `done` item
// that is not one of them is ErrorKind::usage naming the ones there are.
core::Result<Carried> carry_over(const Handover* previous, TimePoint now, const std::vector<std::string>& done);

// `carried` first, then `added`, without repeating an item; scheduled items in time order.
std::vector<std::string> merge_watch(const std::vector<std::string>& carried, const std::vector<std::string>& added);
std::vector<Scheduled> merge_scheduled(const std::vector<Scheduled>& carried, const std::vector<Scheduled>& added);

// The handover written for the same shift change as `plan` (same outgoing and incoming engineer,
// same end of shift) that is neither accepted nor superseded; nullptr when there is none.
const Handover* pending_for(const std::vector<Handover>& all, const Plan& plan);

}  // namespace hypercare::handover
