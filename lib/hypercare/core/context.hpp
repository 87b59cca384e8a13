// Everything a command needs from the outside world, injected: clock, environment, streams,
// working directory, randomness. Only cmd/main.cpp builds the real one.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "hypercare/core/ids.hpp"
#include "hypercare/core/time.hpp"

namespace hypercare::core {

using Clock = std::function<TimePoint()>;
// Receives warnings (torn tails, git failures...) for the caller to show; lib/ never prints.
using WarningSink = std::function<void(const std::string&)>;

struct Context {
  Clock clock;
  std::map<std::string, std::string, std::less<>> env;
  Random random;
  std::istream* in = nullptr;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool stdin_is_tty = false;
  bool stdout_is_tty = false;
  bool stderr_is_tty = false;
  std::size_t stdout_columns = 0;  // the terminal's width when stdout is one (TIOCGWINSZ); 0: unknown
  std::filesystem::path cwd;
  WarningSink warn = [](const std::string&) {};

  std::optional<std::string> getenv(std::string_view name) const {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace hypercare::core
