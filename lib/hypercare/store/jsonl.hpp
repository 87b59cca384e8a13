// Reading append-only JSONL record files: one JSON object per line, torn tails tolerated.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

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
  bool torn_tail = false;  // the last line had no '\n' (a write cut by a crash) and was ignored
  std::size_t bytes = 0;   // bytes read
};

// Parses one JSON document with the size and depth caps; errors name `where`.
core::Result<nlohmann::json> parse_json(std::string_view text, std::string_view where,
                                        std::size_t max_bytes = k_max_line_bytes);

// Parses JSONL text. A malformed complete line is an error naming path:line (exit 65).
core::Result<JsonlFile> parse_jsonl(std::string_view text, const std::filesystem::path& path);
core::Result<JsonlFile> read_jsonl(const std::filesystem::path& path);

// Serialises one event as a single line ending in '\n' (UTF-8 kept, control characters escaped).
std::string to_line(const nlohmann::json& value);

// to_line for an event about to be appended to `where`: a line longer than a reader accepts
// (k_max_line_bytes) is ErrorKind::data, so that nothing is written that reads would refuse.
core::Result<std::string> record_line(const nlohmann::json& value, const std::filesystem::path& where);

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
