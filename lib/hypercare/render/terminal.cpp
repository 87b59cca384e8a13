#include "hypercare/render/terminal.hpp"

#include <algorithm>
#include <array>

namespace hypercare::render {

namespace {

// The SGR codes render::Style writes: reset, bold, dim, normal intensity, the eight colours.
bool our_sgr(std::string_view params) {
  if (params.empty()) return true;
  std::size_t pos = 0;
  while (pos <= params.size()) {
    auto semi = params.find(';', pos);
    auto p = params.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos);
    static constexpr std::array<std::string_view, 14> codes = {"0", "1", "2", "22", "39", "30", "31", "32",
                                                              "33", "34", "35", "36", "37", "90"};
    if (std::find(codes.begin(), codes.end(), p) == codes.end()) return false;
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return true;
}

}  // namespace

std::string terminal_safe(std::string_view text) {
  std::stringbuf out;
  {
    TerminalFilter filter(&out, false);
    filter.sputn(text.data(), std::streamsize(text.size()));
    filter.finish();
  }
  return out.str();
}

TerminalFilter::~TerminalFilter() { sync(); }

void TerminalFilter::end_sequence() {
  if (m_colours && our_sgr(m_seq)) {
    m_dest->sputc('\x1b');
    m_dest->sputc('[');
    m_dest->sputn(m_seq.data(), std::streamsize(m_seq.size()));
    m_dest->sputc('m');
  }
  m_seq.clear();
}

void TerminalFilter::put(char ch) {
  unsigned char c = static_cast<unsigned char>(ch);
  switch (m_state) {
    case State::text:
      if (m_continuations > 0) {
        if (c >= 0x80 && c <= 0xbf) {
          --m_continuations;
          m_dest->sputc(ch);
          return;
        }
        m_continuations = 0;  // a broken UTF-8 sequence: what follows is read afresh
      }
      if (c == 0x1b) m_state = State::esc;
      else if (c == 0xc2) m_state = State::c2;
      else if (c == '\r') m_state = State::cr;
      else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      } else if ((c >= 0x80 && c <= 0xc1) || c >= 0xf5) {
        // A raw C1 control (some terminals act on a lone 0x9b) or a byte UTF-8 never starts with.
      } else {
        if (c >= 0xc3) m_continuations = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
        m_dest->sputc(ch);
      }
      return;
    case State::cr:
      // CRLF line ends pass (iCalendar wants them); a lone CR would overwrite the line it ends.
      m_state = State::text;
      if (c == '\n') m_dest->sputc('\r');
      put(ch);
      return;
    case State::c2:
      m_state = State::text;
      if (c >= 0x80 && c <= 0x9f) return;  // a C1 control, UTF-8 encoded
      if (c >= 0xa0 && c <= 0xbf) {
        m_dest->sputc('\xc2');
        m_dest->sputc(ch);
        return;
      }
      put(ch);  // a lead byte without its continuation: dropped
      return;
    case State::esc:
      if (c == '[') {
        m_state = State::csi;
        m_seq.clear();
      } else if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X') {
        m_state = State::string;  // OSC, DCS, APC, PM, SOS: up to BEL or ST
      } else {
        m_state = State::text;  // a two-byte escape: dropped
      }
      return;
    case State::csi:
      if (c >= 0x40 && c <= 0x7e) {
        m_state = State::text;
        if (c == 'm') end_sequence();
        else m_seq.clear();
      } else if (m_seq.size() < 64) {
        m_seq.push_back(ch);
      }
      return;
    case State::string:
      if (c == 0x07) m_state = State::text;
      else if (c == 0x1b) m_state = State::string_esc;
      return;
    case State::string_esc:
      m_state = c == '\\' ? State::text : State::string;
      return;
  }
}

TerminalFilter::int_type TerminalFilter::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  put(traits_type::to_char_type(c));
  return c;
}

std::streamsize TerminalFilter::xsputn(const char* s, std::streamsize n) {
  // Runs of plain text go through in one piece; the rest byte by byte.
  std::streamsize i = 0;
  while (i < n) {
    if (m_state == State::text) {
      std::streamsize j = i;
      while (j < n) {
        unsigned char c = static_cast<unsigned char>(s[j]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f || m_continuations > 0) break;  // \r, UTF-8 too
        ++j;
      }
      if (j > i) m_dest->sputn(s + i, j - i);
      i = j;
      if (i == n) break;
    }
    put(s[i++]);
  }
  return n;
}

void TerminalFilter::finish() {
  if (m_state == State::cr) m_state = State::text;  // a lone CR at the very end: dropped
  if (m_state == State::c2) m_state = State::text;
}

int TerminalFilter::sync() { return m_dest ? m_dest->pubsync() : 0; }

}  // namespace hypercare::render
