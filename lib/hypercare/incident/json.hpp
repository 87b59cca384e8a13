// The incident JSON shape of CLI.md (a contract for scripts).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "hypercare/incident/model.hpp"
#include "hypercare/incident/sla.hpp"

namespace hypercare::incident {

nlohmann::json to_json(const Incident& inc, const Sla& sla, bool with_timeline);

// Appends exactly what to_json(inc, sla, false).dump(-1, ' ', false, error_handler_t::replace)
// gives, without building the value: `incident list --all --json` writes 100 000 of them.
void append_summary_json(std::string& out, const Incident& inc, const Sla& sla);

}  // namespace hypercare::incident
