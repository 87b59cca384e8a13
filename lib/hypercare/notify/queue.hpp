// From events to outbox entries: one per channel that wants the event and has something to say.
#pragma once

#include <vector>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/notify/event.hpp"
#include "hypercare/notify/outbox.hpp"

namespace hypercare::notify {

// Queues every (event, channel) pair durably before anything is sent; returns the new entries
// in delivery order.
core::Result<std::vector<Entry>> enqueue(const Outbox& outbox, const config::HypercareConfig& cfg,
                                         const std::vector<Event>& events, core::TimePoint now,
                                         const core::Random& random);

}  // namespace hypercare::notify
