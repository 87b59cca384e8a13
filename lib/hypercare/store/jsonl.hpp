// Reading append-only JSONL record files: one JSON object per line, torn tails tolerated.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hypercare/core/context.hpp"
#include "hypercare/core/error.hpp"
#include "hypercare/core/ids.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::store {

struct JsonlLine {
  std::size_t line_no = 0;
  nlohmann::json value;
};

struct JsonlFile {
  std::vector<JsonlLine> lines;
  bool torn_tail = false;    // the last line had no '\n' (a write cut by a crash) and was ignored
  bool unterminated = false;  // the last line had no '\n' but is a whole record: it was kept
  std::size_t bytes = 0;   // bytes read
};

// Parses one JSON document with the size and depth caps; errors name `where`.
core::Result<nlohmann::json> parse_json(std::string_view text, std::string_view where,
                                        std::size_t max_bytes = k_max_line_bytes);

// Parses JSONL text. A malformed complete line is an error naming path:line (exit 65).
core::Result<JsonlFile> parse_jsonl(std::string_view text, const std::filesystem::path& path);
core::Result<JsonlFile> read_jsonl(const std::filesystem::path& path);

// For records whose lines stand alone (health results, feedback): lines that are not whole JSON
// objects are skipped, each reported to `warn` with file:line; the others are read.
core::Result<JsonlFile> read_jsonl_lenient(const std::filesystem::path& path, const core::WarningSink& warn);

// The line an error about `path` names ("path:LINE: what"), or 0.
std::size_t error_line(const core::Error& e, const std::filesystem::path& path);

// Folds `file` with `fold`; a line the fold names as bad is left out, reported to `warn`, and the
// fold tried again. A problem of the whole file (no line named) is the fold's error.
template <class Fold>
auto fold_skipping(JsonlFile file, const std::filesystem::path& path, const core::WarningSink& warn, Fold fold)
    -> decltype(fold(file)) {
  for (std::size_t tries = 0;; ++tries) {
    auto r = fold(file);
    if (r || tries > file.lines.size()) return r;
    auto line = error_line(r.error(), path);
    auto it = std::find_if(file.lines.begin(), file.lines.end(), [&](const JsonlLine& l) { return l.line_no == line; });
    if (line == 0 || it == file.lines.end()) return r;
    warn(fmt::format("skipped {} (`hypercare doctor --fix` moves it to quarantine/)", r.error().message));
    file.lines.erase(it);
  }
}

// Serialises one event as a single line ending in '\n' (UTF-8 kept, control characters escaped).
std::string to_line(const nlohmann::json& value);

// to_line for an event about to be appended to `where`: a line longer than a reader accepts
// (k_max_line_bytes) is ErrorKind::data, so that nothing is written that reads would refuse.
core::Result<std::string> record_line(const nlohmann::json& value, const std::filesystem::path& where);

// True when `line` (without its newline) is one whole record: a JSON object.
bool is_whole_record(std::string_view line);
// Fields of a record read without exceptions (nlohmann's value() throws on a wrong type, and
// converts 1e300 to an integer with undefined behaviour): missing or null gives `fallback`; a value
// of another type, or a number that is not a whole one within int64, gives nullopt, for the caller
// to report as malformed data naming file:line.
std::optional<std::string> string_field(const nlohmann::json& object, std::string_view key,
                                        std::string_view fallback = {});
std::optional<std::int64_t> integer_field(const nlohmann::json& object, std::string_view key,
                                          std::int64_t fallback = 0);

// True when `line` is a git merge-conflict marker line.
bool is_conflict_marker(std::string_view line);

}  // namespace hypercare::store
