// Computing a handover document from the ops dir at `now`: who hands over to whom and for which
// shift (from the rota, else from the flags), and the snapshot the document shows — service
// health, open incidents with their SLA clocks, what is pending and what changed in the shift.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/core/context.hpp"
#include "hypercare/handover/model.hpp"
#include "hypercare/rota/schedule.hpp"

namespace hypercare::handover {

struct Sources {
  std::filesystem::path ops;
  const config::HypercareConfig& config;
  const rota::Schedule* schedule = nullptr;  // nullptr: the ops dir has no rota
  TimePoint now;
  core::WarningSink warn;
  bool use_cache = true;  // the incident index (HYPERCARE_CACHE=off bypasses it)
};

// Without a rota a shift is taken to be this long (the seed's 8-hour slots).
inline constexpr auto k_default_shift = std::chrono::hours(8);

struct Window {
  TimePoint start, end;
  std::string slot;  // empty without a rota
};

struct Plan {
  std::string from, to;            // person ids with a rota, else as typed
  std::string from_name, to_name;  // display names
  Window shift;                    // the outgoing engineer's shift
  Window next;                     // the incoming engineer's
  TimePoint since;                 // "what changed" starts here
  std::string since_handover;      // the previous handover when `since` is its time
};

// --from / --to as typed (empty: from the rota) and the actor (the outgoing engineer when the
// rota cannot say). Unknown people, a missing --to without a rota and handing over to oneself
// are ErrorKind::usage.
core::Result<Plan> plan(const Sources& src, const std::string& from, const std::string& to, const std::string& actor,
                        const std::vector<Handover>& oldest_first);

// The snapshot stored in the `created` event and rendered by render_markdown().
core::Result<nlohmann::json> build_snapshot(const Sources& src, const Plan& plan);

}  // namespace hypercare::handover
