// Survey exports (CSV with a header row) → responses. Columns come from --columns or are found by
// their header names. Each row's event id is derived from its time and score (and how many rows
// with the same time and score came before it in the file) — not from the comment or from, which
// a column mapping may leave out — so importing the same export twice, under any column mapping,
// or a later export that repeats earlier rows, adds nothing twice (repository.hpp, plan_append).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/core/time.hpp"
#include "hypercare/feedback/model.hpp"

namespace hypercare::feedback {

// Which column (0-based) holds what.
struct Columns {
  std::size_t ts = 0, score = 0;
  std::optional<std::size_t> comment, from;
};

struct ImportOptions {
  std::string columns;  // "ts=Timestamp,score=Rating,comment=3": header names or 1-based numbers
  char delimiter = ',';
  core::Zone zone = nullptr;  // for timestamps without an offset
  std::string source;         // recorded with each response: the file's name
};

struct RowProblem {
  std::size_t line = 0;
  std::string message;
};

struct ImportResult {
  std::vector<Response> responses;
  std::vector<RowProblem> problems;  // rows that could not be read (file:line and what is wrong)
  std::size_t rows = 0;              // data rows seen (blank rows are not counted)
  std::vector<std::string> headers;
  Columns columns;
};

// Parses the CSV and maps its columns. A file that cannot be parsed as CSV at all, or whose
// columns cannot be found, is an error; bad rows are listed in `problems`.
core::Result<ImportResult> read_survey(std::string_view text, std::string_view where, const ImportOptions& options);

// The columns `spec` names ("ts=...,score=..."), or found by header names when `spec` is empty.
core::Result<Columns> map_columns(const std::vector<std::string>& headers, std::string_view spec);

// "4", "4.0", "4/5", "4 - Satisfied": the score 1..5, or nullopt.
std::optional<int> parse_score(std::string_view text);
// RFC 3339, "2026-11-27 10:15[:30]" or "2026/11/27 10:15" (in `zone`), or a bare date.
core::Result<core::TimePoint> parse_timestamp(std::string_view text, core::Zone zone);

// The content-derived event id of a row (see the header comment).
std::string response_id(const Response& r, std::size_t occurrence);

}  // namespace hypercare::feedback
