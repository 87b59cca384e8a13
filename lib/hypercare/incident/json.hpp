// The incident JSON shape of CLI.md (a contract for scripts).
#pragma once

#include <nlohmann/json.hpp>

#include "hypercare/incident/model.hpp"
#include "hypercare/incident/sla.hpp"

namespace hypercare::incident {

nlohmann::json to_json(const Incident& inc, const Sla& sla, bool with_timeline);

}  // namespace hypercare::incident
