// Text from outside never reaches a terminal as control sequences: terminal_safe and the
// TerminalFilter drop escape sequences and control characters, keep newlines, tabs and UTF-8, and
// the filter lets hypercare's own colours through only when colours are on.
#include "hypercare/render/terminal.hpp"

#include <sstream>

#include <gtest/gtest.h>

namespace hypercare::render {
namespace {

// Hex escapes are cut off with "" "": "\x07" "b" is BEL then 'b', "\x07b" would be one char.

TEST(Terminal, SafeDropsEscapeSequences) {
  EXPECT_EQ(terminal_safe("a\x1b]0;PWN\x07" "b"), "ab");      // OSC (window title) ended by BEL
  EXPECT_EQ(terminal_safe("a\x1b]0;PWN\x1b\\b"), "ab");         // ... or by ST
  EXPECT_EQ(terminal_safe("a\x1b[2Jb"), "ab");                  // CSI: clear the screen
  EXPECT_EQ(terminal_safe("a\x1b[31mb\x1b[0m"), "ab");          // colours from outside too
  EXPECT_EQ(terminal_safe("a\x1b" "7b"), "ab");                 // a two-byte escape
  EXPECT_EQ(terminal_safe("a\x1bP1$r\x1b\\b"), "ab");           // DCS
  EXPECT_EQ(terminal_safe("a\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\b"), "alinkb");
  EXPECT_EQ(terminal_safe("a\x1b[2"), "a");                     // cut short
}

TEST(Terminal, SafeDropsControlCharacters) {
  EXPECT_EQ(terminal_safe("a\x07" "b"), "ab");      // BEL
  EXPECT_EQ(terminal_safe("a\x7f" "b"), "ab");      // DEL
  EXPECT_EQ(terminal_safe("a\x08" "b"), "ab");      // backspace
  EXPECT_EQ(terminal_safe(std::string_view("a\0b", 3)), "ab");
  EXPECT_EQ(terminal_safe("a\rb"), "ab");           // a lone CR would overwrite the line
  EXPECT_EQ(terminal_safe("a\r\nb"), "a\r\nb");     // a CRLF line end stays
}

TEST(Terminal, SafeDropsUtf8EncodedC1Controls) {
  EXPECT_EQ(terminal_safe("a\xc2\x9b" "b"), "ab");  // U+009B, CSI
  EXPECT_EQ(terminal_safe("a\xc2\x85" "b"), "ab");  // U+0085, NEL
}

// A terminal in 8-bit mode reads a lone 0x9b byte as CSI. (Within UTF-8 characters, 0x80-0x9f are
// continuation bytes and must stay: see KeepsTextNewlinesTabsAndUtf8.)
TEST(Terminal, SafeDropsRawC1Controls) {
  EXPECT_EQ(terminal_safe("a\x9b" "b"), "ab");
  EXPECT_EQ(terminal_safe("a\x9b" "2Jb"), "a2Jb");
}

TEST(Terminal, SafeKeepsTextNewlinesTabsAndUtf8) {
  EXPECT_EQ(terminal_safe("line 1\nline 2\tcol"), "line 1\nline 2\tcol");
  EXPECT_EQ(terminal_safe("café — ✓"), "café — ✓");      // continuation bytes 0x80-0x9f among them
  EXPECT_EQ(terminal_safe("a\xc2\xa0" "b"), "a\xc2\xa0" "b");  // U+00A0 starts with 0xc2 too
  EXPECT_EQ(terminal_safe("日本語 ✓"), "日本語 ✓");
  EXPECT_EQ(terminal_safe(""), "");
}

// What `writes` become through a TerminalFilter in front of a string stream.
std::string filtered(std::initializer_list<std::string_view> writes, bool colours) {
  std::ostringstream out;
  {
    TerminalFilter filter(out.rdbuf(), colours);
    std::ostream os(&filter);
    for (auto w : writes) os << w;
    os.flush();
  }
  return out.str();
}

TEST(Terminal, FilterKeepsOurColoursWhenColoursAreOn) {
  EXPECT_EQ(filtered({"\x1b[1mbold\x1b[0m \x1b[31mred\x1b[0m"}, true), "\x1b[1mbold\x1b[0m \x1b[31mred\x1b[0m");
  EXPECT_EQ(filtered({"\x1b[1;32mok\x1b[m"}, true), "\x1b[1;32mok\x1b[m");
  EXPECT_EQ(filtered({"\x1b[2mdim\x1b[22m \x1b[90mgrey\x1b[39m"}, true), "\x1b[2mdim\x1b[22m \x1b[90mgrey\x1b[39m");
}

TEST(Terminal, FilterDropsOtherSgrCodesEvenWithColours) {
  EXPECT_EQ(filtered({"\x1b[38;5;196mred\x1b[0m"}, true), "red\x1b[0m");  // 256 colours: not ours
  EXPECT_EQ(filtered({"\x1b[5mblink\x1b[8mhidden"}, true), "blinkhidden");
  EXPECT_EQ(filtered({"\x1b[1;5mx"}, true), "x");
}

TEST(Terminal, FilterDropsColoursWhenColoursAreOff) {
  EXPECT_EQ(filtered({"\x1b[1mbold\x1b[0m \x1b[31mred\x1b[0m"}, false), "bold red");
}

TEST(Terminal, FilterDropsOtherSequencesAndControls) {
  for (bool colours : {true, false}) {
    EXPECT_EQ(filtered({"a\x1b]0;PWN\x07" "b"}, colours), "ab");
    EXPECT_EQ(filtered({"a\x1b]0;PWN\x1b\\b"}, colours), "ab");
    EXPECT_EQ(filtered({"a\x1b[2Jb\x1b[1;1H"}, colours), "ab");
    EXPECT_EQ(filtered({"a\x07\x7f\x08" "b\rc\r\nd"}, colours), "abc\r\nd");
    EXPECT_EQ(filtered({"a\xc2\x9b" "b"}, colours), "ab");
    EXPECT_EQ(filtered({"line 1\n\tcafé — ✓ a\xc2\xa0" "b"}, colours), "line 1\n\tcafé — ✓ a\xc2\xa0" "b");
  }
}

TEST(Terminal, FilterDropsRawC1Controls) {
  EXPECT_EQ(filtered({"a\x9b" "b"}, true), "ab");
}

TEST(Terminal, FilterRemovesASequenceSplitAcrossWrites) {
  EXPECT_EQ(filtered({"a\x1b]0;P", "WN\x07" "b"}, false), "ab");
  EXPECT_EQ(filtered({"a\x1b", "]0;PWN\x07" "b"}, false), "ab");
  EXPECT_EQ(filtered({"a\x1b]0;PWN\x1b", "\\b"}, false), "ab");
  EXPECT_EQ(filtered({"a\x1b[2", "Jb"}, true), "ab");
  EXPECT_EQ(filtered({"a\xc2", "\x9b" "b"}, true), "ab");
  EXPECT_EQ(filtered({"a\r", "\nb"}, true), "a\r\nb");
  // Our own colours, split, still pass whole when colours are on.
  EXPECT_EQ(filtered({"a\x1b", "[3", "1mb"}, true), "a\x1b[31mb");
  EXPECT_EQ(filtered({"a\xc2", "\xa0" "b"}, true), "a\xc2\xa0" "b");
}

// One character at a time, as std::ostream::put writes them.
TEST(Terminal, FilterWorksCharacterByCharacter) {
  std::ostringstream out;
  {
    TerminalFilter filter(out.rdbuf(), true);
    std::ostream os(&filter);
    for (char c : std::string_view("a\x1b]0;PWN\x07" "b\x1b[31mc\x1b[0m"))
      os.put(c);
  }
  EXPECT_EQ(out.str(), "ab\x1b[31mc\x1b[0m");
}

}  // namespace
}  // namespace hypercare::render
