// `hotfix deploy` and `hotfix rollback`: validation, one deploy per component (a lock held for the
// whole run), the record, the pipeline, notes on the linked incident, and the incident opened
// when a rollback fails.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hypercare/config/hotfix_config.hpp"
#include "hypercare/hotfix/pipeline.hpp"
#include "hypercare/hotfix/repository.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/rota/schedule.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::hotfix {

struct Context {
  const config::HypercareConfig& team;
  const config::HotfixConfig& config;
  const incident::Repository& incidents;
  store::WriteOptions write;  // ops dir, git, actor, lock timeout, warnings
  core::Clock clock;
  core::Random random;
  const rota::Schedule* schedule = nullptr;  // assigns the incident opened for a failed rollback
  store::Env env;                            // the caller's environment, handed on to the steps
  std::string host;                          // this machine, recorded with the hotfix
  long long pid = 0;
  Interrupts interrupts;
  Observer observer;
};

// ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$, else ErrorKind::usage.
core::Status validate_tag(std::string_view tag);

struct LinkedIncident {
  std::string id, title;
};

struct PreparedDeploy {
  const config::ComponentSpec* spec = nullptr;
  std::string tag;
  std::optional<LinkedIncident> incident;
  // --force: deploy even when another machine's hotfix of the component is recorded as running
  // (its machine is gone for good). Only matters with [git] sync = "auto".
  bool force = false;
};
// Everything that can be refused before anything runs: the tag (64), the component (66, listing
// the known ones), the incident (66).
core::Result<PreparedDeploy> prepare_deploy(const Context& ctx, std::string_view tag, std::string_view component,
                                            std::string_view incident_query);

struct PreparedRollback {
  const config::ComponentSpec* spec = nullptr;
  Repository::Loaded loaded;
};
// Refuses a hotfix that is still running (75), never deployed anything or is rolled back already
// (65), or that a later deploy of the same component has replaced (65).
core::Result<PreparedRollback> prepare_rollback(const Context& ctx, std::string_view query);

struct Outcome {
  Hotfix hotfix;
  std::string failure_tail;  // the output of the step that failed
  bool rollback_failed = false;
  std::vector<std::string> closed;  // running hotfixes of this component whose process was gone
};

core::Result<Outcome> deploy(Context& ctx, const PreparedDeploy& prepared);
core::Result<Outcome> rollback(Context& ctx, const PreparedRollback& prepared, const std::string& reason);

}  // namespace hypercare::hotfix
