// The report's figures as pure functions over incident summaries, escalations, health results
// and feedback. A figure without inputs is nullopt ("no data"), never 0 % or 100 %.
//
// Percentiles use the nearest-rank method: P of n sorted values is the value at rank
// ceil(P / 100 × n) (1-based), so P95 of 20 values is the 19th and every percentile is a
// value that was measured. Means are rounded to the nearest second.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hypercare/config/checks_config.hpp"
#include "hypercare/feedback/model.hpp"
#include "hypercare/health/uptime.hpp"
#include "hypercare/incident/model.hpp"

namespace hypercare::report {

using core::Seconds;
using core::TimePoint;
using Day = std::chrono::sys_days;

template <class T>
struct Stats {
  std::size_t count = 0;
  std::optional<T> mean, p50, p95, max;
};
using DurationStats = Stats<Seconds>;
using LatencyStats = Stats<std::chrono::milliseconds>;

// Nearest-rank percentile of sorted values (not empty), 0 < p <= 100.
template <class T>
T percentile(const std::vector<T>& sorted, double p);
DurationStats duration_stats(std::vector<Seconds> values);
LatencyStats latency_stats(std::vector<std::chrono::milliseconds> values);

// Time to acknowledge (MTTA) and to resolve (MTTR) of one priority's incidents (incident/sla.hpp:
// resolution time leaves out the time an incident sat resolved before a reopen). Duplicates and
// false alarms are left out. An incident counts under its priority now; its response time under
// the priority it had when acknowledged and its resolution time under the one it had when resolved.
struct PriorityStats {
  std::size_t count = 0, resolved = 0, open = 0;
  DurationStats response, resolution;
};
struct IncidentStats {
  std::array<PriorityStats, 4> by_priority;
  PriorityStats all;
  std::size_t excluded = 0;  // duplicates and false alarms: not counted anywhere above
};
IncidentStats incident_stats(std::span<const incident::Incident> incidents);

// Uptime of one local day (team zone), measured up to `now` at most.
struct DayUptime {
  Day day;
  health::Uptime uptime;       // up, down and unknown (no result covered it) seconds
  Seconds length{0};           // the part of the day measured: 0 for a day still to come
  std::optional<double> percent() const;  // up / (up + down); nullopt when nothing was measured
  std::optional<double> coverage() const;  // (up + down) / length
};
std::optional<double> percent_of(const health::Uptime& u);
std::vector<DayUptime> uptime_per_day(std::span<const health::Recorded> sorted, const config::ChecksConfig& checks,
                                      Day first, Day last, core::Zone zone, TimePoint now);

// Share of feedback scores >= 4 among the responses answered in [from, to).
struct Satisfaction {
  std::size_t responses = 0, positive = 0;
  std::optional<double> percent;
};
Satisfaction satisfaction(std::span<const feedback::Response> responses, TimePoint from, TimePoint to);

struct Escalation {
  std::string incident, title, to;
  int level = 0;
  TimePoint at{};
};
// Escalations per local day over the days of [first, last] that have begun by `now`.
struct EscalationDays {
  std::vector<std::pair<Day, std::size_t>> per_day;
  std::size_t total = 0;
  std::optional<double> mean;  // per day begun
  std::optional<std::size_t> max;
  std::optional<Day> worst_day;
};
EscalationDays escalations_per_day(std::span<const Escalation> escalations, Day first, Day last, core::Zone zone,
                                   TimePoint now);

// A check's failures (fail or error) among `results`.
struct CheckFailures {
  std::string check, service;
  std::size_t failures = 0, results = 0;
  TimePoint first{}, last{};
  std::string last_message;
  bool failing_now = false;  // its latest result failed
};
std::vector<CheckFailures> check_failures(std::span<const health::Recorded> results);

// Status changes (any change of ok / warn / fail / error between consecutive results) per check.
struct Flapping {
  std::string check, service;
  std::size_t changes = 0, results = 0;
};
inline constexpr std::size_t k_flapping_changes = 4;  // this many changes in the window = flapping
std::vector<Flapping> status_changes(std::span<const health::Recorded> results);

// A result of an http check: its kind is http, or (recorded before results stored their kind)
// checks.toml calls its check http.
bool is_http(const health::Recorded& r, const config::ChecksConfig& checks);
// The http checks' latencies.
LatencyStats http_latency(std::span<const health::Recorded> results, const config::ChecksConfig& checks);

}  // namespace hypercare::report
