// Colour that is there only when it should be: a TTY, no NO_COLOR, no --no-color, TERM != dumb.
#pragma once

#include <string>
#include <string_view>

namespace hypercare::render {

class Style {
 public:
  explicit Style(bool enabled = false) : m_enabled(enabled) {}
  bool enabled() const { return m_enabled; }
  std::string red(std::string_view s) const { return wrap("31", s); }
  std::string yellow(std::string_view s) const { return wrap("33", s); }
  std::string green(std::string_view s) const { return wrap("32", s); }
  std::string cyan(std::string_view s) const { return wrap("36", s); }
  std::string bold(std::string_view s) const { return wrap("1", s); }
  std::string dim(std::string_view s) const { return wrap("2", s); }

 private:
  std::string wrap(std::string_view code, std::string_view s) const;
  bool m_enabled;
};

// The decision, from its inputs: the stream is a TTY, NO_COLOR (set and non-empty), TERM, the flag.
bool colour_wanted(bool is_tty, const char* no_color_env, const char* term_env, bool no_color_flag);

}  // namespace hypercare::render
