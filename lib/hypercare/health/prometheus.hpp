// What hypercare reads from Prometheus: the answer to an instant query (HTTP API, /api/v1/query)
// and the alerting rules of a rules file (plain `groups:` or a PrometheusRule's `spec.groups:`).
#pragma once

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

struct AlertRule {
  std::string name, expr, severity;  // severity: the `severity` label, may be empty
};

// The alerting rules of a rules file, in order (recording rules are left out). YAML that does not
// parse is ErrorKind::data naming file:line:col; a file without a groups list is ErrorKind::data.
core::Result<std::vector<AlertRule>> parse_rules(std::string_view text, std::string_view file);

}  // namespace hypercare::health
