// Builds the real Context (clock, environment, streams, TTYs, randomness) and runs the CLI.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <random>

#include "app.hpp"

extern char** environ;

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::signal(SIGPIPE, SIG_IGN);
  hypercare::core::Context ctx;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos) ctx.env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  if (auto frozen = ctx.getenv("HYPERCARE_NOW"); frozen && !frozen->empty()) {
    auto t = hypercare::core::parse_rfc3339(*frozen);
    if (!t) {
      std::cerr << "hypercare: HYPERCARE_NOW: " << t.error().message << '\n';
      return 64;
    }
    ctx.clock = [t = *t] { return t; };
  } else {
    ctx.clock = [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
  }
  // Event and record ids must not collide across clones and processes: seed with 256 bits.
  std::random_device device;
  std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
  auto engine = std::make_shared<std::mt19937_64>(seed);
  ctx.random = [engine] { return (*engine)(); };
  ctx.in = &std::cin;
  ctx.out = &std::cout;
  ctx.err = &std::cerr;
  ctx.stdin_is_tty = ::isatty(0);
  ctx.stdout_is_tty = ::isatty(1);
  if (winsize ws{}; ctx.stdout_is_tty && ::ioctl(1, TIOCGWINSZ, &ws) == 0) ctx.stdout_columns = ws.ws_col;
  ctx.stderr_is_tty = ::isatty(2);
  std::error_code ec;
  ctx.cwd = std::filesystem::current_path(ec);
  std::vector<std::string> args(argv + 1, argv + argc);
  int code = hypercare::cli::run(args, ctx);
  errno = 0;
  std::cout.flush();
  // A reader that went away (`| head`) is not an error; a full disk is.
  if (!std::cout && errno != EPIPE) return code ? code : 74;
  return code;
}
