// A user-satisfaction response (feedback/YYYY-MM.jsonl), and the share of positive ones.
#pragma once

#include <optional>
#include <string>

#include "hypercare/core/time.hpp"

namespace hypercare::feedback {

inline constexpr int k_min_score = 1;
inline constexpr int k_max_score = 5;
inline constexpr int k_positive_score = 4;  // scores of 4 and 5 are "positive" (seed §1.3)

struct Response {
  std::string id;        // event id; for imports derived from the row's content (see import.hpp)
  core::TimePoint at{};  // when the user answered
  int score = 0;         // 1..5
  std::string comment, from;
  std::string source;    // "cli" or the imported file's name
};

inline constexpr std::string_view k_event_type = "response";

}  // namespace hypercare::feedback
