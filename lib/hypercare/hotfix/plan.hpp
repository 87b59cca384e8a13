// What a hotfix will run, and with which environment: shared by the dry run (which prints it)
// and the pipeline (which runs it), so the two never disagree.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/config/hotfix_config.hpp"
#include "hypercare/store/git.hpp"

namespace hypercare::hotfix {

// The values a hotfix hands its steps; they reach them only as HYPERCARE_* variables, never in
// the command text.
struct Values {
  std::string tag, component, hotfix_id, incident, incident_title, actor, previous;
};

// The environment of every step: the caller's environment, the component's `env` defaults under
// it, the component's `path` in front of PATH, and the HYPERCARE_* values over all of them.
// HYPERCARE_STEP is added per step.
store::Env step_env(const config::ComponentSpec& spec, const std::filesystem::path& ops_dir, const store::Env& inherited,
                    const Values& values);

struct PlannedStep {
  std::string name;
  int index = 1;       // which precheck or smoke command
  std::string phase;   // "deploy", or "rollback": run only when something after the deploy fails
  std::optional<std::string> command;  // none for settle
  std::chrono::milliseconds timeout{0};  // settle: the pause itself
  int attempts = 1;    // smoke: 1 + smoke_retries
};

// precheck…, current, deploy, wait, settle, smoke…, then rollback and wait in the rollback phase.
std::vector<PlannedStep> deploy_plan(const config::ComponentSpec& spec);
// `hotfix rollback`: rollback, then wait.
std::vector<PlannedStep> rollback_plan(const config::ComponentSpec& spec);
// The longest a plan can run: every step to its time-out, every attempt of a retried one.
std::chrono::milliseconds longest_run(const std::vector<PlannedStep>& plan);

}  // namespace hypercare::hotfix
