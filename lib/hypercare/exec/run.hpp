// Running other programs safely: argv (no shell splicing), own process group, stdin closed,
// output captured up to a cap (the tail is kept), a timeout that kills the whole group.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "hypercare/core/error.hpp"

namespace hypercare::exec {

struct Request {
  std::vector<std::string> argv;
  std::filesystem::path cwd;                       // empty: inherit
  std::map<std::string, std::string, std::less<>> env;  // the child's whole environment
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  std::size_t output_cap = 64 * 1024;  // per stream; the tail is kept
};

struct Outcome {
  int exit_code = -1;      // -1 when killed by a signal
  int signal = 0;          // the signal that ended it, if any
  bool timed_out = false;
  std::string out;
  std::string err;
  bool out_truncated = false;
  bool err_truncated = false;
  std::chrono::milliseconds duration{0};
};

// Fails only when the program could not be started (not found: ErrorKind::missing).
core::Result<Outcome> run(const Request& request);

}  // namespace hypercare::exec
