// Errors as values: every failure in lib/ is an Error with a kind that maps to one exit code.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace hypercare::core {

enum class ErrorKind {
  no,           // 1: the command ran and the answer is "no"
  usage,        // 64
  data,         // 65: malformed data or invalid state transition
  missing,      // 66: no ops dir, unknown or ambiguous id, file not found
  unavailable,  // 69
  internal,     // 70
  cant_create,  // 73
  io,           // 74
  busy,         // 75
  permission,   // 77
  config,       // 78
  interrupted,  // 130
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  std::string hint;  // a command the user can type to fix it; may be empty
};

template <class T>
using Result = std::expected<T, Error>;

using Status = Result<void>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string message, std::string hint = {}) {
  return std::unexpected(Error{kind, std::move(message), std::move(hint)});
}

int exit_code(ErrorKind kind);
std::string_view kind_name(ErrorKind kind);

}  // namespace hypercare::core

// Propagates an error from an expression returning Result<T>; yields the value otherwise.
#define HC_TRY(expr)                                             \
  __extension__({                                                             \
    auto&& hc_try_result_ = (expr);                              \
    if (!hc_try_result_) return std::unexpected(hc_try_result_.error()); \
    std::move(*hc_try_result_);                                  \
  })

// For Result<void>.
#define HC_CHECK(expr)                                           \
  do {                                                           \
    auto&& hc_check_result_ = (expr);                            \
    if (!hc_check_result_) return std::unexpected(hc_check_result_.error()); \
  } while (0)
