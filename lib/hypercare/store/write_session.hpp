// One writing command: holds the ops lock, appends events durably, remembers the files it
// touched, and commits exactly those to git at the end when the ops dir is a work tree.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/store/fs.hpp"
#include "hypercare/store/git.hpp"
#include "hypercare/store/lock.hpp"

namespace hypercare::store {

struct WriteOptions {
  std::filesystem::path ops_dir;
  bool autocommit = true;  // [git] autocommit and not --no-commit
  Env env;                 // for the git program
  std::string actor;
  std::chrono::milliseconds lock_timeout{10000};
  core::WarningSink warn = [](const std::string&) {};
};

class WriteSession {
 public:
  static core::Result<WriteSession> begin(WriteOptions options);

  // Appends one line to `relative` (a path inside the ops dir). `create`: the file must be new.
  core::Result<AppendResult> append(const std::filesystem::path& relative, std::string_view line,
                                    bool create);
  // Replaces a whole file atomically (rendered documents) and records it for the commit.
  core::Status replace(const std::filesystem::path& relative, std::string_view content, unsigned mode = 0644);
  // Commits the touched files with `message`; true when a commit was made. A failed commit is a
  // warning, not an error: the data is saved.
  bool finish(const std::string& message);

  const std::vector<std::filesystem::path>& touched() const { return m_touched; }

 private:
  WriteSession(WriteOptions options, OpsLock lock) : m_options(std::move(options)), m_lock(std::move(lock)) {}
  void remember(const std::filesystem::path& relative);
  WriteOptions m_options;
  OpsLock m_lock;
  std::vector<std::filesystem::path> m_touched;
};

}  // namespace hypercare::store
