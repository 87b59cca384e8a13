// feedback/YYYY-MM.jsonl (month of the answer, UTC): one `response` event per line, append-only.
#pragma once

#include <filesystem>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/feedback/model.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::feedback {

// Every recorded response, de-duplicated by id, oldest first. A malformed line is
// ErrorKind::data naming file:line; torn tails go to `warn`.
core::Result<std::vector<Response>> read_responses(const std::filesystem::path& ops_dir, const core::WarningSink& warn);

struct AppendReport {
  std::size_t added = 0, already_recorded = 0;
  // Already recorded, but with another comment or from: the same answers imported before under
  // another column mapping (they are not added again).
  std::size_t recorded_differently = 0;
  // Added, but they look like responses already recorded: same score, comment and from, answered
  // within a day of each other (a time zone or timestamp column that differs). One line each.
  std::vector<std::string> near_duplicates;
  std::vector<std::filesystem::path> files;  // touched, relative to the ops dir
  bool committed = false;
};

// Which of `incoming` are new. An imported response is the same response whatever the column
// mapping: it is identified by its time and score (and, for identical pairs, by its place among
// them), so a comment or from column mapped one time and not the next never makes it count twice.
// Responses added by hand (`feedback add`, source "cli") are identified by their id.
AppendReport plan_append(const std::vector<Response>& existing, const std::vector<Response>& incoming,
                         std::vector<const Response*>* to_add = nullptr);

// Appends the responses plan_append() finds new, under the ops lock, and commits them with
// `message` (when autocommit is on).
core::Result<AppendReport> append_responses(const std::vector<Response>& responses, store::WriteOptions write,
                                            core::TimePoint now, const std::string& message);

}  // namespace hypercare::feedback
