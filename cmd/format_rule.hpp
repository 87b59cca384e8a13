// One rule for --json beside --format (CLI.md): --json alone means JSON, and so does --format
// json; any other --format with --json is a usage error (64) — unless the document goes to a file
// (-o FILE), and then --json prints what was written.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "invocation.hpp"

namespace hypercare::cli {

// `given` empty: --format was not given; `fallback` is the command's default without --json.
inline core::Result<std::string> document_format(const Invocation& inv, const std::string& given, std::string_view fallback,
                                                 bool to_file) {
  if (given.empty()) return std::string(inv.json() && !to_file ? "json" : fallback);
  if (inv.json() && given != "json" && !to_file)
    return core::fail(core::ErrorKind::usage, fmt::format("--json prints JSON, but --format {} asks for {}", given, given),
                      fmt::format("drop --json, or write the {0} to a file: --format {0} -o FILE (with --json the command then "
                                  "prints what it wrote)",
                                  given));
  return given;
}

}  // namespace hypercare::cli
