// Running checks concurrently (bounded) and recording the results in health/YYYY-MM-DD.jsonl.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "hypercare/health/kinds.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::health {

struct RunOptions {
  std::vector<std::string> names;  // empty: all
  std::vector<std::string> tags;   // a check needs one of them
  std::optional<std::chrono::milliseconds> timeout;  // overrides every check's timeout
  std::size_t parallel = 16;  // local checks (commands, disks) at once; network checks are not bounded by it
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// The checks the options select; an unknown name is ErrorKind::missing listing the known ones.
core::Result<std::vector<config::CheckSpec>> select_checks(const config::ChecksConfig& cfg, const RunOptions& options);

// Runs every check at once — local ones at most `parallel` at a time, network ones up to 128 — so
// a run takes about as long as its slowest check. Results keep the order of the checks.
Run run_checks(const std::vector<config::CheckSpec>& checks, const CheckEnv& env, const RunOptions& options,
               core::TimePoint now, const core::Random& random);

// Appends one line per result to health/YYYY-MM-DD.jsonl (UTC date of the run) and commits it.
core::Status record(const Run& run, store::WriteOptions write, const core::Random& random);

}  // namespace hypercare::health
