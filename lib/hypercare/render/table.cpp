#include "hypercare/render/table.hpp"

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <sstream>

namespace hypercare::render {

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b && i + 1 < s.size() && s[i + 1] == '[') {
      i += 2;
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~')) ++i;
      continue;
    }
    if ((c & 0xC0) != 0x80) ++w;
  }
  return w;
}

std::string truncate(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) return std::string(s);
  if (width == 0) return {};
  std::string out;
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (w + 1 == width) break;
      ++w;
    }
    out.push_back(s[i]);
  }
  return out + "…";
}

std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') out.push_back(' ');
    else if (u < 0x20 || u == 0x7f) out += "?";
    else out.push_back(c);
  }
  return out;
}

Table::Table(std::vector<std::string> headers) : m_cols(headers.size()) {
  for (const auto& h : headers) cell(h);
  m_pending = 0;
  m_rows = 0;
}

void Table::cell(std::string_view text) {
  ++m_pending;
  m_arena.append(text);
  m_ends.push_back(std::uint32_t(m_arena.size()));
  // Only non-ASCII or escape-carrying cells need the slow width count.
  bool plain = std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  std::size_t w = plain ? text.size() : display_width(text);
  m_cell_widths.push_back(std::uint32_t(w));
}

void Table::end_row() {
  while (m_pending < m_cols) cell("");
  m_pending = 0;
  ++m_rows;
}

void Table::add(const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < m_cols; ++i) cell(i < cells.size() ? std::string_view(cells[i]) : std::string_view());
  end_row();
}

std::string Table::str(bool with_header) const {
  std::ostringstream out;
  write(out, with_header);
  return out.str();
}

void Table::write(std::ostream& out, bool with_header) const {
  std::vector<std::size_t> widths(m_cols, 0);
  std::size_t first_row = with_header ? 0 : 1;
  for (std::size_t r = first_row; r <= m_rows; ++r)
    for (std::size_t c = 0; c < m_cols; ++c) widths[c] = std::max<std::size_t>(widths[c], m_cell_widths[r * m_cols + c]);
  std::string buf;
  buf.reserve(1 << 16);
  for (std::size_t r = first_row; r <= m_rows; ++r) {
    std::size_t line_start = buf.size();
    for (std::size_t c = 0; c < m_cols; ++c) {
      std::size_t i = r * m_cols + c;
      std::size_t begin = i ? m_ends[i - 1] : 0;
      buf.append(m_arena, begin, m_ends[i] - begin);
      if (c + 1 < m_cols) buf.append(widths[c] - m_cell_widths[i] + 2, ' ');
    }
    while (buf.size() > line_start && buf.back() == ' ') buf.pop_back();
    buf.push_back('\n');
    if (buf.size() >= (1u << 16)) {
      out.write(buf.data(), std::streamsize(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), std::streamsize(buf.size()));
}

}  // namespace hypercare::render
