// `hypercare incident ingest`: Alertmanager webhook payloads → incidents.
#pragma once

#include <string_view>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "hypercare/incident/ingest.hpp"

namespace hypercare::cli {

struct IngestOutcome {
  incident::AlertPayload payload;
  std::vector<incident::IngestAction> actions;
};
// One Alertmanager payload recorded and its notifications sent: what `incident ingest` and `watch
// --listen`'s POST /alertmanager both do. `where` names the payload in errors; `actor` is who the
// events are by unless --as says otherwise.
core::Result<IngestOutcome> ingest_text(Invocation& inv, std::string_view text, std::string_view where,
                                        const std::string& actor);
// The same for a payload already parsed (a webhook's, incident/webhook.hpp).
core::Result<IngestOutcome> ingest_payload(Invocation& inv, incident::AlertPayload payload, const std::string& actor);
// `incident ingest --json`'s answer: {receiver, status, truncated_alerts, alerts: [...]}.
nlohmann::json ingest_json(const IngestOutcome& outcome);

void add_incident_ingest(CLI::App& incident_cmd, Invocation& inv, Action& action);

}  // namespace hypercare::cli
