// The git program, run for the ops dir: work-tree detection, autocommit of touched files, init.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/core/error.hpp"

namespace hypercare::store {

using Env = std::map<std::string, std::string, std::less<>>;

class Git {
 public:
  Git(std::filesystem::path dir, Env env) : m_dir(std::move(dir)), m_env(std::move(env)) {}

  // False also when git is not installed.
  bool in_work_tree() const;
  core::Status init() const;
  // Stages and commits exactly `files` (paths relative to the dir); other staged changes stay
  // staged and uncommitted. `actor` names the author only when git has no identity configured.
  core::Status commit(const std::vector<std::filesystem::path>& files, const std::string& message,
                      const std::string& actor) const;
  std::optional<std::string> config_value(const std::string& key) const;

 private:
  std::filesystem::path m_dir;
  Env m_env;
};

}  // namespace hypercare::store
