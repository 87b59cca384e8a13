// What hypercare reads from Prometheus over its HTTP API: instant queries (/api/v1/query) for the
// checks, range queries (/api/v1/query_range) for the reports. Rule files are
// config::parse_rule_file's (config/rules.hpp).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/core/error.hpp"

namespace hypercare::health {

struct Sample {
  std::string labels;  // "job=api,instance=web-1"
  double value = 0;    // NaN when the answer's value is not a number
};

// The samples of an instant query's answer: a vector's, or the one scalar. An answer that is not
// JSON, an error answer, or another result type is ErrorKind::data.
core::Result<std::vector<Sample>> parse_query_answer(long http_status, std::string_view body);

// One value of a range query's answer, of any of its series.
struct Point {
  std::chrono::sys_seconds at;
  double value = 0;  // NaN when the answer's value is not a number
};
// The points of a range query's answer (a matrix), every series' in one list, ordered by time.
core::Result<std::vector<Point>> parse_range_answer(long http_status, std::string_view body);

// Asks the Prometheus at `base_url`; a server that does not answer is ErrorKind::unavailable.
core::Result<std::vector<Sample>> instant_query(const std::string& base_url, const std::string& query,
                                                std::chrono::milliseconds timeout);
// Evaluates `query` at start, start + step, ... up to and including `end`.
core::Result<std::vector<Point>> range_query(const std::string& base_url, const std::string& query,
                                             std::chrono::sys_seconds start, std::chrono::sys_seconds end,
                                             std::chrono::seconds step, std::chrono::milliseconds timeout);

}  // namespace hypercare::health
