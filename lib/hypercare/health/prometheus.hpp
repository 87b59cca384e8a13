// What hypercare reads from Prometheus: the answer to an instant query (HTTP API, /api/v1/query).
// Rule files are config::parse_rule_file's (config/rules.hpp).
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

}  // namespace hypercare::health
