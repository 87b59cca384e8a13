// Reading a record file without building a JSON tree: for the cold index, which reads every
// event of every incident. The reader knows the shapes hypercare writes — an object whose values
// are strings, whole numbers, booleans, null, and arrays or objects of those — and refuses
// anything else (a fraction, deeper nesting, a line cut short), for the caller to read the file
// with read_jsonl. What it accepts, it reads as nlohmann::json::parse does: the same strings
// (escapes decoded, invalid UTF-8 refused), the same numbers, the last of repeated keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hypercare::store {

struct FlatValue {
  enum class Kind : std::uint8_t { null, boolean, integer, string, array, object };
  Kind kind = Kind::null;
  bool flag = false;          // boolean
  std::int64_t number = 0;    // integer
  std::string_view text;      // string: decoded, in the scanned buffer
  std::uint32_t first = 0;    // array, object: their items in FlatFile::items
  std::uint32_t count = 0;
};

struct FlatItem {
  std::string_view key;  // empty for an array's items
  FlatValue value;
};

struct FlatLine {
  std::size_t line_no = 0;
  std::uint32_t first = 0;  // its fields in FlatFile::fields
  std::uint32_t count = 0;
};

struct FlatFile {
  std::vector<FlatLine> lines;
  std::vector<FlatItem> fields;
  std::vector<FlatItem> items;
  std::string arena;  // strings that had escapes, decoded
};

// Scans `text`; the views in `out` are into `text` and `out.arena`. False when any line is not of
// the shapes above, or the text does not end with a newline.
bool scan_flat(std::string_view text, FlatFile& out);

// One event of a FlatFile, with the accessors the folds use.
class FlatEvent {
 public:
  FlatEvent(const FlatFile& file, const FlatLine& line) : m_file(&file), m_line(&line) {}

  std::size_t line_no() const { return m_line->line_no; }
  const FlatValue* find(std::string_view key) const;
  // The string at `key`, or "" when it is absent or not a string.
  std::string_view str(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;
  bool is_true(std::string_view key) const;
  // The strings of the array at `key`, in order.
  template <class F>
  void each_string(std::string_view key, F f) const {
    if (auto v = find(key); v && v->kind == FlatValue::Kind::array)
      for (std::uint32_t i = v->first; i < v->first + v->count; ++i)
        if (m_file->items[i].value.kind == FlatValue::Kind::string) f(m_file->items[i].value.text);
  }
  // The string members of the object at `key` (of a key given twice, the last).
  template <class F>
  void each_string_member(std::string_view key, F f) const {
    auto v = find(key);
    if (!v || v->kind != FlatValue::Kind::object) return;
    const auto* begin = m_file->items.data() + v->first;
    const auto* end = begin + v->count;
    for (const auto* it = begin; it != end; ++it) {
      bool repeated = false;
      for (const auto* later = it + 1; later != end && !repeated; ++later) repeated = later->key == it->key;
      if (!repeated && it->value.kind == FlatValue::Kind::string) f(it->key, it->value.text);
    }
  }

 private:
  const FlatFile* m_file;
  const FlatLine* m_line;
};

}  // namespace hypercare::store
