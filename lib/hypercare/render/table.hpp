// Aligned text tables whose cells may carry colour (padding counts what the eye sees). Cells are
// kept in one arena, so a table of 100 000 rows costs one buffer, not a string per cell.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace hypercare::render {

// Display width in terminal columns (utf8proc: East Asian wide characters and most emoji 2,
// combining marks 0); ANSI escape sequences are not counted.
std::size_t display_width(std::string_view s);
// Cuts to `width` columns, ending with "…" when cut; never splits a character.
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
  // Lines at most `width` columns wide (0: no limit): `column` is narrowed first, its cells cut with
  // "…"; when that is not enough, the `droppable` columns are left out, in that order, before it is
  // narrowed further (to a few columns at the least).
  void fit(std::size_t width, std::size_t column, std::vector<std::size_t> droppable = {}) {
    m_max_width = width;
    m_flexible = column;
    m_droppable = std::move(droppable);
  }
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
  std::size_t m_max_width = 0, m_flexible = 0;
  std::vector<std::size_t> m_droppable;
};

}  // namespace hypercare::render
