// History and time-weighted uptime from the recorded results.
#pragma once

#include <chrono>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "hypercare/config/checks_config.hpp"
#include "hypercare/core/context.hpp"
#include "hypercare/health/result.hpp"

namespace hypercare::health {

struct Recorded {
  core::TimePoint at;
  std::string run, check, service, kind;
  Status status = Status::ok;
  long latency_ms = 0;
  std::optional<double> value;
  std::string message;
  std::string unit;  // info results
};

// judged: the results that make verdicts and uptime; info: the figures of kind = "info" checks.
enum class ResultSet { judged, info };

// Every result of `set` recorded between `from` and `to` (the files of those UTC days), oldest first;
// with `others`, those of the other set too, in the same order (one read for both).
core::Result<std::vector<Recorded>> read_results(const std::filesystem::path& ops_dir, core::TimePoint from,
                                                 core::TimePoint to, const core::WarningSink& warn,
                                                 ResultSet set = ResultSet::judged, std::vector<Recorded>* others = nullptr);

struct Uptime {
  core::Seconds up{0}, down{0}, unknown{0};
  double percent() const;  // up / (up + down); 100 when nothing is known
};

// Each result stands until the next result of its check, but at most twice the check's interval;
// time not covered by any result is unknown. A service is down while any of its checks is down
// (fail or error); warnings count as up.
struct UptimeReport {
  std::map<std::string, Uptime> services;  // over the whole range
  std::map<std::string, Uptime> checks;
  Uptime overall;  // down while any service is down
};

// `results` sorted by time; results before `from` count for the part of the range they cover.
UptimeReport uptime(std::span<const Recorded> results, const config::ChecksConfig& cfg, core::TimePoint from,
                    core::TimePoint to);

// The results that can cover [from, to): those from at most twice the longest interval before.
std::span<const Recorded> window(std::span<const Recorded> sorted, const config::ChecksConfig& cfg,
                                 core::TimePoint from, core::TimePoint to);

}  // namespace hypercare::health
