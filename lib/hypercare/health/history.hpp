// Reading recorded results back from health/YYYY-MM-DD.jsonl.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/health/result.hpp"

namespace hypercare::health {

// The latest recorded result of every check (from the last three days' files), as one Run whose
// run_id and time are the newest run's; nullopt when nothing was recorded. Malformed lines are
// ErrorKind::data naming file:line. Info checks' figures are in Run::info, out of the verdict.
core::Result<std::optional<Run>> latest_results(const std::filesystem::path& ops_dir, const core::WarningSink& warn);

// Per service, the worst status of a run's checks, in the order the services first appear.
std::vector<std::pair<std::string, Status>> service_verdicts(const Run& run);

}  // namespace hypercare::health
