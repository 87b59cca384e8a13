// After a change is on disk: queue its notifications and try them at once, briefly. A failed
// delivery never fails the command; it becomes one warning line and stays queued.
#pragma once

#include <functional>
#include <vector>

#include "hypercare/notify/event.hpp"
#include "hypercare/notify/outbox.hpp"
#include "invocation.hpp"

namespace hypercare::cli {

// Returns how many were delivered. Events about what a maintenance window covers now — an
// incident opened in the window, a check of a component under maintenance — are not sent.
std::size_t send_notifications(Invocation& inv, const std::vector<notify::Event>& events);

// For DeliveryOptions::hold: notifications about an incident or a check of a component under
// maintenance now, queued before its window began, wait for the window to end.
std::function<bool(const notify::Entry&)> maintenance_hold(Invocation& inv);

// The incident.<type> event for an incident after a change, by the invoking actor.
notify::Event incident_notification(Invocation& inv, std::string_view type, const incident::Incident& inc,
                                    const std::string& message = {});

}  // namespace hypercare::cli
