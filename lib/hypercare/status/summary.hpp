// What `hypercare status` shows, computed: the hypercare window and the open incidents.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/incident/index.hpp"
#include "hypercare/incident/model.hpp"

namespace hypercare::status {

struct Window {
  std::chrono::sys_days start, last;
  int day = 0;  // 1-based day of the window today; 0 before it starts
  int days = 0;
  std::string phase;  // before | during | after
};

// Where `now` falls in the hypercare window (team zone); nullopt without [hypercare] start.
std::optional<Window> window_at(const config::HypercareConfig& cfg, core::TimePoint now);

struct Summary {
  core::TimePoint now;
  std::optional<Window> window;
  std::vector<incident::Incident> open;  // most urgent first
  std::array<std::size_t, 4> open_by_priority{};
  std::array<std::array<std::size_t, 4>, 4> open_by_priority_state{};  // [priority][open..monitoring]
  std::array<std::size_t, 4> unacknowledged_by_priority{};
  std::size_t breached = 0;  // incidents past either target
  std::size_t response_breached = 0, resolution_breached = 0;
  std::size_t unacknowledged = 0;
};

// `snapshot` may hold every incident or only the unresolved ones.
Summary summarize(const config::HypercareConfig& cfg, const incident::Snapshot& snapshot, core::TimePoint now);

}  // namespace hypercare::status
