#include "hypercare/exec/run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include <fmt/format.h>

namespace hypercare::exec {
namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// After the program itself has exited, how long background processes it left behind may keep
// the pipes open before the group is killed.
constexpr milliseconds k_linger{500};
// The longest poll() sleeps between looks at timeouts and cancel requests. The child's exit wakes
// poll() at once through its pidfd; without one (an old kernel) waitpid notices it at this pace.
constexpr milliseconds k_tick{50};

// A descriptor that becomes readable when the process exits; -1 where the kernel has none.
int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return int(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

void keep_tail(std::string& buf, bool& truncated, const char* data, std::size_t n, std::size_t cap) {
  if (n >= cap) {
    buf.assign(data + (n - cap), cap);
    truncated = true;
    return;
  }
  buf.append(data, n);
  if (buf.size() > cap) {
    buf.erase(0, buf.size() - cap);
    truncated = true;
  }
}

struct Pipe {
  int fd[2] = {-1, -1};
  Pipe() = default;
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) ::close(f);
  }
  void close_end(int i) {
    if (fd[i] >= 0) ::close(fd[i]);
    fd[i] = -1;
  }
};

// The program as found on the child's PATH, not ours.
std::string resolve_program(const std::string& name, const std::map<std::string, std::string, std::less<>>& env) {
  if (name.find('/') != std::string::npos) return name;
  auto path_it = env.find("PATH");
  std::string path = path_it != env.end() ? path_it->second : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return name;
}

int poll_ms(milliseconds d) { return int(std::clamp<long long>(d.count(), 0, k_tick.count())); }

void drain(int fd) {
  char b[256];
  (void)!::read(fd, b, sizeof b);
}

// The children exec::run is waiting for, in any thread: other children of ours (descendants a
// step left behind, adopted because we are their subreaper) are reaped by whoever finds them.
std::mutex g_children_mutex;
std::set<pid_t> g_children;

void track(pid_t pid, bool add) {
  std::lock_guard lock(g_children_mutex);
  if (add) g_children.insert(pid);
  else g_children.erase(pid);
}

std::string new_token() {
  static std::mutex m;
  static std::mt19937_64 engine{std::random_device{}()};
  std::lock_guard lock(m);
  return fmt::format("{:016x}{:016x}", engine(), engine());
}

// Kills every process whose environment carries `marker` ("HYPERCARE_RUN=token"): the run's
// descendants, wherever they moved to. Returns how many were found.
int kill_marked(const std::string& marker) {
  int found = 0;
  DIR* d = ::opendir("/proc");
  if (!d) return 0;
  std::string buf;
  while (auto* e = ::readdir(d)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (!end || *end || pid <= 1 || pid == ::getpid()) continue;
    int fd = ::open(fmt::format("/proc/{}/environ", pid).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    buf.resize(64 * 1024);
    ssize_t n = ::read(fd, buf.data(), buf.size());
    ::close(fd);
    if (n <= 0) continue;
    std::string_view env(buf.data(), std::size_t(n));
    for (std::size_t pos = 0; pos < env.size();) {
      auto nul = env.find('\0', pos);
      if (env.substr(pos, nul == std::string_view::npos ? std::string_view::npos : nul - pos) == marker) {
        ::kill(pid_t(pid), SIGKILL);
        ++found;
        break;
      }
      if (nul == std::string_view::npos) break;
      pos = nul + 1;
    }
  }
  ::closedir(d);
  return found;
}

// Reaps children of ours that no exec::run is waiting for (adopted descendants that died).
void reap_adopted() {
  while (true) {
    siginfo_t info{};
    if (::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0) return;
    {
      std::lock_guard lock(g_children_mutex);
      if (g_children.count(info.si_pid)) return;  // someone's own child: theirs to reap
    }
    ::waitpid(info.si_pid, nullptr, WNOHANG);
  }
}

}  // namespace

core::Result<Outcome> run(const Request& request) {
  if (request.argv.empty()) return core::fail(core::ErrorKind::internal, "exec: empty argv");
  Pipe out, err;
  if (::pipe2(out.fd, O_CLOEXEC) != 0 || (!request.merge_output && ::pipe2(err.fd, O_CLOEXEC) != 0))
    return core::fail(core::ErrorKind::io, fmt::format("cannot create pipe: {}", std::strerror(errno)));

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, request.merge_output ? out.fd[1] : err.fd[1], 2);
  if (!request.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, request.cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Signals the caller may be catching or ignoring (Ctrl-C handling, a dropped SSH session) are
  // back to their defaults in the child.
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&defaults, s);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::string marker;
  if (request.kill_descendants) {
    static std::once_flag subreaper;
    std::call_once(subreaper, [] { ::prctl(PR_SET_CHILD_SUBREAPER, 1); });
    marker = "HYPERCARE_RUN=" + new_token();
  }
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : request.env) env_strings.push_back(k + "=" + v);
  if (!marker.empty()) env_strings.push_back(marker);
  std::vector<char*> envp, argv;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = request.argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::string program = resolve_program(args[0], request.env);

  auto started = SteadyClock::now();
  pid_t pid = 0;
  std::unique_lock spawning(g_children_mutex);  // the child is ours before anyone may reap it
  int rc = posix_spawn(&pid, program.c_str(), &actions, &attr, argv.data(), envp.data());
  if (rc == 0) g_children.insert(pid);
  spawning.unlock();
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    if (rc == ENOENT)
      return core::fail(core::ErrorKind::missing, fmt::format("{}: command not found", args[0]));
    return core::fail(core::ErrorKind::io, fmt::format("cannot run {}: {}", args[0], std::strerror(rc)));
  }
  out.close_end(1);
  err.close_end(1);
  struct PidFd {
    int fd;
    ~PidFd() {
      if (fd >= 0) ::close(fd);
    }
  } exit_fd{open_pidfd(pid)};

  Outcome o;
  const auto deadline = started + request.timeout;
  std::optional<SteadyClock::time_point> kill_at, exited_at;
  bool killed = false, reaped = false;
  int status = 0;
  // Timeout or cancel: SIGTERM to the group, SIGKILL after the grace (or SIGKILL at once).
  auto stop = [&] {
    if (kill_at || killed) return;
    if (request.kill_grace.count() > 0) {
      ::kill(-pid, SIGTERM);
      kill_at = SteadyClock::now() + request.kill_grace;
    } else {
      ::kill(-pid, SIGKILL);
      killed = true;
    }
  };
  struct Stream {
    int fd;
    bool is_err;
  };
  Stream streams[2] = {{out.fd[0], false}, {request.merge_output ? -1 : err.fd[0], true}};
  std::vector<char> buf(64 * 1024);
  while (true) {
    if (!reaped) {
      pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid || (w < 0 && errno != EINTR)) {
        reaped = true;
        exited_at = SteadyClock::now();
      }
    }
    bool open = streams[0].fd >= 0 || streams[1].fd >= 0;
    if (reaped && !open) break;
    auto now = SteadyClock::now();
    // Background processes left behind keep the pipes open: they die with the group.
    if (reaped && !killed && now - *exited_at >= k_linger) {
      ::kill(-pid, SIGKILL);
      if (!marker.empty()) kill_marked(marker);  // those that left the group hold the pipes too
      killed = true;
    }
    // Something outside the group (setsid) holds the pipes: stop reading.
    if (reaped && killed && now - *exited_at >= 2 * k_linger) break;
    if (!o.timed_out && !o.cancelled) {
      if (now >= deadline) {
        o.timed_out = true;
        stop();
      } else if (request.cancel.requested && request.cancel.requested()) {
        o.cancelled = true;
        stop();
      }
    }
    if (kill_at && !killed && now >= *kill_at) {
      ::kill(-pid, SIGKILL);
      killed = true;
    }
    auto sleep = k_tick;
    if (!o.timed_out && !o.cancelled) sleep = std::min(sleep, std::chrono::duration_cast<milliseconds>(deadline - now));
    if (kill_at && !killed) sleep = std::min(sleep, std::chrono::duration_cast<milliseconds>(*kill_at - now));

    pollfd fds[4];
    nfds_t count = 0;
    for (const auto& s : streams)
      if (s.fd >= 0) fds[count++] = {s.fd, POLLIN, 0};
    bool watch_cancel = request.cancel.wake_fd >= 0 && !o.cancelled && !o.timed_out;
    if (watch_cancel) fds[count++] = {request.cancel.wake_fd, POLLIN, 0};
    bool watch_exit = exit_fd.fd >= 0 && !reaped;
    if (watch_exit) fds[count++] = {exit_fd.fd, POLLIN, 0};
    int n = ::poll(fds, count, poll_ms(sleep));
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (watch_cancel && fds[i].fd == request.cancel.wake_fd) {
        drain(fds[i].fd);  // the decision is made by requested() at the top of the loop
        continue;
      }
      if (watch_exit && fds[i].fd == exit_fd.fd) continue;  // reaped by waitpid at the top of the loop
      Stream& s = streams[0].fd == fds[i].fd ? streams[0] : streams[1];
      ssize_t got = ::read(s.fd, buf.data(), buf.size());
      if (got > 0) {
        if (s.is_err) keep_tail(o.err, o.err_truncated, buf.data(), std::size_t(got), request.output_cap);
        else keep_tail(o.out, o.out_truncated, buf.data(), std::size_t(got), request.output_cap);
        if (request.on_output) request.on_output(std::string_view(buf.data(), std::size_t(got)), s.is_err || request.merge_output);
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        s.fd = -1;
      }
    }
  }
  if (!reaped)
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  // Grandchildren that outlived the program die with the group — and, for configured commands,
  // wherever they went (setsid), found by their marker until none is left.
  ::kill(-pid, SIGKILL);
  track(pid, false);
  if (!marker.empty()) {
    for (int round = 0; round < 20 && kill_marked(marker) > 0; ++round)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    reap_adopted();
  }
  o.duration = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - started);
  if (WIFEXITED(status)) o.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) o.signal = WTERMSIG(status);
  return o;
}

bool pause(std::chrono::milliseconds how_long, const Cancel& cancel) {
  auto end = SteadyClock::now() + how_long;
  while (true) {
    if (cancel.requested && cancel.requested()) return false;
    auto now = SteadyClock::now();
    if (now >= end) return true;
    auto left = std::chrono::ceil<milliseconds>(end - now);
    if (cancel.wake_fd < 0) {
      std::this_thread::sleep_for(cancel.requested ? std::min(left, k_tick) : left);
      continue;
    }
    pollfd p{cancel.wake_fd, POLLIN, 0};
    if (::poll(&p, 1, poll_ms(left)) > 0) drain(cancel.wake_fd);
  }
}

}  // namespace hypercare::exec
