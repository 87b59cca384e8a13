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
  std::vector<std::filesystem::path> files;  // touched, relative to the ops dir
  bool committed = false;
};

// Appends the responses whose ids are not recorded yet, under the ops lock, and commits them
// with `message` (when autocommit is on).
core::Result<AppendReport> append_responses(const std::vector<Response>& responses, store::WriteOptions write,
                                            core::TimePoint now, const std::string& message);

}  // namespace hypercare::feedback
