// What maintenance windows (maintenance/window.hpp) do to notifications.
#pragma once

#include <vector>

#include "hypercare/maintenance/window.hpp"
#include "hypercare/notify/event.hpp"
#include "hypercare/notify/outbox.hpp"

namespace hypercare::notify {

// Not sent at all: an event about an incident opened in a window that is still on, or about a
// check of a component a window covers now.
bool silenced(const Event& e, const std::vector<maintenance::Window>& windows, core::TimePoint now);

// Held back (left queued, not attempted) while a window covers its component: only what was
// queued about an incident or a check before that window began. What was queued since passed
// `silenced` (an incident opened by hand, a hotfix's own notices) and goes out.
bool held(const Entry& e, const std::vector<maintenance::Window>& windows, core::TimePoint now);

}  // namespace hypercare::notify
