// One writing command: holds the ops lock, appends events durably, remembers the files it
// touched, and commits exactly those to git at the end when the ops dir is a work tree.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/store/fs.hpp"
#include "hypercare/store/git.hpp"
#include "hypercare/store/lock.hpp"
#include "hypercare/store/sync.hpp"

namespace hypercare::store {

// How writes are shared (DESIGN.md §6), for one process. With `[git] sync = "auto"` a writing
// command pulls before it reads (once per process) and pushes after it commits; `watch` defers
// the commits of a round into one (`defer`), made by the round itself.
struct Sharing {
  bool auto_sync = false;
  std::chrono::milliseconds timeout{5000};  // each pull or push; offline → go on locally, warn
  bool pulled = false;
  bool defer = false;
  std::vector<std::filesystem::path> batch;  // files touched since the last commit (defer)
  std::vector<std::string> messages;         // what each write said it did (defer)
  GitFacts git;                              // looked up once per process
  std::optional<SyncTarget> target;          // where auto sync pulls from and pushes to
};

struct WriteOptions {
  std::filesystem::path ops_dir;
  bool autocommit = true;  // [git] autocommit and not --no-commit
  Env env;                 // for the git program
  std::string actor;
  std::chrono::milliseconds lock_timeout{10000};
  core::WarningSink warn = [](const std::string&) {};
  std::shared_ptr<Sharing> sharing;  // null: commit each write, share nothing
  core::Random random;               // jitter when a push is retried
};

// Pushes what is committed (a push that loses a race pulls and tries again), bounded by
// `sharing.timeout`; a failure is a warning: the work is committed locally.
void push_after_commit(const WriteOptions& options);

class WriteSession {
 public:
  static core::Result<WriteSession> begin(WriteOptions options);

  // Appends one line to `relative` (a path inside the ops dir). `create`: the file must be new.
  core::Result<AppendResult> append(const std::filesystem::path& relative, std::string_view line,
                                    bool create);
  // Replaces a whole file atomically (rendered documents) and records it for the commit.
  core::Status replace(const std::filesystem::path& relative, std::string_view content, unsigned mode = 0644);
  // Removes a file (doctor --fix: an empty record) and records the removal for the commit.
  core::Status remove(const std::filesystem::path& relative);
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
