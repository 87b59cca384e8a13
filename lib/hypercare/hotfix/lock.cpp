#include "hypercare/hotfix/lock.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hypercare/store/fs.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::hotfix {

namespace {

namespace fs = std::filesystem;

bool plain_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

// The component's name when it is file-name safe; otherwise a readable part and a hash.
std::string file_name(std::string_view component) {
  bool plain = !component.empty() && component.size() <= 64 && component.front() != '.' &&
               std::all_of(component.begin(), component.end(), plain_char);
  if (plain) return fmt::format("hotfix-{}.lock", component);
  std::string safe;
  for (char c : component.substr(0, 32)) safe += plain_char(c) && c != '.' ? c : '_';
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (unsigned char c : component) h = (h ^ c) * 1099511628211ull;
  return fmt::format("hotfix-{}-{:016x}.lock", safe, h);
}

struct flock whole_file(short type) {
  struct flock fl {};
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  return fl;
}

Holder read_holder(int fd) {
  Holder h;
  std::string text(4096, '\0');
  ssize_t n = ::pread(fd, text.data(), text.size(), 0);
  if (n <= 0) return h;
  text.resize(std::size_t(n));
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return h;
  // Best effort, like the file itself: a field of another type is left empty.
  h.hotfix = store::string_field(j, "hotfix").value_or("");
  h.tag = store::string_field(j, "tag").value_or("");
  h.actor = store::string_field(j, "actor").value_or("");
  h.host = store::string_field(j, "host").value_or("");
  h.since = store::string_field(j, "since").value_or("");
  h.pid = store::integer_field(j, "pid").value_or(0);
  return h;
}

}  // namespace

fs::path lock_path(const fs::path& ops_dir, std::string_view component) {
  return ops_dir / ".hypercare" / file_name(component);
}

core::Result<ComponentLock> ComponentLock::acquire(const fs::path& ops_dir, std::string_view component) {
  HC_CHECK(store::make_dirs(ops_dir / ".hypercare"));
  auto path = lock_path(ops_dir, component);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd < 0)
    return core::fail(core::ErrorKind::cant_create,
                      fmt::format("{}: cannot open the lock: {}", path.string(), store::errno_text(errno)));
  auto fl = whole_file(F_WRLCK);
  if (::fcntl(fd, F_OFD_SETLK, &fl) != 0) {
    int e = errno;
    Holder h = read_holder(fd);
    ::close(fd);
    if (e != EAGAIN && e != EACCES)
      return core::fail(core::ErrorKind::io, fmt::format("{}: cannot lock: {}", path.string(), store::errno_text(e)));
    if (h.hotfix.empty())
      return core::fail(core::ErrorKind::busy, fmt::format("another deploy of {} is starting right now", component),
                        "hypercare hotfix list -c COMPONENT shows it in a moment");
    return core::fail(core::ErrorKind::busy,
                      fmt::format("a hotfix of {} is already running: {} ({}) by {} since {}, pid {} on {}", component,
                                  h.hotfix, h.tag, h.actor.empty() ? "?" : h.actor, h.since, h.pid, h.host),
                      fmt::format("one deploy per component at a time; follow it with: hypercare hotfix show {}", h.hotfix));
  }
  // What an earlier holder wrote is not about us.
  (void)!::ftruncate(fd, 0);
  return ComponentLock(fd);
}

ComponentLock::~ComponentLock() {
  if (m_fd >= 0) ::close(m_fd);  // closing the description releases the lock
}

void ComponentLock::describe(const Holder& h) const {
  std::string text = nlohmann::json{{"hotfix", h.hotfix}, {"tag", h.tag}, {"actor", h.actor}, {"host", h.host},
                                    {"since", h.since}, {"pid", h.pid}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  if (::ftruncate(m_fd, 0) == 0) (void)!::pwrite(m_fd, text.data(), text.size(), 0);
}

std::optional<Holder> lock_holder(const fs::path& ops_dir, std::string_view component) {
  int fd = ::open(lock_path(ops_dir, component).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  auto fl = whole_file(F_WRLCK);
  std::optional<Holder> out;
  if (::fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK) out = read_holder(fd);
  ::close(fd);
  return out;
}

std::string_view process_name(Process p) {
  switch (p) {
    case Process::alive: return "alive";
    case Process::gone: return "gone";
    case Process::elsewhere: return "elsewhere";
  }
  return "gone";
}

Process process_of(const Hotfix& h, const fs::path& ops_dir, std::string_view this_host) {
  if (!h.host.empty() && h.host != this_host) return Process::elsewhere;
  auto holder = lock_holder(ops_dir, h.component);
  return holder && holder->hotfix == h.id ? Process::alive : Process::gone;
}

}  // namespace hypercare::hotfix
