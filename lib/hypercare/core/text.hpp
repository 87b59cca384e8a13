// Small text helpers shared by the domain.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace hypercare::core {

// ASCII case-insensitive equality (ids, names, components typed by people).
inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// At most `max` bytes, cut on a UTF-8 character boundary, ending in "…" when cut.
inline std::string truncate_utf8(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  constexpr std::string_view ellipsis = "…";
  if (max < ellipsis.size()) return {};
  std::size_t cut = max - ellipsis.size();
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + std::string(ellipsis);
}

// The first line of `s` that is not blank, without its newline: what a failed command said, in
// one line.
inline std::string first_line(std::string_view s) {
  auto start = s.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  s = s.substr(start);
  return std::string(s.substr(0, s.find('\n')));
}

// Standard base64 (RFC 4648, with padding).
std::string base64(std::string_view bytes);

}  // namespace hypercare::core
