// Regular expressions written by people (checks.toml's body_regex and expect_output): RE2 syntax,
// matched in time linear in the text — never by backtracking, so no pattern and no body can make
// a check run past its timeout or overflow the stack.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "hypercare/core/error.hpp"

namespace re2 {
class RE2;
}

namespace hypercare::core {

class Pattern {
 public:
  // ErrorKind::config with RE2's reason when `text` is not a valid pattern (backreferences and
  // lookarounds are not: they cannot be matched in linear time).
  static Result<Pattern> compile(std::string_view text);

  // True when the pattern matches anywhere in `text`.
  bool search(std::string_view text) const;
  const std::string& text() const { return m_text; }

 private:
  std::string m_text;
  std::shared_ptr<const re2::RE2> m_re;
};

}  // namespace hypercare::core
