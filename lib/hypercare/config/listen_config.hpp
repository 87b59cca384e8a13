// [listen] of hypercare.toml: the HTTP listener of `watch --listen` (cmd/watch_listen.cpp).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "hypercare/config/notify_config.hpp"

namespace hypercare::config {

// [[listen.source]]: a sender of generic alerts, POST /webhook/NAME (incident/webhook.hpp).
struct ListenSource {
  std::string name;                     // [a-z0-9_-], at most 64
  std::optional<Priority> priority;     // default priority; none: [ingest] default_priority
  std::string component;                // default component
};

struct ListenConfig {
  // The bearer token senders must present: token_env (an environment variable) or token_secret (a
  // key in $XDG_CONFIG_HOME/hypercare/secrets.toml), resolved like the notification secrets. None:
  // no token, which is allowed on a loopback address only.
  SecretRef token;
  bool has_token() const { return !token.env.empty() || !token.secret_key.empty(); }
  // The key signing ack links (GET|POST /ack/INC-…): a key in the secrets store. None: no links.
  SecretRef link_key;
  // Where people reach the listener from their phones ("https://hypercare.example.org"): the base
  // of the ack links in pages. None: no links.
  std::string public_url;
  bool signs_links() const { return !link_key.secret_key.empty() && !public_url.empty(); }
  std::vector<ListenSource> sources;
  const ListenSource* source(std::string_view name) const;
};

core::Result<ListenConfig> parse_listen_config(const TomlFile& file);

}  // namespace hypercare::config
