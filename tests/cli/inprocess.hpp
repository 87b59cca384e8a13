// Runs the CLI in the test process (cli::run with an injected Context) instead of spawning the
// binary: for tests that run thousands of commands (the multi-clone property test). The git
// program is still run for real.
#pragma once

#include "harness.hpp"

namespace hctest {

RunResult run_inprocess(const std::vector<std::string>& args, const Env& env, const fs::path& cwd);

}  // namespace hctest
