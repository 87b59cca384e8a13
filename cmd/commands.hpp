// The explicit list of subcommands: each add_<noun>() binds its flags and sets the Action.
#pragma once

#include <CLI/CLI.hpp>

#include "app.hpp"
#include "hypercare/health/result.hpp"
#include "hypercare/render/style.hpp"

namespace hypercare::cli {

void add_init(CLI::App& root, Invocation& inv, Action& action);
void add_status(CLI::App& root, Invocation& inv, Action& action);
void add_doctor(CLI::App& root, Invocation& inv, Action& action);
void add_incident(CLI::App& root, Invocation& inv, Action& action);
void add_rota(CLI::App& root, Invocation& inv, Action& action);
void add_health_check(CLI::App& root, Invocation& inv, Action& action);
void add_notify(CLI::App& root, Invocation& inv, Action& action);
void add_watch(CLI::App& root, Invocation& inv, Action& action);
void add_handover(CLI::App& root, Invocation& inv, Action& action);
void add_sync(CLI::App& root, Invocation& inv, Action& action);
void add_whoami(CLI::App& root, Invocation& inv, Action& action);
void add_site(CLI::App& root, Invocation& inv, Action& action);
void add_heartbeat(CLI::App& root, Invocation& inv, Action& action);
void add_maintenance(CLI::App& root, Invocation& inv, Action& action);
void add_kickoff(CLI::App& root, Invocation& inv, Action& action);

// `health-check run NAME...` as `watch` runs it for the checks that are due: recorded, on_fail
// and notifications applied, the run handed back unprinted.
core::Result<health::Run> run_health_named(Invocation& inv, const std::vector<std::string>& names);
void add_report(CLI::App& root, Invocation& inv, Action& action);
void add_feedback(CLI::App& root, Invocation& inv, Action& action);
void add_hotfix(CLI::App& root, Invocation& inv, Action& action);

// GREEN / YELLOW / RED for a service verdict (shared by health-check and status).
std::string health_verdict(health::Status s, const render::Style& style);
void add_completion(CLI::App& root, Invocation& inv, Action& action);
std::string completion_script(const std::string& shell);

}  // namespace hypercare::cli
