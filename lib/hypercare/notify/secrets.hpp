// Reads channel secrets (webhook URLs, routing keys) at send time from the environment or from
// $XDG_CONFIG_HOME/hypercare/secrets.toml, which must be readable by its owner only.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "hypercare/config/notify_config.hpp"
#include "hypercare/core/context.hpp"
#include "hypercare/core/error.hpp"

namespace hypercare::notify {

using Env = std::map<std::string, std::string, std::less<>>;

// $XDG_CONFIG_HOME/hypercare/secrets.toml, else $HOME/.config/hypercare/secrets.toml.
std::optional<std::filesystem::path> secrets_path(const Env& env);

class Secrets {
 public:
  explicit Secrets(const Env& env) : m_env(env) {}
  // The value, or: missing (unset variable or key, with the fix as hint), permission (the file is
  // readable by group or others: exit 77), config (the file does not parse). Messages name
  // where the secret was looked for, never its value.
  core::Result<std::string> resolve(const config::SecretRef& ref);

 private:
  core::Status load_file();
  const Env& m_env;
  bool m_loaded = false;
  std::map<std::string, std::string, std::less<>> m_file;
};

// Replaces every occurrence of `secret` in `text` (error strings, echoed responses) with "***";
// for a URL also its path and its last path segment (a token), which servers echo on their own.
std::string redact(std::string text, std::string_view secret);

}  // namespace hypercare::notify
