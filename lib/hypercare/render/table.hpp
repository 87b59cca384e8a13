// Aligned text tables whose cells may carry colour (padding counts what the eye sees).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hypercare::render {

// Display width: UTF-8 code points, ANSI escape sequences not counted.
std::size_t display_width(std::string_view s);
// Cuts to `width` columns, ending with "…" when cut.
std::string truncate(std::string_view s, std::size_t width);
// Replaces control characters (newlines, tabs, escapes) so one value stays on one line.
std::string one_line(std::string_view s);

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : m_headers(std::move(headers)) {}
  void add(std::vector<std::string> cells) { m_rows.push_back(std::move(cells)); }
  bool empty() const { return m_rows.empty(); }
  // Two spaces between columns; the last column is not padded.
  std::string str(bool with_header = true) const;

 private:
  std::vector<std::string> m_headers;
  std::vector<std::vector<std::string>> m_rows;
};

}  // namespace hypercare::render
