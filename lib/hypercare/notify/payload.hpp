// The request body each kind of channel gets for an event: Slack Block Kit, PagerDuty Events v2,
// or hypercare's own webhook envelope. Bodies never hold the secret: the PagerDuty routing key
// is added at send time (see delivery.hpp).
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/notify/event.hpp"

namespace hypercare::notify {

inline constexpr std::size_t k_pagerduty_summary_max = 1024;
inline constexpr std::size_t k_slack_text_max = 3000;

// nullopt when the channel has nothing to do for this event (PagerDuty has no action for a note).
std::optional<nlohmann::json> payload_for(const config::Channel& channel, const Event& event,
                                          const config::HypercareConfig& cfg, std::string_view notification_id);

// PagerDuty's event_action for an event type, if any: trigger, acknowledge or resolve.
std::optional<std::string_view> pagerduty_action(std::string_view event_type);

}  // namespace hypercare::notify
