// Heartbeats (dead man's switches, config/heartbeat_config.hpp). Pings are machine-local — the
// time of the last one in .hypercare/heartbeats/NAME, never committed: a ping a minute must not
// make a commit. Only changes become records, as alerts through incident::ingest with the
// fingerprint heartbeat/NAME: a heartbeat that is overdue and has no firing incident opens one (or
// fires the one resolved at source again); one that is pinging again while its incident is firing
// resolves it at source (and resolves it with auto_resolve). So a miss is one incident however many
// rounds see it, and a restart of the watcher loses nothing: the state is in the record.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "hypercare/config/heartbeat_config.hpp"
#include "hypercare/incident/ingest.hpp"

namespace hypercare::incident {

inline constexpr std::string_view k_heartbeat_tag = "heartbeat";
std::string heartbeat_fingerprint(std::string_view name);

// The last ping, none before the first; a file that does not hold a time is an error (ErrorKind::data).
core::Result<std::optional<TimePoint>> last_ping(const std::filesystem::path& ops_dir, std::string_view name);
// Records a ping at `at` (atomically: a reader sees the old time or the new one).
core::Status record_ping(const std::filesystem::path& ops_dir, std::string_view name, TimePoint at);

struct HeartbeatStatus {
  enum class State { waiting, up, overdue };  // waiting: never pinged, so never missed
  State state = State::waiting;
  std::optional<TimePoint> last;
  std::optional<TimePoint> due;  // last + every + grace: missed after this
};
std::string_view heartbeat_state_name(HeartbeatStatus::State s);
HeartbeatStatus heartbeat_status(const config::Heartbeat& hb, std::optional<TimePoint> last, TimePoint now);

// The alert to ingest to bring the record in line with the heartbeat, or none when it already is.
// `firing`: an unresolved incident with its fingerprint exists and the source's last word was not
// "resolved" (Incident::alert_quiet).
std::optional<AlertPayload> heartbeat_change(const config::Heartbeat& hb, const HeartbeatStatus& status, bool firing);

}  // namespace hypercare::incident
