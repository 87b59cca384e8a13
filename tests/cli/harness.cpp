#include "harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace hctest {

namespace {

struct Spawned {
  std::vector<std::string> storage;
  std::vector<char*> argv, envp;
};

Spawned prepare(const std::vector<std::string>& argv, const Env& env) {
  Spawned s;
  s.storage.reserve(argv.size() + env.size());
  for (const auto& a : argv) s.storage.push_back(a);
  for (const auto& [k, v] : env) s.storage.push_back(k + "=" + v);
  for (std::size_t i = 0; i < argv.size(); ++i) s.argv.push_back(s.storage[i].data());
  s.argv.push_back(nullptr);
  for (std::size_t i = argv.size(); i < s.storage.size(); ++i) s.envp.push_back(s.storage[i].data());
  s.envp.push_back(nullptr);
  return s;
}

pid_t start(const std::vector<std::string>& argv, const Env& env, const fs::path& cwd,
            posix_spawn_file_actions_t* actions) {
  auto s = prepare(argv, env);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(actions, cwd.c_str());
  pid_t pid = -1;
  bool search = argv.at(0).find('/') == std::string::npos;
  int rc = search ? ::posix_spawnp(&pid, s.argv[0], actions, nullptr, s.argv.data(), s.envp.data())
                  : ::posix_spawn(&pid, s.argv[0], actions, nullptr, s.argv.data(), s.envp.data());
  if (rc != 0) throw std::runtime_error("posix_spawn " + argv[0] + ": " + std::strerror(rc));
  return pid;
}

void decode_status(int status, RunResult& r) {
  if (WIFEXITED(status)) r.exit = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
}

}  // namespace

std::string RunResult::describe() const {
  std::ostringstream s;
  s << "exit=" << exit;
  if (signal) s << " signal=" << signal;
  s << "\n--- stdout ---\n" << out.substr(0, 4000) << "\n--- stderr ---\n" << err.substr(0, 4000);
  return s.str();
}

RunResult run_on_tty(const std::vector<std::string>& argv, const Env& env, const fs::path& cwd) {
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> args, envp;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  int master = -1;
  pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  RunResult r;
  if (pid < 0) {
    r.err = "forkpty failed";
    return r;
  }
  if (pid == 0) {
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  char buf[4096];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 200) > 0) {
      auto n = ::read(master, buf, sizeof buf);
      if (n <= 0) break;  // EIO: the child side closed
      r.out.append(buf, std::size_t(n));
    }
  }
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  ::close(master);
  if (WIFEXITED(status)) r.exit = WEXITSTATUS(status);
  else r.signal = WTERMSIG(status);
  return r;
}

RunResult run(const std::vector<std::string>& argv, const Env& env, const std::string& in, const fs::path& cwd,
              std::chrono::seconds timeout, const std::function<void(pid_t)>& tick) {
  int pin[2], pout[2], perr[2];
  if (::pipe2(pin, O_CLOEXEC) || ::pipe2(pout, O_CLOEXEC) || ::pipe2(perr, O_CLOEXEC))
    throw std::runtime_error("pipe2 failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pin[0], 0);
  posix_spawn_file_actions_adddup2(&actions, pout[1], 1);
  posix_spawn_file_actions_adddup2(&actions, perr[1], 2);
  pid_t pid = -1;
  try {
    pid = start(argv, env, cwd, &actions);
  } catch (...) {
    posix_spawn_file_actions_destroy(&actions);
    for (int fd : {pin[0], pin[1], pout[0], pout[1], perr[0], perr[1]}) ::close(fd);
    throw;
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(pin[0]);
  ::close(pout[1]);
  ::close(perr[1]);
  ::fcntl(pin[1], F_SETFL, O_NONBLOCK);

  RunResult r;
  std::size_t written = 0;
  int in_fd = pin[1];
  if (in.empty()) {
    ::close(in_fd);
    in_fd = -1;
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open) {
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({pout[0], POLLIN, 0});
    if (err_open) fds.push_back({perr[0], POLLIN, 0});
    if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
    int n = ::poll(fds.data(), fds.size(), 100);
    if (n < 0 && errno != EINTR) break;
    if (tick) tick(pid);
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      r.err += "\n[harness: killed after timeout]";
      break;
    }
    for (const auto& p : fds) {
      if (!p.revents) continue;
      if (p.fd == in_fd) {
        ssize_t w = ::write(in_fd, in.data() + written, in.size() - written);
        if (w > 0) written += std::size_t(w);
        if (w < 0 && errno != EAGAIN && errno != EINTR) written = in.size();
        if (written == in.size()) {
          ::close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      ssize_t got = ::read(p.fd, buf, sizeof buf);
      if (got > 0) {
        (p.fd == pout[0] ? r.out : r.err).append(buf, std::size_t(got));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        (p.fd == pout[0] ? out_open : err_open) = false;
      }
    }
  }
  if (in_fd >= 0) ::close(in_fd);
  ::close(pout[0]);
  ::close(perr[0]);
  int status = 0;
  struct rusage usage {};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  decode_status(status, r);
  r.max_rss_kb = usage.ru_maxrss;
  return r;
}

pid_t spawn(const std::vector<std::string>& argv, const Env& env, const fs::path& cwd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = start(argv, env, cwd, &actions);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

bool in_ci() {
  const char* ci = ::getenv("CI");
  return ci && std::string(ci) == "true";
}

// HYPERCARE_TEST_BIN runs the suite against another build (e.g. an older one, to see a new test
// fail on the code it was written against).
std::string bin() {
  static const std::string chosen = [] {
    const char* other = ::getenv("HYPERCARE_TEST_BIN");
    return std::string(other && *other ? other : HYPERCARE_BIN);
  }();
  return chosen;
}

TempDir::TempDir(std::string_view tag) {
  std::string tmpl = (fs::temp_directory_path() / (std::string(tag) + "-XXXXXX")).string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  m_path = fs::path(tmpl);
}

TempDir::~TempDir() {
  if (::testing::Test::HasFailure()) {
    std::cerr << "[harness] test failed: kept its temp dir " << m_path.string() << '\n';
    return;
  }
  std::error_code ec;
  fs::remove_all(m_path, ec);
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void spit(const fs::path& p, std::string_view content) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(content.data(), std::streamsize(content.size()));
}

void append_bytes(const fs::path& p, std::string_view content) {
  int fd = ::open(p.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("open for append: " + p.string());
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n <= 0) break;
    content.remove_prefix(std::size_t(n));
  }
  ::close(fd);
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      out.emplace_back(text.substr(pos));
      break;
    }
    out.emplace_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    auto rel = it->path().lexically_relative(dir).string();
    if (it->is_directory() && (rel == ".hypercare" || rel == ".git")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) out[rel] = slurp(it->path());
    else if (it->is_directory()) out[rel + "/"] = "";
  }
  return out;
}

std::vector<fs::path> jsonl_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".jsonl" &&
        e.path().lexically_relative(dir).string().rfind(".hypercare", 0) != 0)
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<nlohmann::json> parse_every_line(const fs::path& file) {
  std::vector<nlohmann::json> out;
  std::string text = slurp(file);
  EXPECT_TRUE(text.empty() || text.back() == '\n') << file << " does not end with a complete line";
  std::size_t no = 0;
  for (const auto& line : split_lines(text)) {
    ++no;
    auto j = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << file.string() << ":" << no << " is not JSON: " << line.substr(0, 200);
    EXPECT_TRUE(j.is_discarded() || j.is_object()) << file.string() << ":" << no << " is not an object";
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

bool is_rfc3339_z(const std::string& text) {
  static const std::regex re(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$)");
  return std::regex_match(text, re);
}

std::size_t count_of(std::string_view hay, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = hay.find(needle); pos != std::string_view::npos; pos = hay.find(needle, pos + needle.size()))
    ++n;
  return n;
}

}  // namespace hctest
