// Durable file primitives: capped reads, whole-line appends with fsync, atomic replace.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "hypercare/core/error.hpp"

namespace hypercare::store {

namespace fs = std::filesystem;

inline constexpr std::size_t k_max_config_bytes = 1 << 20;     // TOML and YAML written by people
inline constexpr std::size_t k_max_record_bytes = 64u << 20;   // one JSONL record file
inline constexpr std::size_t k_max_line_bytes = 1 << 20;       // one JSONL event
inline constexpr int k_max_json_depth = 64;

// Reads a whole file; a file larger than `cap` is an error (exit 65), a missing one exit 66.
// A symbolic link or anything but a regular file is refused (exit 65 naming it): the ops dir's
// files are never followed elsewhere.
core::Result<std::string> read_file(const fs::path& path, std::size_t cap);
// The same into `out`, whose storage is reused: a reader of many files touches its memory once.
core::Status read_file_into(const fs::path& path, std::size_t cap, std::string& out);

// Opens `path` for reading: O_NOFOLLOW, and only a regular file (ErrorKind::data naming it).
// `st`, when given, gets the file's fstat.
core::Result<int> open_regular(const fs::path& path, int flags = 0, struct stat* st = nullptr);

// Creates `dir` and its parents; fsyncs each directory it created and its parent.
core::Status make_dirs(const fs::path& dir);
core::Status fsync_dir(const fs::path& dir);

// A directory's mtime, to the nanosecond: what caches keyed on directories compare.
struct Mtime {
  std::int64_t sec = 0, nsec = 0;
  bool operator==(const Mtime&) const = default;
};
std::optional<Mtime> mtime_of(const fs::path& dir);

// Appends `line` (which must end in '\n') with one write under O_APPEND, then fsync.
// A last line without its '\n' is first either terminated, when `complete` says it is a whole
// record (a write whose newline was lost), or truncated as torn (a write cut by a crash);
// `repaired` says which. A file that would grow past k_max_record_bytes is ErrorKind::data and
// is left as it was. `create`: the file must not exist yet; it appears whole with its first line
// or not at all, and the directory is fsynced.
struct AppendResult {
  bool repaired_torn_tail = false;
  bool terminated_last_line = false;
  // Set by WriteSession::append: the file's directory just before the append, and after it (the
  // append moved it, by touch_dir when not by itself). Unset when either could not be read.
  std::optional<Mtime> dir_before, dir_after;
};
using TailCheck = std::function<bool(std::string_view tail)>;
core::Result<AppendResult> append_line(const fs::path& path, std::string_view line, bool create,
                                       const TailCheck& complete = {});

// Temp file in the same directory, write, fsync, rename, fsync(dir). The file gets `mode`.
core::Status atomic_replace(const fs::path& path, std::string_view content, unsigned mode = 0644);

// Marks `dir` as changed (bumps its mtime) so caches keyed on directory mtimes notice appends.
// Returns its new mtime, when it can be read.
std::optional<Mtime> touch_dir(const fs::path& dir);

std::string errno_text(int err);

}  // namespace hypercare::store
