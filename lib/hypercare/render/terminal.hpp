// Text from outside — titles, labels, alert and check output, remote error bodies — never
// reaches a terminal as control sequences (a window title, a cursor move, a hidden line). Human
// output passes through here; JSON is escaped by its serialiser.
#pragma once

#include <sstream>
#include <streambuf>
#include <string>
#include <string_view>

namespace hypercare::render {

// `text` with control characters removed: C0 controls but newline and tab, DEL, C1 controls
// (raw or UTF-8 encoded) and every escape sequence.
std::string terminal_safe(std::string_view text);

// A filter in front of a terminal's stream buffer: what terminal_safe drops is dropped, except
// hypercare's own colours (SGR sequences of the codes render::Style writes) when `colours`.
// Flushes into `dest`; the caller keeps both alive and puts the original buffer back.
class TerminalFilter : public std::streambuf {
 public:
  TerminalFilter(std::streambuf* dest, bool colours) : m_dest(dest), m_colours(colours) {}
  ~TerminalFilter() override;
  // The end of the text: a byte held back to see what follows it (a CR, a UTF-8 lead) is dropped.
  void finish();

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  void put(char c);
  void end_sequence();
  std::streambuf* m_dest;
  bool m_colours;
  enum class State { text, esc, csi, string, string_esc, c2, cr } m_state = State::text;
  std::string m_seq;  // the CSI parameters seen so far
  int m_continuations = 0;  // UTF-8 continuation bytes still due for the character being copied
};

}  // namespace hypercare::render
