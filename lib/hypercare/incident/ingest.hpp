// Alertmanager webhook payloads (version 4) → incidents: a firing alert opens one (or adds
// "still firing" to the one already open for its fingerprint); a resolved alert moves its
// incident to monitoring ("resolved at source"), or resolves it when [ingest] auto_resolve.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/incident/service.hpp"

namespace hypercare::incident {

inline constexpr std::size_t k_max_payload_bytes = 4u << 20;

struct Alert {
  bool firing = true;
  std::string fingerprint;
  std::map<std::string, std::string> labels, annotations;
  TimePoint starts_at{};
  std::optional<TimePoint> ends_at;  // none while firing (Alertmanager sends 0001-01-01)
  std::string generator_url;
  std::optional<Priority> priority;  // set by the sender (a webhook); else from the severity label
  std::string name() const;  // the alertname label, else the fingerprint
};

struct AlertPayload {
  std::string tag = "alertmanager";  // the new incidents' first tag: where the alert came from
  std::string receiver, status, group_key, external_url;
  long truncated_alerts = 0;
  std::optional<bool> auto_resolve;  // overrides [ingest] auto_resolve (a heartbeat's own setting)
  std::vector<Alert> alerts;
};

// Validates the whole payload before anything is written: not JSON, cut short, oversized, too
// deep, not version 4, or an alert without fingerprint/labels/status is ErrorKind::data naming
// `where` and the alert's index.
core::Result<AlertPayload> parse_alertmanager(std::string_view text, std::string_view where);

struct IngestAction {
  enum class Kind { created, still_firing, refired, resolved_at_source, resolved, ignored };
  Kind kind = Kind::ignored;
  std::string fingerprint, alert;
  std::optional<Incident> incident;
  std::string reason;  // for ignored
};
std::string_view action_name(IngestAction::Kind k);

core::Result<std::vector<IngestAction>> ingest(const ServiceContext& ctx, const AlertPayload& payload);

}  // namespace hypercare::incident
