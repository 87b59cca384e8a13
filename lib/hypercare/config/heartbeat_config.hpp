// [[heartbeat]] of hypercare.toml: dead man's switches. A job pings hypercare every `every`
// (`hypercare heartbeat NAME`, or GET|POST /heartbeat/NAME of `watch --listen`); when no ping came
// for every + grace, the watcher opens an incident (incident/heartbeat.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/config/notify_config.hpp"

namespace hypercare::config {

struct Heartbeat {
  std::string name;                    // [a-z0-9_-], at most 64
  core::Seconds every{};               // how often a ping is expected (at least 10s)
  core::Seconds grace{60};             // how late one may be before it is missed
  std::optional<Priority> priority;    // of the incident a miss opens; none: [ingest]'s default
  std::string component;
  std::string description;             // what the job is, for the incident
  std::optional<bool> auto_resolve;    // none: [ingest] auto_resolve
};

core::Result<std::vector<Heartbeat>> parse_heartbeats(const TomlFile& file);
const Heartbeat* find_heartbeat(const std::vector<Heartbeat>& all, std::string_view name);

// The rule for source, heartbeat and other names that appear in URLs: 1 to 64 of a-z, 0-9, _ and -.
bool valid_url_name(std::string_view name);

}  // namespace hypercare::config
