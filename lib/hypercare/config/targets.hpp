// [targets] of hypercare.toml: the success criteria (seed §1.3) that `report summary` judges. A
// target the file leaves out is not judged ("no target"); none has a default.
#pragma once

#include <array>
#include <optional>

#include "hypercare/config/toml_reader.hpp"
#include "hypercare/core/time.hpp"

namespace hypercare::config {

// Mean and 95th-percentile time to resolve, for one priority.
struct ResolutionTarget {
  std::optional<core::Seconds> mean, p95;
};

struct Targets {
  std::optional<double> uptime;                    // percent, at least
  double min_coverage = 90;                        // percent of the time measured below which uptime is not judged
  std::optional<core::Seconds> critical_response;  // mean time to acknowledge a P1, at most
  std::optional<core::Seconds> avg_resolution;     // mean time to resolve, all priorities, at most
  std::array<ResolutionTarget, 4> resolution;      // per priority; p1_resolution is resolution[P1].mean
  std::optional<double> satisfaction;              // percent of feedback scores >= 4, at least
  std::optional<int> max_escalations_per_day;      // on the worst day, at most
  std::optional<int> max_p1, max_p2;               // incidents opened in the period, at most

  bool any() const;
};

// Parses [targets] (absent: no targets) with file:line:col errors.
core::Result<Targets> parse_targets(const TomlFile& file);

}  // namespace hypercare::config
