// Alerts from sources that are not Alertmanager — a cron job, a CI pipeline, a SaaS webhook —
// posted to `watch --listen` at /webhook/NAME (GoAlert's generic API is the model):
//
//   {"summary": "Nightly backup failed",      required: the incident's title
//    "details": "exit 3 on db-1",             optional: its description
//    "priority": "P2",                        optional: else the source's priority
//    "component": "backup",                   optional: else the source's component
//    "dedup_key": "backup-db-1",              optional: else the summary
//    "action": "trigger" | "resolve"}         optional: trigger
//
// A payload becomes one alert of an AlertPayload and goes through incident::ingest like an
// Alertmanager alert: its fingerprint is webhook/NAME/KEY, so a second trigger with the same key
// is "still firing", and resolve is "resolved at source".
#pragma once

#include <string_view>

#include "hypercare/config/listen_config.hpp"
#include "hypercare/incident/ingest.hpp"

namespace hypercare::incident {

inline constexpr std::string_view k_webhook_tag = "webhook";

// Validates the body (JSON object, at most 4 MiB, the fields above and no others); an error is
// ErrorKind::data naming `where` and the field.
core::Result<AlertPayload> parse_webhook(std::string_view text, const config::ListenSource& source, std::string_view where);

}  // namespace hypercare::incident
