#include "hypercare/store/jsonl.hpp"

#include <charconv>

#include <fmt/format.h>

#include "hypercare/store/fs.hpp"
#include "hypercare/store/lock.hpp"

namespace hypercare::store {
namespace {

// Depth of nesting outside strings; nlohmann has no limit of its own.
int max_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') deepest = std::max(deepest, ++depth);
    else if (c == '}' || c == ']') --depth;
  }
  return deepest;
}

}  // namespace

core::Result<nlohmann::json> parse_json(std::string_view text, std::string_view where, std::size_t max_bytes) {
  if (text.size() > max_bytes)
    return core::fail(core::ErrorKind::data,
                      fmt::format("{}: JSON of {} bytes is larger than the {} allowed", where,
                                  text.size(), max_bytes));
  if (max_depth(text) > k_max_json_depth)
    return core::fail(core::ErrorKind::data, fmt::format("{}: JSON nested deeper than {} levels",
                                                         where, k_max_json_depth));
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
    return core::fail(core::ErrorKind::data, fmt::format("{}: malformed JSON: {}", where, what));
  } catch (const nlohmann::json::exception& e) {
    // A number out of range (1e999) and the like: outside data, never an internal error.
    std::string what = e.what();
    if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    return core::fail(core::ErrorKind::data, fmt::format("{}: malformed JSON: {}", where, what));
  }
}

core::Result<JsonlFile> parse_jsonl(std::string_view text, const std::filesystem::path& path) {
  JsonlFile file;
  file.bytes = text.size();
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    ++line_no;
    auto nl = text.find('\n', pos);
    std::string_view line;
    if (nl == std::string_view::npos) {
      // No newline at the end: a whole record whose newline was lost is kept; anything else is
      // a write cut by a crash (a prefix of a JSON object is never a whole object).
      line = text.substr(pos);
      auto whole = parse_json(line, "", k_max_line_bytes);
      if (!whole || !whole->is_object()) {
        file.torn_tail = true;
        break;
      }
      file.unterminated = true;
      file.lines.push_back({line_no, std::move(*whole)});
      break;
    }
    line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto where = fmt::format("{}:{}", path.string(), line_no);
    if (is_conflict_marker(line))
      return core::fail(core::ErrorKind::data,
                        fmt::format("{}: git merge-conflict marker", where),
                        "hypercare doctor --fix");
    auto value = parse_json(line, where);
    if (!value) {
      value.error().hint = "hypercare doctor";
      return std::unexpected(value.error());
    }
    if (!value->is_object())
      return core::fail(core::ErrorKind::data, fmt::format("{}: expected a JSON object", where),
                        "hypercare doctor");
    file.lines.push_back({line_no, std::move(*value)});
  }
  return file;
}

core::Result<JsonlFile> read_jsonl(const std::filesystem::path& path) {
  auto text = HC_TRY(read_file(path, k_max_record_bytes));
  auto file = HC_TRY(parse_jsonl(text, path));
  // A line without its newline is a crash's leftover, or a writer's append caught half-way
  // (readers never lock): once no writer holds the ops lock, read again (found by 10 000 reads
  // beside writers, TeamRecord.ReadersNeverSeeARecordBeingCreated).
  if (file.torn_tail && wait_for_writers(path, k_writer_wait)) {
    text = HC_TRY(read_file(path, k_max_record_bytes));
    file = HC_TRY(parse_jsonl(text, path));
  }
  return file;
}

core::Result<JsonlFile> read_jsonl_lenient(const std::filesystem::path& path, const core::WarningSink& warn) {
  auto text = HC_TRY(read_file(path, k_max_record_bytes));
  if (auto tail = text.rfind('\n'); tail + 1 < text.size() && !store::is_whole_record(std::string_view(text).substr(tail + 1)) &&
                                   wait_for_writers(path, k_writer_wait))
    text = HC_TRY(read_file(path, k_max_record_bytes));
  JsonlFile file;
  file.bytes = text.size();
  std::size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    ++line_no;
    auto nl = text.find('\n', pos);
    std::string_view line = std::string_view(text).substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto where = fmt::format("{}:{}", path.string(), line_no);
    auto value = parse_json(line, where);
    if (!value || !value->is_object()) {
      if (nl == std::string::npos) {
        file.torn_tail = true;  // a write cut by a crash
        break;
      }
      warn(fmt::format("skipped {}: {} (`hypercare doctor --fix` moves it to quarantine/)", where,
                       value ? "expected a JSON object" : value.error().message.substr(where.size() + 2)));
      continue;
    }
    if (nl == std::string::npos) file.unterminated = true;
    file.lines.push_back({line_no, std::move(*value)});
  }
  return file;
}

std::size_t error_line(const core::Error& e, const std::filesystem::path& path) {
  std::string prefix = path.string() + ":";
  if (!e.message.starts_with(prefix)) return 0;
  std::size_t n = 0;
  auto rest = std::string_view(e.message).substr(prefix.size());
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  return ec == std::errc() && end != rest.data() && *end == ':' ? n : 0;
}

std::string to_line(const nlohmann::json& value) {
  std::string s = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  s += '\n';
  return s;
}

bool is_whole_record(std::string_view line) {
  auto j = parse_json(line, "", k_max_line_bytes);
  return j && j->is_object();
}

core::Result<std::string> record_line(const nlohmann::json& value, const std::filesystem::path& where) {
  auto line = to_line(value);
  if (line.size() > k_max_line_bytes)
    return core::fail(core::ErrorKind::data,
                      fmt::format("{}: the event would be a line of {} bytes, more than the {} a record line may hold; "
                                  "nothing was written",
                                  where.string(), line.size(), k_max_line_bytes),
                      "shorten the text (long output belongs in a file, referenced from a note)");
  return line;
}

std::optional<std::string> string_field(const nlohmann::json& object, std::string_view key, std::string_view fallback) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string(fallback);
  if (!it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::int64_t> integer_field(const nlohmann::json& object, std::string_view key, std::int64_t fallback) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (it->is_number_unsigned()) {
    auto v = it->get<std::uint64_t>();
    if (v > std::uint64_t(INT64_MAX)) return std::nullopt;
    return std::int64_t(v);
  }
  if (it->is_number_integer()) return it->get<std::int64_t>();
  return std::nullopt;
}

bool is_conflict_marker(std::string_view line) {
  auto starts = [&](std::string_view p) {
    return line.size() >= p.size() && line.substr(0, p.size()) == p &&
           (line.size() == p.size() || line[p.size()] == ' ');
  };
  return starts("<<<<<<<") || starts("=======") || starts(">>>>>>>") || starts("|||||||");
}

}  // namespace hypercare::store
