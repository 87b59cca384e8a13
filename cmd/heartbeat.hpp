// `hypercare heartbeat NAME` and what the watcher, status and health-check list do with
// heartbeats (incident/heartbeat.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "hypercare/incident/heartbeat.hpp"
#include "incident_ingest.hpp"
#include "incident_view.hpp"

namespace hypercare::cli {

struct HeartbeatView {
  const config::Heartbeat* heartbeat = nullptr;
  incident::HeartbeatStatus status;
  std::string incident;  // the unresolved incident of a miss, if any
  bool firing = false;   // and the miss is not over (no ping since)
};
// Every declared heartbeat as of now, its incident found among `open` (the unresolved incidents).
// An unreadable ping file warns and counts as no ping.
core::Result<std::vector<HeartbeatView>> heartbeat_views(Invocation& inv, const std::vector<incident::Incident>& open);
// The same, reading the unresolved incidents (only when there are heartbeats).
core::Result<std::vector<HeartbeatView>> heartbeat_views(Invocation& inv);

struct HeartbeatChange {
  std::string name;
  IngestOutcome outcome;
};
// Brings the record in line with the heartbeats (`only`: that one): opens an incident for each
// miss that has none, resolves at source the one of a heartbeat pinging again. Writes nothing
// when nothing changed.
core::Result<std::vector<HeartbeatChange>> reconcile_heartbeats(Invocation& inv, std::optional<std::string_view> only = {});

// A ping from `where` (the command, an HTTP request): recorded, then reconciled.
struct PingResult {
  std::string name;
  core::TimePoint at{}, due{};
  std::vector<HeartbeatChange> changes;
};
core::Result<PingResult> ping_heartbeat(Invocation& inv, std::string_view name, std::string_view where);
nlohmann::json ping_json(const PingResult& r);

nlohmann::json heartbeats_json(const std::vector<HeartbeatView>& views);
// "backup  up · last ping 14:02 (3m ago) · due by 14:12", for status and health-check list.
std::string heartbeat_line(const HeartbeatView& h, const ViewContext& v);

void add_heartbeat(CLI::App& root, Invocation& inv, Action& action);

}  // namespace hypercare::cli
