// The explicit list of subcommands: each add_<noun>() binds its flags and sets the Action.
#pragma once

#include <CLI/CLI.hpp>

#include "app.hpp"

namespace hypercare::cli {

void add_init(CLI::App& root, Invocation& inv, Action& action);
void add_status(CLI::App& root, Invocation& inv, Action& action);
void add_doctor(CLI::App& root, Invocation& inv, Action& action);
void add_incident(CLI::App& root, Invocation& inv, Action& action);
void add_rota(CLI::App& root, Invocation& inv, Action& action);
void add_health_check(CLI::App& root, Invocation& inv, Action& action);
void add_completion(CLI::App& root, Invocation& inv, Action& action);
std::string completion_script(const CLI::App& root, const std::string& shell);

}  // namespace hypercare::cli
