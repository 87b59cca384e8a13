// Durable file primitives: capped reads, whole-line appends with fsync, atomic replace.
#pragma once

#include <cstddef>
#include <filesystem>
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
core::Result<std::string> read_file(const fs::path& path, std::size_t cap);

// Creates `dir` and its parents; fsyncs each directory it created and its parent.
core::Status make_dirs(const fs::path& dir);
core::Status fsync_dir(const fs::path& dir);

// Appends `line` (which must end in '\n') with one write under O_APPEND, then fsync.
// A torn last line (no final '\n', left by a crash) is truncated first; `repaired` says so.
// `create`: the file must not exist yet (O_EXCL); the directory is fsynced after creating it.
struct AppendResult {
  bool repaired_torn_tail = false;
};
core::Result<AppendResult> append_line(const fs::path& path, std::string_view line, bool create);

// Temp file in the same directory, write, fsync, rename, fsync(dir). The file gets `mode`.
core::Status atomic_replace(const fs::path& path, std::string_view content, unsigned mode = 0644);

// Marks `dir` as changed (bumps its mtime) so caches keyed on directory mtimes notice appends.
void touch_dir(const fs::path& dir);

std::string errno_text(int err);

}  // namespace hypercare::store
