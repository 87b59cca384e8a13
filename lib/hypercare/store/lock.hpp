// The single write lock of an ops dir: `.hypercare/lock`, flock, bounded wait (exit 75).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "hypercare/core/error.hpp"

namespace hypercare::store {

class OpsLock {
 public:
  // Waits up to `timeout` for the lock; a lock still busy then is ErrorKind::busy.
  static core::Result<OpsLock> acquire(const std::filesystem::path& ops_dir,
                                       std::chrono::milliseconds timeout);
  // The same for another lock file (its directory must exist); `busy` is the message when it
  // stays held (ErrorKind::busy). A zero timeout tries once.
  static core::Result<OpsLock> acquire_file(const std::filesystem::path& path, std::chrono::milliseconds timeout,
                                            const std::string& busy);
  OpsLock(OpsLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  OpsLock& operator=(OpsLock&&) = delete;
  OpsLock(const OpsLock&) = delete;
  ~OpsLock();

 private:
  explicit OpsLock(int fd);
  int m_fd = -1;
};

// For readers, who never take the lock: waits up to `timeout` until no writer holds the ops lock
// of the ops dir that `record` lives in (a shared flock on .hypercare/lock), so a record read
// while a writer was appending to it can be read again whole. False when there is no lock file,
// when this process holds a lock itself (it would wait for itself), or when the wait ran out.
bool wait_for_writers(const std::filesystem::path& record, std::chrono::milliseconds timeout);
// How long a reader that met a line without its newline waits for a writer to finish it.
inline constexpr std::chrono::milliseconds k_writer_wait{2000};

}  // namespace hypercare::store
