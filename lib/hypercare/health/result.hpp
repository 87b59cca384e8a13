// The outcome of one health check, and of a run of many.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hypercare/config/checks_config.hpp"
#include "hypercare/core/time.hpp"

namespace hypercare::health {

// error: the check itself could not run (bad URL, unparsable value); fail: the service failed it.
enum class Status { ok = 0, warn, fail, error };
std::string_view status_name(Status s);
std::optional<Status> parse_status(std::string_view text);
Status worst(Status a, Status b);
// The seed's service colours: ok GREEN, warn YELLOW, fail and error RED.
std::string_view verdict_name(Status s);

struct CheckResult {
  std::string name, kind, service;
  Status status = Status::ok;
  long latency_ms = 0;
  std::optional<double> value;
  std::string message;    // info checks: the output (a few lines), or why there is none
  core::TimePoint at{};  // when it was recorded (set when read back from history)
  std::string unit;      // info checks
};

struct Run {
  std::string run_id;
  core::TimePoint at;
  Status status = Status::ok;
  std::vector<CheckResult> checks;  // judged: these make the verdicts
  std::vector<CheckResult> info;    // kind = "info" figures: never judged (status ok, or error when unread)
};

// An info check's figure as shown: "42 connections" for a value (with its unit), else the output
// (which may hold several lines).
std::string figure_text(const std::optional<double>& value, std::string_view unit, std::string_view output);

// Applies warn/fail thresholds to a value: the reason when one is crossed.
std::pair<Status, std::string> judge(double value, const config::Thresholds& t);

// A warning-severity check never fails: its failures are warnings.
Status with_severity(Status s, const config::CheckSpec& spec);

}  // namespace hypercare::health
