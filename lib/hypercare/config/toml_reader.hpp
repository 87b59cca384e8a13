// Reading human-written TOML with errors that name file:line:col and the key.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "hypercare/core/error.hpp"
#include "hypercare/core/time.hpp"

namespace hypercare::config {

class TomlFile {
 public:
  // Parses a file (size-capped); syntax errors are ErrorKind::config with file:line:col.
  static core::Result<TomlFile> load(const std::filesystem::path& path);
  static core::Result<TomlFile> parse(std::string_view text, const std::filesystem::path& path);

  const toml::table& root() const { return m_root; }
  const std::filesystem::path& path() const { return m_path; }

  // "file:line:col: key: message" (ErrorKind::config).
  core::Error error_at(const toml::node* node, std::string_view key, std::string_view message) const;

  // Typed getters over `table[key]`; `key_path` names the key in messages (e.g. "team.name").
  // A missing key yields nullopt; a key of the wrong type is an error.
  core::Result<std::optional<std::string>> string(const toml::table& t, std::string_view key,
                                                  std::string_view key_path) const;
  core::Result<std::optional<std::int64_t>> integer(const toml::table& t, std::string_view key,
                                                    std::string_view key_path) const;
  core::Result<std::optional<double>> number(const toml::table& t, std::string_view key,
                                             std::string_view key_path) const;
  core::Result<std::optional<bool>> boolean(const toml::table& t, std::string_view key,
                                            std::string_view key_path) const;
  core::Result<std::optional<core::Seconds>> duration(const toml::table& t, std::string_view key,
                                                      std::string_view key_path) const;
  core::Result<std::optional<std::chrono::milliseconds>> duration_ms(const toml::table& t, std::string_view key,
                                                                    std::string_view key_path) const;
  core::Result<std::optional<std::chrono::sys_days>> date(const toml::table& t, std::string_view key,
                                                          std::string_view key_path) const;
  core::Result<const toml::table*> table(const toml::table& t, std::string_view key,
                                         std::string_view key_path) const;

  // Rejects secret-looking values (webhook URLs, keys, tokens) in this git-tracked file.
  core::Status reject_secrets() const;

 private:
  TomlFile(toml::table root, std::filesystem::path path) : m_root(std::move(root)), m_path(std::move(path)) {}
  toml::table m_root;
  std::filesystem::path m_path;
};

}  // namespace hypercare::config
