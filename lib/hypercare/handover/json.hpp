// The JSON shapes of a handover: the summary (`handover list --json`, notifications, status) and
// the whole record (`handover show --json`, `new --json`, `accept --json`).
#pragma once

#include <nlohmann/json.hpp>

#include "hypercare/handover/model.hpp"

namespace hypercare::handover {

nlohmann::json summary_json(const Handover& h);
nlohmann::json to_json(const Handover& h);

}  // namespace hypercare::handover
