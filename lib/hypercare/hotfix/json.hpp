// The JSON shape of a hotfix (CLI.md "Hotfix"), shared by every verb's --json.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "hypercare/hotfix/lock.hpp"
#include "hypercare/hotfix/model.hpp"

namespace hypercare::hotfix {

// `process` is for running hotfixes: whether the process running it is still there.
nlohmann::json to_json(const Hotfix& h, std::optional<Process> process);
nlohmann::json step_json(const StepRecord& s);

}  // namespace hypercare::hotfix
