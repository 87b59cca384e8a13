// After a change is on disk: queue its notifications and try them at once, briefly. A failed
// delivery never fails the command; it becomes one warning line and stays queued.
#pragma once

#include <functional>
#include <vector>

#include "hypercare/notify/event.hpp"
#include "hypercare/notify/outbox.hpp"
#include "hypercare/notify/page.hpp"
#include "hypercare/notify/secrets.hpp"
#include "invocation.hpp"

namespace hypercare::cli {

// Returns how many were delivered. Events about what a maintenance window covers now — an
// incident opened in the window, a check of a component under maintenance — are not sent.
// People are paged too (notify/page.hpp): `extra_pages` are pages built by the caller (watch's
// shift notices), queued with the rest.
std::size_t send_notifications(Invocation& inv, const std::vector<notify::Event>& events,
                               const std::vector<notify::Entry>& extra_pages = {});

// The pages of one event for these people, one entry per contact method, not yet queued.
std::vector<notify::Entry> page_entries_for(Invocation& inv, const notify::Event& event,
                                            const std::vector<notify::Recipient>& people, notify::Secrets& secrets);

// For DeliveryOptions::hold: notifications about an incident or a check of a component under
// maintenance now, queued before its window began, wait for the window to end.
std::function<bool(const notify::Entry&)> maintenance_hold(Invocation& inv);

// The incident.<type> event for an incident after a change, by the invoking actor.
notify::Event incident_notification(Invocation& inv, std::string_view type, const incident::Incident& inc,
                                    const std::string& message = {});

}  // namespace hypercare::cli
