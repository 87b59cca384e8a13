// The root of the CLI: global flags, the explicit list of subcommands, dispatch, and the one
// place where errors become messages and exit codes.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "hypercare/core/context.hpp"
#include "invocation.hpp"

namespace hypercare::cli {

// What the parsed command line asks for; set by the chosen subcommand's callback.
using Action = std::function<core::Status()>;

// args excludes the program name.
int run(const std::vector<std::string>& args, core::Context& ctx);

// Builds the whole command tree (used by run, by `completion`, and by tests that parse argv).
void build_app(CLI::App& app, Invocation& inv, Globals& globals, Action& action);

// A flag's value that must be a whole number in [min, max], with our message for anything else
// (CLI11's own range check prints the bounds as floating point).
CLI::Validator whole_number(long long min, long long max);

// This machine's name (gethostname), "unknown" when it has none.
std::string this_host();

// Reads a -m/--message value: "-" means standard input.
core::Result<std::string> message_arg(Invocation& inv, const std::string& value);

inline constexpr const char* k_exit_status_footer =
    "EXIT STATUS\n"
    "  0 success · 1 the answer is no (a problem was found) · 64 usage error · 65 bad data or\n"
    "  invalid state change · 66 not found / ambiguous · 69 service unavailable · 70 internal\n"
    "  error · 73/74 cannot create / I/O error · 75 ops dir busy, try again · 77 permission ·\n"
    "  78 configuration error · 130 interrupted";

// A verb of a command ("incident new"), with the exit statuses under its --help.
inline CLI::App* verb(CLI::App& parent, const char* name, const char* help) {
  auto* sub = parent.add_subcommand(name, help);
  sub->footer(k_exit_status_footer);
  return sub;
}

}  // namespace hypercare::cli
