// End-to-end test harness: runs the real hypercare binary (posix_spawn, explicit environment,
// no shell) on temporary ops dirs and captures exit status, stdout and stderr.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace hctest {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

struct RunResult {
  int exit = -1;    // exit status, or -1 when killed by a signal
  int signal = 0;   // the signal that killed it, if any
  std::string out, err;
  long max_rss_kb = 0;  // peak resident set of the process (its own, and its largest waited-for child)
  // For assertion messages.
  std::string describe() const;
};

// Runs argv[0] (looked up in PATH when it has no '/') with exactly `env` as its environment,
// `in` on stdin (then EOF) and `cwd` as working directory (empty: inherit). Killed after `timeout`.
// `tick`, when given, is called with the pid about ten times a second while it runs (to send it
// signals, say).
// Runs argv on a new pseudo-terminal (stdin, stdout and stderr: `out` gets all of it), for what
// hypercare does only on a terminal. Killed after 60 s.
RunResult run_on_tty(const std::vector<std::string>& argv, const Env& env, const fs::path& cwd);

RunResult run(const std::vector<std::string>& argv, const Env& env, const std::string& in = {},
              const fs::path& cwd = {}, std::chrono::seconds timeout = std::chrono::seconds(120),
              const std::function<void(pid_t)>& tick = {});

// Starts argv without waiting: stdin, stdout and stderr are /dev/null. Returns the pid.
pid_t spawn(const std::vector<std::string>& argv, const Env& env, const fs::path& cwd = {});

// The binary under test (HYPERCARE_BIN).
std::string bin();

// A fresh directory under the system temp dir; removed when the current test passed,
// kept (and its path printed) when it failed.
class TempDir {
 public:
  explicit TempDir(std::string_view tag = "hypercare-cli");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

std::string slurp(const fs::path& p);
void spit(const fs::path& p, std::string_view content);          // truncate and write
void append_bytes(const fs::path& p, std::string_view content);  // O_APPEND write, as `>>` does
std::vector<std::string> split_lines(std::string_view text);     // complete and partial lines
// Every file below `dir` (relative path → content), skipping .hypercare/ and .git/.
std::map<std::string, std::string> snapshot(const fs::path& dir);
// Every *.jsonl file below `dir`.
std::vector<fs::path> jsonl_files(const fs::path& dir);
// Fails the test unless every line of `file` is a complete JSON object; returns the objects.
std::vector<nlohmann::json> parse_every_line(const fs::path& file);
// True when `text` is an RFC 3339 UTC timestamp with seconds and a 'Z'.
bool is_rfc3339_z(const std::string& text);
// Counts non-overlapping occurrences.
std::size_t count_of(std::string_view hay, std::string_view needle);

inline constexpr const char* k_now = "2026-11-27T03:00:00Z";

// Base fixture: a temp dir with a HOME (git identity), an env for the binary, helpers.
class CliTest : public ::testing::Test {
 protected:
  CliTest();

  // Runs hypercare with `args`; the env is `env` plus `extra` (an empty value removes a key).
  RunResult hc(const std::vector<std::string>& args, const Env& extra = {}, const std::string& in = {},
               const fs::path& cwd = {}) const;
  // The fixture's env plus `extra` (an empty value removes a key).
  Env env_with(const Env& extra) const;
  // hc() with a callback while it runs (see run()).
  RunResult hc_while(const std::vector<std::string>& args, const Env& extra, const std::function<void(pid_t)>& tick) const;
  // Runs git in the ops dir.
  RunResult git(const std::vector<std::string>& args) const;
  // `hypercare init ops --example smart-dairy`; without `with_git` the .git dir is removed again.
  void init_ops(bool with_git = true);
  // Creates an incident and returns its id (fails the test otherwise).
  std::string new_incident(const std::string& title, const std::string& priority,
                           const std::vector<std::string>& extra = {}, const Env& env_extra = {});
  nlohmann::json show(const std::string& id, const Env& extra = {}) const;
  fs::path incident_file(const std::string& id) const;

  TempDir m_tmp;
  fs::path root, home, ops;
  Env env;
};

}  // namespace hctest

namespace hctest {
// Polls `done` every 50 ms until it holds or `limit` passes; the last answer. For conditions
// another process brings about (a server up, a file written): never a fixed sleep.
template <class Pred>
bool eventually(Pred done, std::chrono::seconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

// True under CI=true: there a test that cannot find what it needs fails instead of skipping.
bool in_ci();
}  // namespace hctest

// Skips on a developer's machine, fails in CI, when `cond` (something the test needs) is false.
#define HC_REQUIRE(cond, what)                 \
  do {                                         \
    if (!(cond)) {                             \
      if (::hctest::in_ci()) FAIL() << (what); \
      else GTEST_SKIP() << (what);             \
    }                                          \
  } while (0)

// EXPECT with the run's output in the failure message.
#define EXPECT_EXIT_CODE(r, code) EXPECT_EQ((r).exit, (code)) << (r).describe()
#define ASSERT_EXIT_CODE(r, code) ASSERT_EQ((r).exit, (code)) << (r).describe()
