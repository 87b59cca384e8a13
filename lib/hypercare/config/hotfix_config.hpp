// hotfix.toml: the deployable components and their pipeline steps — [defaults] and one
// [component.NAME] table each, every step a shell string that `sh -c` runs in the ops dir. Steps
// get their values (tag, component, previous version...) only from HYPERCARE_* variables.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"

namespace hypercare::config {

// The pipeline, in order. `settle` is a pause, not a command.
enum class HotfixStep { precheck, current, deploy, wait, settle, smoke, rollback };
std::string_view hotfix_step_name(HotfixStep s);

struct ComponentSpec {
  std::string name;
  std::string description;
  std::vector<std::string> precheck;  // each must pass before anything changes
  std::string current;                // prints the running version (HYPERCARE_PREVIOUS)
  std::string deploy;                 // required
  std::string wait;                   // waits for the rollout
  std::chrono::milliseconds settle{0};
  std::vector<std::string> smoke;
  int smoke_retries = 0;  // extra attempts of a failing smoke command
  std::chrono::milliseconds smoke_retry_delay{std::chrono::seconds(10)};
  std::string rollback;  // required
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};  // a step without its own
  std::map<HotfixStep, std::chrono::milliseconds> step_timeouts;
  // A step stopped (time-out, Ctrl-C) gets SIGTERM, then SIGKILL after this long.
  std::chrono::milliseconds kill_grace{std::chrono::seconds(10)};
  // The incident opened when a rollback fails; nullopt: none.
  std::optional<Priority> failed_rollback_incident = Priority::P1;
  std::vector<std::string> path;           // directories put in front of PATH (relative: to the ops dir)
  std::map<std::string, std::string> env;  // defaults; the caller's environment wins
  // A deploy or rollback opens a maintenance window for the component while it runs, so that a
  // planned rollout pages nobody (maintenance/window.hpp); false: it does not.
  bool maintenance = true;

  std::chrono::milliseconds timeout_of(HotfixStep s) const;
};

struct HotfixConfig {
  std::filesystem::path file;
  std::vector<ComponentSpec> components;  // in the order of the file

  const ComponentSpec* find(std::string_view name) const;
  std::vector<std::string> names() const;
};

inline constexpr const char* k_hotfix_file = "hotfix.toml";

// 1–128 bytes, no control characters, no surrounding blanks.
bool valid_component_name(std::string_view name);

// nullopt when the ops dir has no hotfix.toml.
core::Result<std::optional<HotfixConfig>> load_hotfix_config(const std::filesystem::path& ops_dir);
core::Result<HotfixConfig> parse_hotfix_config(const TomlFile& file);

}  // namespace hypercare::config
