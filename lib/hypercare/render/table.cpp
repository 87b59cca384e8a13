#include "hypercare/render/table.hpp"

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <sstream>

#include <utf8proc.h>

namespace hypercare::render {

namespace {

// The next character at s[i]: its width in columns and its length in bytes. Malformed bytes
// count one column each, as a terminal shows them (a replacement character).
std::pair<std::size_t, std::size_t> next_char(std::string_view s, std::size_t i) {
  utf8proc_int32_t cp = 0;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i), utf8proc_ssize_t(s.size() - i), &cp);
  if (n <= 0) return {1, 1};
  int w = utf8proc_charwidth(cp);
  return {std::size_t(std::max(w, 0)), std::size_t(n)};
}

// The length of an ANSI escape sequence (CSI) at s[i], 0 when none starts there.
std::size_t escape_length(std::string_view s, std::size_t i) {
  if (s[i] != 0x1b || i + 1 >= s.size() || s[i + 1] != '[') return 0;
  std::size_t j = i + 2;
  while (j < s.size() && !(s[j] >= '@' && s[j] <= '~')) ++j;
  return std::min(j + 1, s.size()) - i;
}

}  // namespace

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (auto e = escape_length(s, i)) {
      i += e;
      continue;
    }
    if (auto c = static_cast<unsigned char>(s[i]); c < 0x80) {
      w += c >= 0x20 && c != 0x7f;  // control characters take no column
      ++i;
      continue;
    }
    auto [cw, n] = next_char(s, i);
    w += cw;
    i += n;
  }
  return w;
}

std::string truncate(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) return std::string(s);
  if (width == 0) return {};
  std::string out;
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (auto e = escape_length(s, i)) {
      out.append(s.substr(i, e));
      i += e;
      continue;
    }
    auto [cw, n] = static_cast<unsigned char>(s[i]) < 0x80 ? std::pair<std::size_t, std::size_t>{1, 1} : next_char(s, i);
    if (w + cw + 1 > width) break;  // room for the "…"
    out.append(s.substr(i, n));
    w += cw;
    i += n;
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
  // Too wide for the terminal: the flexible column gives way down to a comfortable width, then
  // droppable columns go, then it gives way down to a few columns.
  constexpr std::size_t k_comfortable = 20, k_min_flexible = 8;
  std::vector<bool> shown_col(m_cols, true);
  auto total = [&] {
    std::size_t t = 0, n = 0;
    for (std::size_t c = 0; c < m_cols; ++c)
      if (shown_col[c]) t += widths[c], ++n;
    return t + (n ? 2 * (n - 1) : 0);
  };
  std::size_t limit = std::string::npos;
  if (m_max_width > 0 && m_flexible < m_cols && total() > m_max_width) {
    std::size_t floor = std::min(widths[m_flexible], k_comfortable);
    for (std::size_t d : m_droppable) {
      if (total() - widths[m_flexible] + floor <= m_max_width) break;
      if (d < m_cols && d != m_flexible) shown_col[d] = false;
    }
    std::size_t others = total() - widths[m_flexible];
    limit = m_max_width > others + k_min_flexible ? m_max_width - others : k_min_flexible;
    limit = std::min(limit, widths[m_flexible]);
    widths[m_flexible] = limit;
  }
  std::size_t last_shown = m_cols;
  for (std::size_t c = 0; c < m_cols; ++c)
    if (shown_col[c]) last_shown = c;
  std::string buf;
  buf.reserve(1 << 16);
  for (std::size_t r = first_row; r <= m_rows; ++r) {
    std::size_t line_start = buf.size();
    for (std::size_t c = 0; c < m_cols; ++c) {
      if (!shown_col[c]) continue;
      std::size_t i = r * m_cols + c;
      std::size_t begin = i ? m_ends[i - 1] : 0;
      std::size_t shown = m_cell_widths[i];
      if (c == m_flexible && shown > limit) {
        std::string cut = truncate(std::string_view(m_arena).substr(begin, m_ends[i] - begin), limit);
        shown = display_width(cut);
        buf += cut;
      } else {
        buf.append(m_arena, begin, m_ends[i] - begin);
      }
      if (c < last_shown) buf.append(widths[c] - shown + 2, ' ');
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
