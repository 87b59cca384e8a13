// The git program, run for the ops dir: work-tree detection, autocommit of touched files, init.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/core/error.hpp"
#include "hypercare/exec/run.hpp"

namespace hypercare::store {

using Env = std::map<std::string, std::string, std::less<>>;

// The directories hypercare writes records into, relative to the ops dir.
const std::vector<std::string>& record_dirs();

// Facts about a clone that do not change while one command runs: looked up once per command
// (each is a git process) when a Git is given somewhere to keep them.
struct GitFacts {
  std::optional<bool> work_tree, identity;
};

class Git {
 public:
  Git(std::filesystem::path dir, Env env, GitFacts* facts = nullptr)
      : m_dir(std::move(dir)), m_env(std::move(env)), m_facts(facts ? facts : &m_own) {}
  Git(const Git& other) : m_dir(other.m_dir), m_env(other.m_env), m_own(*other.m_facts), m_facts(&m_own) {}
  Git& operator=(const Git&) = delete;

  // False also when git is not installed.
  bool in_work_tree() const;
  core::Status init() const;
  // Stages and commits exactly `files` (paths relative to the dir); other staged changes stay
  // staged and uncommitted. `actor` names the author only when git has no identity configured.
  core::Status commit(const std::vector<std::filesystem::path>& files, const std::string& message,
                      const std::string& actor) const;
  std::optional<std::string> config_value(const std::string& key) const;
  core::Status set_config(const std::string& key, const std::string& value) const;

  // Runs `git -C DIR args...` (no prompts; killed after `timeout`). Fails only when git could not
  // be started; the outcome carries git's exit status and output.
  core::Result<exec::Outcome> run(const std::vector<std::string>& args,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(60)) const;
  // The same with the author and committer set to `actor` when git has no identity configured.
  core::Result<exec::Outcome> run_as(const std::vector<std::string>& args, const std::string& actor) const;

  // Record files (JSONL under the record directories, and quarantine/) that are untracked or
  // changed and not committed: what an interrupted command left behind. Relative paths, sorted.
  core::Result<std::vector<std::string>> stray_records() const;

 private:
  std::filesystem::path m_dir;
  Env m_env;
  mutable GitFacts m_own;
  GitFacts* m_facts;
};

}  // namespace hypercare::store
