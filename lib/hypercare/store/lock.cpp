#include "hypercare/store/lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <thread>

#include <fmt/format.h>

#include "hypercare/store/fs.hpp"

namespace hypercare::store {

namespace {
std::atomic<int> g_held{0};  // locks this process holds
}  // namespace

OpsLock::OpsLock(int fd) : m_fd(fd) { ++g_held; }

core::Result<OpsLock> OpsLock::acquire(const std::filesystem::path& ops_dir,
                                       std::chrono::milliseconds timeout) {
  auto dir = ops_dir / ".hypercare";
  HC_CHECK(make_dirs(dir));
  auto path = dir / "lock";
  return acquire_file(path, timeout,
                      fmt::format("the ops dir is busy: another hypercare command held {} for more than {} ms",
                                  path.string(), timeout.count()));
}

core::Result<OpsLock> OpsLock::acquire_file(const std::filesystem::path& path, std::chrono::milliseconds timeout,
                                            const std::string& busy) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd < 0) {
    int e = errno;
    if (e == EACCES || e == EPERM || e == EROFS)
      return core::fail(core::ErrorKind::permission,
                        fmt::format("{}: cannot open the lock: {}", path.string(), errno_text(e)),
                        fmt::format("writing needs write access to {}; ls -l it, and run hypercare as its owner",
                                    path.parent_path().string()));
    return core::fail(core::ErrorKind::cant_create,
                      fmt::format("{}: cannot open the lock: {}", path.string(), errno_text(e)));
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(1);
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int e = errno;
      ::close(fd);
      return core::fail(core::ErrorKind::io,
                        fmt::format("{}: cannot lock: {}", path.string(), errno_text(e)));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return core::fail(core::ErrorKind::busy, busy, "try again in a moment");
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(25));
  }
  return OpsLock(fd);
}

OpsLock::~OpsLock() {
  if (m_fd < 0) return;
  ::close(m_fd);  // closing the descriptor releases the flock
  --g_held;
}

bool wait_for_writers(const std::filesystem::path& record, std::chrono::milliseconds timeout) {
  if (g_held > 0) return false;
  std::filesystem::path lock;
  std::error_code ec;
  auto dir = record.parent_path();
  for (int up = 0; up < 4 && !dir.empty(); ++up, dir = dir.parent_path()) {
    if (std::filesystem::is_regular_file(dir / ".hypercare" / "lock", ec)) {
      lock = dir / ".hypercare" / "lock";
      break;
    }
    if (dir == dir.root_path()) break;
  }
  if (lock.empty()) return false;
  int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(1);
  bool free = false;
  while (!(free = ::flock(fd, LOCK_SH | LOCK_NB) == 0)) {
    if ((errno != EWOULDBLOCK && errno != EINTR) || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(25));
  }
  ::close(fd);
  return free;
}

}  // namespace hypercare::store
