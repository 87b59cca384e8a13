#include "hypercare/store/fs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include <fmt/format.h>

namespace hypercare::store {
namespace {

using core::ErrorKind;
using core::fail;

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

core::Status write_all(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorKind::io, fmt::format("{}: write failed: {}", path.string(), errno_text(errno)));
    }
    data.remove_prefix(size_t(n));
  }
  return {};
}

}  // namespace

std::string errno_text(int err) { return std::strerror(err); }

core::Result<int> open_regular(const fs::path& path, int flags, struct stat* st_out) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) {
    int e = errno;
    if (e == ENOENT) return fail(ErrorKind::missing, fmt::format("{}: no such file", path.string()));
    if (e == EACCES) return fail(ErrorKind::permission, fmt::format("{}: permission denied", path.string()));
    if (e == ELOOP)
      return fail(ErrorKind::data,
                  fmt::format("{}: is a symbolic link; hypercare reads and writes only regular files in the ops dir",
                              path.string()),
                  fmt::format("replace the link with the file itself (see: ls -l {})", path.string()));
    return fail(ErrorKind::io, fmt::format("{}: cannot open: {}", path.string(), errno_text(e)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(ErrorKind::data, fmt::format("{}: is not a regular file", path.string()),
                fmt::format("ls -l {}", path.string()));
  }
  // Non-blocking was only for opening (a FIFO must not hang us): reads of a regular file never
  // block, whatever the flag says, so only a descriptor that writes has it cleared (two system
  // calls less for each of the thousands of records a cold index reads).
  if ((flags & O_ACCMODE) != O_RDONLY) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if (st_out) *st_out = st;
  return fd;
}

core::Result<std::string> read_file(const fs::path& path, std::size_t cap) {
  std::string out;
  HC_CHECK(read_file_into(path, cap, out));
  return out;
}

core::Status read_file_into(const fs::path& path, std::size_t cap, std::string& out) {
  struct stat st {};
  Fd f(HC_TRY(open_regular(path, O_RDONLY, &st)));
  if (std::size_t(st.st_size) > cap)
    return fail(ErrorKind::data, fmt::format("{}: file is {} bytes, more than the {} allowed",
                                             path.string(), st.st_size, cap));
  std::size_t got = 0;
  std::optional<core::Error> error;
  // No zeroes written first: read() fills what the file holds, and the string ends there.
  out.resize_and_overwrite(std::size_t(st.st_size), [&](char* data, std::size_t size) {
    while (got < size) {
      ssize_t n = ::read(f.fd, data + got, size - got);
      if (n < 0) {
        if (errno == EINTR) continue;
        error = fail(ErrorKind::io, fmt::format("{}: read failed: {}", path.string(), errno_text(errno))).error();
        return std::size_t(0);
      }
      if (n == 0) break;
      got += std::size_t(n);
    }
    return got;
  });
  if (error) return std::unexpected(*error);
  return {};
}

core::Status fsync_dir(const fs::path& dir) {
  Fd f(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (f.fd < 0 || ::fsync(f.fd) != 0)
    return fail(ErrorKind::io, fmt::format("{}: cannot sync directory: {}", dir.string(), errno_text(errno)));
  return {};
}

core::Status make_dirs(const fs::path& dir) {
  if (dir.empty()) return {};
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return {};
  HC_CHECK(make_dirs(dir.parent_path()));
  if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST)
    return fail(ErrorKind::cant_create,
                fmt::format("{}: cannot create directory: {}", dir.string(), errno_text(errno)));
  return fsync_dir(dir.parent_path().empty() ? fs::path(".") : dir.parent_path());
}

// A new record appears whole or not at all: the line goes into a temporary file, which is then
// linked into place (link fails when the name exists, like O_EXCL). A reader never sees the file
// empty, and a failed write (a full disk) leaves nothing behind.
core::Status create_with_line(const fs::path& path, std::string_view line) {
  HC_CHECK(make_dirs(path.parent_path()));
  std::string tmpl = (path.parent_path() / ("." + path.filename().string() + ".new-XXXXXX")).string();
  int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0)
    return fail(ErrorKind::cant_create, fmt::format("{}: cannot create: {}", path.string(), errno_text(errno)));
  Fd f(fd);
  struct Unlink {
    const std::string& name;
    ~Unlink() { ::unlink(name.c_str()); }
  } remove_temp{tmpl};
  ::fchmod(fd, 0644);
  HC_CHECK(write_all(fd, line, path));
  if (::fsync(fd) != 0)
    return fail(ErrorKind::io, fmt::format("{}: fsync failed: {}", path.string(), errno_text(errno)));
  if (::link(tmpl.c_str(), path.c_str()) != 0) {
    int e = errno;
    if (e == EEXIST) return fail(ErrorKind::cant_create, fmt::format("{}: already exists", path.string()));
    return fail(ErrorKind::io, fmt::format("{}: cannot create: {}", path.string(), errno_text(e)));
  }
  return fsync_dir(path.parent_path());
}

core::Result<AppendResult> append_line(const fs::path& path, std::string_view line, bool create,
                                       const TailCheck& complete) {
  AppendResult result;
  if (line.size() > k_max_record_bytes)
    return fail(ErrorKind::data, fmt::format("{}: a line of {} bytes is more than a record file may hold",
                                             path.string(), line.size()));
  if (create) {
    HC_CHECK(create_with_line(path, line));
    return result;
  }
  // Read access too: a torn tail is found by reading the end of the file.
  Fd f(HC_TRY(open_regular(path, O_RDWR | O_APPEND)));
  {
    struct stat st {};
    if (::fstat(f.fd, &st) == 0 && std::size_t(st.st_size) + line.size() > k_max_record_bytes)
      return fail(ErrorKind::data,
                  fmt::format("{}: this record would grow past the {} bytes a record file may hold ({} now); nothing "
                              "was written",
                              path.string(), k_max_record_bytes, st.st_size),
                  "start a new record (e.g. a new incident that refers to this one)");
    if (::fstat(f.fd, &st) == 0 && st.st_size > 0) {
      char last = 0;
      if (::pread(f.fd, &last, 1, st.st_size - 1) == 1 && last != '\n') {
        // Find the end of the last complete line and cut the torn tail off.
        off_t keep = 0;
        constexpr off_t k_chunk = 4096;
        std::string buf(k_chunk, '\0');
        for (off_t end = st.st_size; end > 0;) {
          off_t begin = end > k_chunk ? end - k_chunk : 0;
          ssize_t n = ::pread(f.fd, buf.data(), size_t(end - begin), begin);
          if (n <= 0) break;
          auto pos = std::string_view(buf.data(), size_t(n)).rfind('\n');
          if (pos != std::string_view::npos) {
            keep = begin + off_t(pos) + 1;
            break;
          }
          end = begin;
        }
        bool whole = false;
        if (complete && std::size_t(st.st_size - keep) <= k_max_line_bytes) {
          std::string tail(std::size_t(st.st_size - keep), '\0');
          whole = ::pread(f.fd, tail.data(), tail.size(), keep) == ssize_t(tail.size()) && complete(tail);
        }
        if (whole) {
          // A whole record whose newline was lost: keep it, and end it before the new line.
          HC_CHECK(write_all(f.fd, "\n", path));
          result.terminated_last_line = true;
        } else {
          if (::ftruncate(f.fd, keep) != 0)
            return fail(ErrorKind::io, fmt::format("{}: cannot repair torn last line: {}", path.string(),
                                                   errno_text(errno)));
          result.repaired_torn_tail = true;
        }
      }
    }
  }
  HC_CHECK(write_all(f.fd, line, path));
  if (::fsync(f.fd) != 0)
    return fail(ErrorKind::io, fmt::format("{}: fsync failed: {}", path.string(), errno_text(errno)));
  return result;
}

core::Status atomic_replace(const fs::path& path, std::string_view content, unsigned mode) {
  HC_CHECK(make_dirs(path.parent_path()));
  std::string tmpl = (path.parent_path() / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0)
    return fail(ErrorKind::cant_create,
                fmt::format("{}: cannot create temporary file: {}", path.string(), errno_text(errno)));
  Fd f(fd);
  ::fchmod(fd, mode_t(mode));
  auto cleanup = [&] { ::unlink(tmpl.c_str()); };
  if (auto w = write_all(fd, content, path); !w) {
    cleanup();
    return w;
  }
  if (::fsync(fd) != 0 || ::rename(tmpl.c_str(), path.c_str()) != 0) {
    int e = errno;
    cleanup();
    return fail(ErrorKind::io, fmt::format("{}: cannot replace: {}", path.string(), errno_text(e)));
  }
  return fsync_dir(path.parent_path());
}

std::optional<Mtime> mtime_of(const fs::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return std::nullopt;
  return Mtime{st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
}

std::optional<Mtime> touch_dir(const fs::path& dir) {
  auto before = mtime_of(dir);
  if (!before) return std::nullopt;
  struct timespec now[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
  ::utimensat(AT_FDCWD, dir.c_str(), now, 0);
  auto after = mtime_of(dir);
  if (!after || *after != *before) return after;
  // A coarse file-system clock left the mtime where it was: move it on by hand.
  struct timespec bumped[2] = {{0, UTIME_OMIT}, {time_t(before->sec), long(before->nsec)}};
  if (++bumped[1].tv_nsec >= 1000000000) {
    bumped[1].tv_nsec = 0;
    ++bumped[1].tv_sec;
  }
  ::utimensat(AT_FDCWD, dir.c_str(), bumped, 0);
  return mtime_of(dir);
}

}  // namespace hypercare::store
