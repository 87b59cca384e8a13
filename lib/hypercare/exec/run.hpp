// Running other programs safely: argv (no shell splicing), own process group, stdin closed,
// output captured up to a cap (the tail is kept), a timeout that stops the whole group, and a
// way to stop it from outside (Ctrl-C) or watch its output as it comes.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/core/error.hpp"

namespace hypercare::exec {

// Stopping a run from outside: `wake_fd` becomes readable when something may have happened (a
// signal handler writes to it); `requested()` then says whether this run should stop.
struct Cancel {
  int wake_fd = -1;
  std::function<bool()> requested;
  bool active() const { return wake_fd >= 0 && requested; }
};

// Receives output as it arrives (`is_err`: from stderr, or from the merged stream). Chunks are
// raw bytes, not lines.
using OutputSink = std::function<void(std::string_view chunk, bool is_err)>;

struct Request {
  std::vector<std::string> argv;
  std::filesystem::path cwd;                       // empty: inherit
  std::map<std::string, std::string, std::less<>> env;  // the child's whole environment
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  std::size_t output_cap = 64 * 1024;  // per stream; the tail is kept
  // On a timeout or a cancel the group gets SIGTERM, then SIGKILL after this long; zero: SIGKILL
  // at once.
  std::chrono::milliseconds kill_grace{0};
  bool merge_output = false;  // stderr goes into the stdout stream (2>&1): one ordered tail in `out`
  OutputSink on_output;       // optional
  Cancel cancel;              // optional
  // Configured commands (checks, hotfix steps): when the run ends, every process it started is
  // killed too, even one that left the process group (setsid) — hypercare is their subreaper
  // and finds them by a token in their environment.
  bool kill_descendants = false;
};

struct Outcome {
  int exit_code = -1;      // -1 when killed by a signal
  int signal = 0;          // the signal that ended it, if any
  bool timed_out = false;
  bool cancelled = false;  // stopped because cancel.requested() said so
  std::string out;
  std::string err;
  bool out_truncated = false;
  bool err_truncated = false;
  std::chrono::milliseconds duration{0};
};

// Fails only when the program could not be started (not found: ErrorKind::missing).
core::Result<Outcome> run(const Request& request);

// Waits `how_long`, or less when `cancel` asks to stop; true when the whole time passed.
bool pause(std::chrono::milliseconds how_long, const Cancel& cancel);

}  // namespace hypercare::exec
