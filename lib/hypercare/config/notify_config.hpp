// The [notify] and [ingest] parts of hypercare.toml: where notifications go (channels name where
// their secret lives, never the secret) and how Alertmanager alerts become incidents.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/config/toml_reader.hpp"

namespace hypercare::config {

enum class Priority;  // hypercare_config.hpp: P1 = 0 … P4 = 3

enum class ChannelKind { slack, pagerduty, webhook };
std::string_view channel_kind_name(ChannelKind k);

// Where a channel's secret (webhook URL, routing key) is read from at send time.
struct SecretRef {
  std::string env;         // an environment variable, or
  std::string secret_key;  // a key in $XDG_CONFIG_HOME/hypercare/secrets.toml, or
  std::string literal;     // a non-secret value written in the config (webhook `url` only)
  std::string describe() const;  // "$HYPERCARE_SLACK_WEBHOOK" / "secrets.toml key 'x'" — never the value
};

struct Channel {
  std::string name;
  ChannelKind kind = ChannelKind::webhook;
  SecretRef secret;          // slack/webhook: the URL; pagerduty: the routing key
  std::string url;           // pagerduty: the Events API endpoint
  std::vector<std::string> events;  // globs over event types ("incident.*", "*")
  Priority min_priority{3};  // P4: every priority
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds timeout{10000};
};

struct RetryPolicy {
  int max_attempts = 8;
  std::chrono::seconds base{30};
  std::chrono::seconds cap{std::chrono::minutes(15)};
  std::chrono::seconds max_retry_after{std::chrono::minutes(15)};
};

struct NotifyConfig {
  std::vector<Channel> channels;
  RetryPolicy retry;
  const Channel* find(std::string_view name) const;
};

struct IngestConfig {
  std::vector<std::pair<std::string, Priority>> severity_map;  // lower-cased severity → priority
  Priority missing_severity{2};  // P3
  bool auto_resolve = false;
  bool group_by_group = false;  // group_by = "group": one incident per Alertmanager group (groupKey), not per alert
  Priority priority_for(std::string_view severity) const;  // unknown and missing: missing_severity
};

// Every event type hypercare emits; channel globs must match at least one.
const std::vector<std::string_view>& known_event_types();
// `*` matches any run of characters (dots included).
bool glob_match(std::string_view pattern, std::string_view text);

core::Result<NotifyConfig> parse_notify_config(const TomlFile& f);
core::Result<IngestConfig> parse_ingest_config(const TomlFile& f);

}  // namespace hypercare::config
