#include "hypercare/core/text.hpp"

namespace hypercare::core {

std::string base64(std::string_view s) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    unsigned v = (unsigned char)s[i] << 16 | (unsigned char)s[i + 1] << 8 | (unsigned char)s[i + 2];
    out += {k_alphabet[v >> 18 & 63], k_alphabet[v >> 12 & 63], k_alphabet[v >> 6 & 63], k_alphabet[v & 63]};
  }
  if (i + 1 == s.size()) {
    unsigned v = (unsigned char)s[i] << 16;
    out += {k_alphabet[v >> 18 & 63], k_alphabet[v >> 12 & 63], '=', '='};
  } else if (i + 2 == s.size()) {
    unsigned v = (unsigned char)s[i] << 16 | (unsigned char)s[i + 1] << 8;
    out += {k_alphabet[v >> 18 & 63], k_alphabet[v >> 12 & 63], k_alphabet[v >> 6 & 63], '='};
  }
  return out;
}

}  // namespace hypercare::core
