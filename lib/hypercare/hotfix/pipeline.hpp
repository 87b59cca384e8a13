// The steps of a hotfix run one after another (sh -c, in the ops dir, own process group, time-out,
// output tail kept), each recorded as it ends. Once the deploy has begun, a failure runs the
// rollback; Ctrl-C stops the step in hand and rolls back, a second Ctrl-C skips the rollback.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "hypercare/config/hotfix_config.hpp"
#include "hypercare/exec/run.hpp"
#include "hypercare/hotfix/model.hpp"
#include "hypercare/hotfix/plan.hpp"
#include "hypercare/hotfix/recorder.hpp"

namespace hypercare::hotfix {

inline constexpr std::size_t k_output_tail = 4096;       // bytes of output kept per step
inline constexpr std::size_t k_max_previous = 64 * 1024;  // what `current` may print

// Ctrl-C (and SIGTERM): how many so far, and a descriptor that wakes poll() when one arrives.
struct Interrupts {
  int wake_fd = -1;
  std::function<int()> count = [] { return 0; };
};

struct StepStart {
  std::string name;
  int index = 1, attempt = 1;
  std::string phase;
  std::string command;
  std::chrono::milliseconds timeout{0};
};

// How the caller watches a run; every member may be empty.
struct Observer {
  std::function<void(const StepStart&)> started;
  exec::OutputSink output;  // the step's output as it comes (stdout and stderr together)
  std::function<void(const StepRecord&)> finished;
  std::function<void(const std::string&)> notice;  // "interrupted: stopping wait and rolling back"
};

struct Pipeline {
  const config::ComponentSpec& spec;
  std::filesystem::path ops_dir;
  store::Env inherited;
  Values values;
  Interrupts interrupts;
  Observer observer;
  Recorder& recorder;
};

struct PipelineResult {
  Status status = Status::running;
  std::string message;
  bool rollback_failed = false;
  std::string previous;      // what current printed (deploy), or the recorded one (rollback)
  std::string failure_tail;  // output of the step that failed last, for the incident
  std::vector<std::string> record_errors;  // events that could not be written
};

PipelineResult run_deploy(Pipeline& p);
// `hotfix rollback`: the rollback step, then wait; a single Ctrl-C stops it.
PipelineResult run_rollback(Pipeline& p);

}  // namespace hypercare::hotfix
