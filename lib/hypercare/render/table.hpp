// Aligned text tables whose cells may carry colour (padding counts what the eye sees). Cells are
// kept in one arena, so a table of 100 000 rows costs one buffer, not a string per cell.
#pragma once

#include <cstdint>
#include <iosfwd>
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
  explicit Table(std::vector<std::string> headers);
  void add(const std::vector<std::string>& cells);
  // Row building without a vector per row: cell() each column, then end_row().
  void cell(std::string_view text);
  void end_row();
  bool empty() const { return m_rows == 0; }
  // Two spaces between columns; the last column is not padded.
  std::string str(bool with_header = true) const;
  void write(std::ostream& out, bool with_header = true) const;

 private:
  std::size_t m_cols;
  std::size_t m_rows = 0;
  std::string m_arena;                 // header cells, then every row's cells
  std::vector<std::uint32_t> m_ends;   // end offset of each cell in the arena
  std::vector<std::uint32_t> m_cell_widths;
  std::size_t m_pending = 0;           // cells of the row being built
};

}  // namespace hypercare::render
