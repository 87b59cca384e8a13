#include "hypercare/store/flat_record.hpp"

#include <cstring>

#include "hypercare/store/fs.hpp"

namespace hypercare::store {

namespace {

using Kind = FlatValue::Kind;

// One line's scan: `p` walks the line, `end` is its end; strings are decoded where they stand.
class Scanner {
 public:
  Scanner(const char* p, const char* end, std::size_t text_size, FlatFile& out)
      : m_p(p), m_end(end), m_text_size(text_size), m_out(out) {}

  bool line(std::size_t line_no) {
    skip_space();
    if (!eat('{')) return false;
    FlatLine l{line_no, std::uint32_t(m_out.fields.size()), 0};
    if (!members(m_out.fields, 1)) return false;
    l.count = std::uint32_t(m_out.fields.size() - l.first);
    skip_space();
    if (m_p != m_end) return false;
    m_out.lines.push_back(l);
    return true;
  }

 private:
  // After '{': members up to and including '}'; nested values go to items.
  bool members(std::vector<FlatItem>& into, int depth) {
    skip_space();
    if (eat('}')) return true;
    for (;;) {
      skip_space();
      FlatItem item;
      if (!eat('"') || !string(item.key)) return false;
      skip_space();
      if (!eat(':')) return false;
      skip_space();
      if (!value(item.value, depth)) return false;
      into.push_back(item);
      skip_space();
      if (eat(',')) continue;
      return eat('}');
    }
  }

  bool elements(int depth) {
    skip_space();
    if (eat(']')) return true;
    for (;;) {
      skip_space();
      FlatItem item;
      if (!value(item.value, depth)) return false;
      m_out.items.push_back(item);
      skip_space();
      if (eat(',')) continue;
      return eat(']');
    }
  }

  bool value(FlatValue& v, int depth) {
    if (m_p == m_end) return false;
    char c = *m_p;
    if (c == '"') {
      ++m_p;
      v.kind = Kind::string;
      return string(v.text);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind = Kind::integer;
      return integer(v.number);
    }
    if (literal("true")) {
      v.kind = Kind::boolean;
      v.flag = true;
      return true;
    }
    if (literal("false")) {
      v.kind = Kind::boolean;
      return true;
    }
    if (literal("null")) return true;
    if (depth > 1 || (c != '[' && c != '{')) return false;  // nested deeper than hypercare writes
    ++m_p;
    // The items of one array or object are contiguous: scalars only below this level.
    std::vector<FlatItem>& items = m_out.items;
    v.first = std::uint32_t(items.size());
    bool ok;
    if (c == '[') {
      v.kind = Kind::array;
      ok = elements(depth + 1);
    } else {
      v.kind = Kind::object;
      ok = members(items, depth + 1);
    }
    v.count = std::uint32_t(items.size() - v.first);
    return ok;
  }

  // After the opening quote: reads a string as nlohmann's lexer does. A string without escapes is
  // a view of the text; one with escapes is decoded into the arena.
  bool string(std::string_view& out) {
    const char* start = m_p;
    skip_plain();
    while (m_p != m_end && *m_p != '\\') {
      auto c = static_cast<unsigned char>(*m_p);
      if (c == '"') {
        out = std::string_view(start, std::size_t(m_p - start));
        ++m_p;
        return true;
      }
      if (c < 0x20) return false;
      std::size_t n = c < 0x80 ? 1 : utf8_length(m_p, m_end);
      if (n == 0) return false;
      m_p += n;
    }
    if (m_p == m_end) return false;
    // Decoded text is never longer than its source: an arena reserved for the whole text is never
    // moved, and the views into it hold.
    std::string& arena = m_out.arena;
    if (arena.empty() && arena.capacity() < m_text_size) arena.reserve(m_text_size);
    std::size_t begin = arena.size();
    arena.append(start, m_p);
    while (m_p != m_end) {
      auto c = static_cast<unsigned char>(*m_p);
      if (c == '"') {
        out = std::string_view(arena.data() + begin, arena.size() - begin);
        ++m_p;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (!escape(arena)) return false;
        continue;
      }
      std::size_t n = c < 0x80 ? 1 : utf8_length(m_p, m_end);
      if (n == 0) return false;
      arena.append(m_p, n);
      m_p += n;
    }
    return false;
  }

  // Eight bytes at a time past those that need no look of their own: anything but a quote, a
  // backslash, a control character or a byte of a multi-byte UTF-8 sequence. Most of a record is
  // such text, and the loops above then start at the byte that ends the run.
  void skip_plain() {
    constexpr std::uint64_t ones = 0x0101010101010101, high = 0x8080808080808080;
    auto below = [&](std::uint64_t x, std::uint64_t n) { return (x - ones * n) & ~x & high; };  // some byte < n
    while (m_end - m_p >= 8) {
      std::uint64_t x;
      std::memcpy(&x, m_p, 8);
      if ((below(x ^ (ones * '"'), 1) | below(x ^ (ones * '\\'), 1) | below(x, 0x20) | (x & high)) != 0) return;
      m_p += 8;
    }
  }

  bool escape(std::string& w) {
    if (m_end - m_p < 2) return false;
    char e = m_p[1];
    m_p += 2;
    switch (e) {
      case '"': w += '"'; return true;
      case '\\': w += '\\'; return true;
      case '/': w += '/'; return true;
      case 'b': w += '\b'; return true;
      case 'f': w += '\f'; return true;
      case 'n': w += '\n'; return true;
      case 'r': w += '\r'; return true;
      case 't': w += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    auto cp = hex4();
    if (!cp || (*cp >= 0xDC00 && *cp <= 0xDFFF)) return false;
    if (*cp >= 0xD800 && *cp <= 0xDBFF) {  // a surrogate pair: the low half must follow
      if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u') return false;
      m_p += 2;
      auto low = hex4();
      if (!low || *low < 0xDC00 || *low > 0xDFFF) return false;
      *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
    }
    auto put = [&](std::uint32_t byte) { w += char(byte); };
    if (*cp < 0x80) {
      put(*cp);
    } else if (*cp < 0x800) {
      put(0xC0 | (*cp >> 6));
      put(0x80 | (*cp & 0x3F));
    } else if (*cp < 0x10000) {
      put(0xE0 | (*cp >> 12));
      put(0x80 | ((*cp >> 6) & 0x3F));
      put(0x80 | (*cp & 0x3F));
    } else {
      put(0xF0 | (*cp >> 18));
      put(0x80 | ((*cp >> 12) & 0x3F));
      put(0x80 | ((*cp >> 6) & 0x3F));
      put(0x80 | (*cp & 0x3F));
    }
    return true;
  }

  std::optional<std::uint32_t> hex4() {
    if (m_end - m_p < 4) return std::nullopt;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = *m_p++;
      v <<= 4;
      if (c >= '0' && c <= '9') v |= std::uint32_t(c - '0');
      else if (c >= 'a' && c <= 'f') v |= std::uint32_t(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= std::uint32_t(c - 'A' + 10);
      else return std::nullopt;
    }
    return v;
  }

  // The length of the well-formed UTF-8 sequence at `p` (RFC 3629, the table nlohmann checks), or 0.
  static std::size_t utf8_length(const char* p, const char* end) {
    auto b = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
    auto in = [&](std::size_t i, unsigned lo, unsigned hi) { return p + i < end && b(i) >= lo && b(i) <= hi; };
    unsigned c = b(0);
    if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
    if (c == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (c == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    return 0;
  }

  // A whole number of at most 18 digits (always within int64); fractions, exponents and leading
  // zeros are left to the full reader.
  bool integer(std::int64_t& out) {
    bool negative = eat('-');
    const char* digits = m_p;
    std::int64_t v = 0;
    std::size_t n = 0;
    for (; m_p != m_end && *m_p >= '0' && *m_p <= '9'; ++m_p, ++n)
      if (n < 18) v = v * 10 + (*m_p - '0');  // no further: past 18 digits it could overflow
    if (n == 0 || n > 18 || (n > 1 && *digits == '0')) return false;
    if (m_p != m_end && (*m_p == '.' || *m_p == 'e' || *m_p == 'E')) return false;
    out = negative ? -v : v;
    return true;
  }

  bool literal(std::string_view word) {
    if (std::size_t(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word) return false;
    m_p += word.size();
    return true;
  }

  bool eat(char c) {
    if (m_p == m_end || *m_p != c) return false;
    ++m_p;
    return true;
  }

  void skip_space() {
    while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\r' || *m_p == '\n')) ++m_p;
  }

  const char* m_p;
  const char* m_end;
  std::size_t m_text_size;
  FlatFile& m_out;
};

}  // namespace

bool scan_flat(std::string_view text, FlatFile& out) {
  out.lines.clear();
  out.fields.clear();
  out.items.clear();
  out.arena.clear();
  if (text.empty() || text.back() != '\n') return false;
  const char* p = text.data();
  const char* end = p + text.size();
  std::size_t line_no = 0;
  while (p != end) {
    ++line_no;
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', std::size_t(end - p)));
    std::string_view line(p, std::size_t(nl - p));
    if (line.size() > k_max_line_bytes) return false;
    bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;  // skipped, as parse_jsonl does
    if (!blank && !Scanner(p, nl, text.size(), out).line(line_no)) return false;
    p = nl + 1;
  }
  return true;
}

const FlatValue* FlatEvent::find(std::string_view key) const {
  // nlohmann keeps the last of a key given twice.
  for (std::uint32_t i = m_line->first + m_line->count; i-- > m_line->first;)
    if (m_file->fields[i].key == key) return &m_file->fields[i].value;
  return nullptr;
}

std::string_view FlatEvent::str(std::string_view key) const {
  auto v = find(key);
  return v && v->kind == Kind::string ? v->text : std::string_view();
}

std::optional<std::int64_t> FlatEvent::integer(std::string_view key) const {
  auto v = find(key);
  if (!v || v->kind != Kind::integer) return std::nullopt;
  return v->number;
}

bool FlatEvent::is_true(std::string_view key) const {
  auto v = find(key);
  return v && v->kind == Kind::boolean && v->flag;
}

}  // namespace hypercare::store
