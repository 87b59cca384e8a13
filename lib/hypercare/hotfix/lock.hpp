// One deploy per component at a time: an open-file-description lock on
// .hypercare/hotfix-<component>.lock, held for the whole run and released by the kernel when the
// process ends however it ends. The file also says who holds it, for the message a second
// deploy gets and for telling a live `running` hotfix from one whose process is gone.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "hypercare/core/error.hpp"
#include "hypercare/hotfix/model.hpp"

namespace hypercare::hotfix {

struct Holder {
  std::string hotfix, tag, actor, host, since;  // since: RFC 3339
  long long pid = 0;
};

class ComponentLock {
 public:
  // Never waits: a lock held by another process is ErrorKind::busy naming its holder.
  static core::Result<ComponentLock> acquire(const std::filesystem::path& ops_dir, std::string_view component);
  ComponentLock(ComponentLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  ComponentLock& operator=(ComponentLock&&) = delete;
  ComponentLock(const ComponentLock&) = delete;
  ~ComponentLock();

  // Records the holder in the lock file (best effort: the lock itself is what counts).
  void describe(const Holder& holder) const;

 private:
  explicit ComponentLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

std::filesystem::path lock_path(const std::filesystem::path& ops_dir, std::string_view component);

// Who holds the component's lock now; nullopt when nobody does. Looking never takes the lock.
// A holder that has not described itself yet has an empty `hotfix`.
std::optional<Holder> lock_holder(const std::filesystem::path& ops_dir, std::string_view component);

// For a `running` hotfix: is the process that runs it still there?
enum class Process { alive, gone, elsewhere };  // elsewhere: run on another host, cannot tell
std::string_view process_name(Process p);
Process process_of(const Hotfix& h, const std::filesystem::path& ops_dir, std::string_view this_host);

}  // namespace hypercare::hotfix
