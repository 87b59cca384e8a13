// Scheduling and ending maintenance windows (window.hpp): each under the ops lock, one event,
// committed.
#pragma once

#include <string>
#include <vector>

#include "hypercare/maintenance/window.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::maintenance {

struct WindowRequest {
  std::vector<std::string> components;  // empty: everything
  TimePoint from{}, until{};
  std::string message;
  std::string hotfix;
};

// Validates (until after from, until in the future, a message, component names one line each) and
// records a new window; its id is MW-<the date of now>-XXXX.
core::Result<Window> schedule(const store::WriteOptions& write, TimePoint now, const core::Random& random, const WindowRequest& request);

// Ends `id` (an id, or a unique prefix or tail of one) at `now`. A window already over is
// ErrorKind::data (65); an unknown id is ErrorKind::missing.
core::Result<Window> end(const store::WriteOptions& write, TimePoint now, const core::Random& random, std::string_view id);

}  // namespace hypercare::maintenance
