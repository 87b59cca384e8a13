#include "hypercare/render/style.hpp"

#include <cstring>

namespace hypercare::render {

std::string Style::wrap(std::string_view code, std::string_view s) const {
  if (!m_enabled || s.empty()) return std::string(s);
  std::string out = "\x1b[";
  out += code;
  out += 'm';
  out += s;
  out += "\x1b[0m";
  return out;
}

bool colour_wanted(bool is_tty, const char* no_color_env, const char* term_env, bool no_color_flag) {
  if (!is_tty || no_color_flag) return false;
  if (no_color_env && *no_color_env) return false;
  if (term_env && std::strcmp(term_env, "dumb") == 0) return false;
  return true;
}

}  // namespace hypercare::render
