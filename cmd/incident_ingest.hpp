// `hypercare incident ingest`: Alertmanager webhook payloads → incidents.
#pragma once

#include <CLI/CLI.hpp>

#include "app.hpp"

namespace hypercare::cli {

void add_incident_ingest(CLI::App& incident_cmd, Invocation& inv, Action& action);

}  // namespace hypercare::cli
