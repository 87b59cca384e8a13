// hypercare.toml: the team, its time zone, priorities and their targets, the hypercare window,
// the success criteria and git behaviour.
#pragma once

#include <array>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "hypercare/config/heartbeat_config.hpp"
#include "hypercare/config/listen_config.hpp"
#include "hypercare/config/notify_config.hpp"
#include "hypercare/config/paging_config.hpp"
#include "hypercare/config/report_config.hpp"
#include "hypercare/config/targets.hpp"
#include "hypercare/config/toml_reader.hpp"
#include "hypercare/core/time.hpp"

namespace hypercare::config {

enum class Priority { P1 = 0, P2, P3, P4 };
inline constexpr std::array<Priority, 4> k_priorities = {Priority::P1, Priority::P2, Priority::P3,
                                                         Priority::P4};
std::string_view priority_name(Priority p);
// "P1".."P4", case-insensitive; anything else is ErrorKind::usage.
core::Result<Priority> parse_priority(std::string_view text);

struct PriorityLevel {
  std::string label;
  std::string description;
  core::Seconds response{};
  core::Seconds resolve{};
  bool escalate_to_lead = false;
};

struct HypercareConfig {
  std::filesystem::path file;
  std::string team_name;
  std::string timezone = "UTC";
  core::Zone zone = nullptr;
  std::optional<std::chrono::sys_days> start;  // first day of the hypercare window (team zone)
  int days = 5;
  std::array<PriorityLevel, 4> priorities;
  Targets targets;
  bool git_autocommit = true;
  bool git_sync_auto = false;  // [git] sync = "auto": writes pull first and push after; watch syncs each round
  core::Seconds health_commit_interval{3600};  // [git] health_commit_interval: watch commits routine health results at most this often
  NotifyConfig notify;  // [notify] and [[notify.channel]]
  IngestConfig ingest;  // [ingest]
  ReportConfig report;  // [report]
  ListenConfig listen;  // [listen]
  std::vector<Heartbeat> heartbeats;  // [[heartbeat]]
  PagingConfig paging;  // [paging]

  const PriorityLevel& level(Priority p) const { return priorities[std::size_t(p)]; }
};

// The seed's priority matrix (§2.2), used for any level the file leaves out.
std::array<PriorityLevel, 4> default_priorities();

core::Result<HypercareConfig> load_hypercare_config(const std::filesystem::path& ops_dir);
core::Result<HypercareConfig> parse_hypercare_config(const TomlFile& file);
class Schema;
const Schema& hypercare_schema();  // the keys hypercare.toml may hold

}  // namespace hypercare::config
