#include "hypercare/core/pattern.hpp"

#include <re2/re2.h>

#include <fmt/format.h>

namespace hypercare::core {

Result<Pattern> Pattern::compile(std::string_view text) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(std::int64_t(32) << 20);  // a bound on the compiled program, not on the text
  auto re = std::make_shared<const RE2>(re2::StringPiece(text.data(), text.size()), options);
  if (!re->ok())
    return fail(ErrorKind::config, fmt::format("invalid regular expression: {}", re->error()),
                "patterns use RE2 syntax (https://github.com/google/re2/wiki/Syntax): no backreferences or lookarounds");
  Pattern p;
  p.m_text = std::string(text);
  p.m_re = std::move(re);
  return p;
}

bool Pattern::search(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *m_re);
}

}  // namespace hypercare::core
