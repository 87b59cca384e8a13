// After a change is on disk: queue its notifications and try them at once, briefly. A failed
// delivery never fails the command; it becomes one warning line and stays queued.
#pragma once

#include <vector>

#include "hypercare/notify/event.hpp"
#include "invocation.hpp"

namespace hypercare::cli {

// Returns how many were delivered.
std::size_t send_notifications(Invocation& inv, const std::vector<notify::Event>& events);

// The incident.<type> event for an incident after a change, by the invoking actor.
notify::Event incident_notification(Invocation& inv, std::string_view type, const incident::Incident& inc,
                                    const std::string& message = {});

}  // namespace hypercare::cli
