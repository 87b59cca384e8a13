// An RFC 4180 CSV parser for survey exports: quoted fields with embedded delimiters, line breaks
// and doubled quotes, CRLF or LF line ends, an optional UTF-8 byte-order mark.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/core/error.hpp"

namespace hypercare::feedback {

inline constexpr std::size_t k_max_csv_bytes = 16u << 20;
inline constexpr std::size_t k_max_csv_fields = 512;

struct CsvRecord {
  std::size_t line = 0;  // line of the file where the record starts (1-based)
  std::vector<std::string> fields;
};

// Parses `text`; errors (ErrorKind::data) name `where`:line:column: an unterminated quoted field,
// a character after a closing quote, a quote inside an unquoted field, too many fields.
core::Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view where, char delimiter = ',');

}  // namespace hypercare::feedback
