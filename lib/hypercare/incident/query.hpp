// Selecting and ordering incidents for `incident list` and `status`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/incident/index.hpp"
#include "hypercare/incident/model.hpp"

namespace hypercare::incident {

struct Filter {
  bool all = false;                // every status; otherwise unresolved unless `statuses` is set
  std::vector<State> statuses;
  std::vector<Priority> priorities;
  std::vector<std::string> components;
  std::optional<TimePoint> since, until;  // on created_at; until is exclusive
  std::string assignee;
  std::vector<std::string> tags;
  bool breached = false;
  std::optional<std::size_t> limit;

  // Unresolved only, and nothing else narrows the selection: the cache can skip resolved ones.
  bool open_only() const { return !all && statuses.empty(); }
};

// Applies the filter; returns positions in the snapshot. Unresolved-only listings come most urgent
// first (priority, then the next SLA deadline); listings that include resolved incidents come
// newest first. Only incidents that a field filter needs are decoded.
std::vector<std::size_t> select(const Snapshot& snapshot, const Filter& filter,
                                const config::HypercareConfig& cfg, TimePoint now);

}  // namespace hypercare::incident
