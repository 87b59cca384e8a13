// A hotfix deployment as folded from its event log (hotfixes/YYYY-MM/HF-YYYYMMDD-XXXX.jsonl), and
// the vocabulary of its events.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/core/time.hpp"

namespace hypercare::hotfix {

using core::TimePoint;

// `running` while no `finished` event follows the last `created` or `rollback_requested`.
// `aborted`: stopped before deploying, nothing changed. `failed`: the rollback failed too.
enum class Status { running, succeeded, rolled_back, failed, aborted, interrupted };
std::string_view status_name(Status s);
std::optional<Status> parse_status(std::string_view text);

enum class StepStatus { ok, failed, timeout, interrupted, skipped };
std::string_view step_status_name(StepStatus s);
std::optional<StepStatus> parse_step_status(std::string_view text);

struct StepRecord {
  std::string name;   // precheck, current, deploy, wait, settle, smoke, rollback
  int index = 1;      // which precheck or smoke command, from 1
  int attempt = 1;    // smoke retries count up
  std::string phase;  // "deploy" or "rollback" (the wait after a rollback is in the rollback phase)
  StepStatus status = StepStatus::ok;
  std::optional<int> exit_code;
  std::optional<int> signal;
  long long duration_ms = 0;
  std::string output_tail;
  std::optional<std::string> command;  // none for settle
  TimePoint at{};  // when it ended
};

struct RollbackRequest {
  TimePoint at{};
  std::string actor, reason;
  std::size_t steps_before = 0;  // where it sits among the steps
};

struct Hotfix {
  std::string id;
  std::string origin;  // id of the `created` event
  std::string tag, component;
  std::optional<std::string> incident;  // linked with --incident
  std::string host;
  std::optional<long long> pid;
  std::string actor;
  TimePoint started_at{};
  std::optional<TimePoint> finished_at;
  Status status = Status::running;
  std::string message;
  std::optional<std::string> previous;  // what `current` printed, trimmed
  std::vector<StepRecord> steps;
  std::optional<std::string> opened_incident;  // the incident opened because a rollback failed
  std::vector<RollbackRequest> rollbacks;      // `hotfix rollback` runs

  std::size_t duplicate_creations = 0;  // two clones created the same id offline
  bool torn_tail = false;

  bool deployed() const;  // a deploy step ran (so there is something to roll back)
};

namespace event {
inline constexpr std::string_view created = "created";
inline constexpr std::string_view step = "step";
inline constexpr std::string_view previous = "previous";
inline constexpr std::string_view finished = "finished";
inline constexpr std::string_view rollback_requested = "rollback_requested";
}  // namespace event

}  // namespace hypercare::hotfix
