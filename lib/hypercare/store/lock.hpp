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
  explicit OpsLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

}  // namespace hypercare::store
