#include "hypercare/feedback/csv.hpp"

#include <fmt/format.h>

namespace hypercare::feedback {

core::Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view where, char delimiter) {
  if (text.size() > k_max_csv_bytes)
    return core::fail(core::ErrorKind::data,
                      fmt::format("{}: {} bytes is more than the {} allowed", where, text.size(), k_max_csv_bytes));
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<CsvRecord> out;
  std::size_t i = 0, line = 1, col = 1;
  auto bad = [&](std::size_t l, std::size_t c, std::string_view what) {
    return core::fail(core::ErrorKind::data, fmt::format("{}:{}:{}: {}", where, l, c, what));
  };
  auto advance = [&](char c) {
    ++i;
    if (c == '\n') ++line, col = 1;
    else ++col;
  };
  while (i < text.size()) {
    CsvRecord rec;
    rec.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      if (i < text.size() && text[i] == '"') {
        std::size_t ql = line, qc = col;
        advance('"');
        bool closed = false;
        while (i < text.size()) {
          char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              advance(c);
              advance(c);
              continue;
            }
            advance(c);
            closed = true;
            break;
          }
          // CRLF inside a quoted field is a line break like any other: keep it as '\n'.
          if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            ++i;
            continue;
          }
          field += c;
          advance(c);
        }
        if (!closed) return bad(ql, qc, "quoted field is never closed (a missing \")");
        if (i < text.size() && text[i] != delimiter && text[i] != '\n' && text[i] != '\r')
          return bad(line, col, fmt::format("unexpected '{}' after a closing quote (write \"\" for a quote inside a quoted field)",
                                            text[i]));
      } else {
        while (i < text.size() && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"')
            return bad(line, col, "quote inside an unquoted field (quote the whole field and double the quote: \"a \"\"b\"\"\")");
          field += text[i];
          advance(text[i]);
        }
      }
      rec.fields.push_back(std::move(field));
      if (rec.fields.size() > k_max_csv_fields)
        return bad(rec.line, col, fmt::format("more than {} fields in one record", k_max_csv_fields));
      if (i >= text.size()) {
        end_of_record = true;
      } else if (text[i] == delimiter) {
        advance(text[i]);
      } else {
        if (text[i] == '\r') {
          ++i;
          if (i < text.size() && text[i] == '\n') advance('\n');
          else ++line, col = 1;  // a lone CR (old Mac exports) ends the line too
        } else {
          advance('\n');
        }
        end_of_record = true;
      }
    }
    bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
    if (!blank) out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace hypercare::feedback
