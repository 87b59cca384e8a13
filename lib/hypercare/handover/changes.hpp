// "What changed during the shift": incidents opened, resolved and escalated, checks that went red
// or recovered, hotfixes deployed or rolled back, between two instants.
#pragma once

#include <nlohmann/json.hpp>

#include "hypercare/handover/builder.hpp"
#include "hypercare/health/uptime.hpp"
#include "hypercare/incident/model.hpp"

namespace hypercare::handover {

// Incidents (summaries) opened, resolved or escalated in [since, until).
nlohmann::json incident_changes(const std::vector<incident::Incident>& all, TimePoint since, TimePoint until);
// Per check, each move to fail/error ("red") and back ("recovered") in [since, until); `results`
// sorted oldest first and reaching back before `since` (the state a check was in before).
nlohmann::json check_changes(const std::vector<health::Recorded>& results, TimePoint since, TimePoint until);

// All of the above and the hotfixes that finished in the range, read from the ops dir.
core::Result<nlohmann::json> shift_changes(const Sources& src, const std::vector<incident::Incident>& all,
                                           TimePoint since, TimePoint until);

}  // namespace hypercare::handover
