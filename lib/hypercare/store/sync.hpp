// Sharing the ops dir through git (DESIGN.md §6): `hypercare sync` and `[git] sync = "auto"`.
// Commits record files an interrupted command left behind, pulls with rebase (the union driver
// merges the JSONL logs), pushes, and pulls again when the push lost a race with another clone.
// The caller holds the ops lock, so no hypercare write lands in the middle.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/store/git.hpp"

namespace hypercare::store {

// Where this clone syncs to: looked up once, kept for the rest of the command (auto sync pulls
// before a write and pushes after it).
struct SyncTarget {
  std::string git_dir, branch, remote, remote_branch, tracking;
  bool tracked = false;          // the branch has an upstream configured
  bool pull_rebase_set = false;  // pull.rebase is in the git config
};

struct SyncOptions {
  std::filesystem::path ops_dir;
  Env env;
  std::string actor;                                   // author of the leftovers commit when git has none
  bool pull = true;                                    // false: push only (pulling when the push is rejected)
  bool push = true;                                    // false: --no-push
  bool leftovers = true;                               // commit what interrupted commands left first
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};  // the whole sync, network included
  int push_attempts = 5;                               // a push that loses a race pulls and tries again
  core::Random random;                                 // jitter between attempts
  std::function<void(const std::string&)> progress;    // "pulling from origin/main…" (may be empty)
  // For the automatic syncs around every write: look at the remote's head before fetching (a
  // cheaper answer when nothing changed), push without counting commits first, and keep the
  // target between calls.
  bool quick = false;
  std::optional<SyncTarget>* target = nullptr;
};

struct SyncReport {
  std::string remote, branch;
  std::vector<std::string> committed;  // leftover record files committed first
  std::size_t pulled = 0;              // commits brought in from the remote
  std::size_t pushed = 0;              // commits sent
  std::size_t waiting = 0;             // local commits the remote does not have (after the sync)
  int attempts = 0;                    // pushes tried
  bool pull_rebase_set = false;        // the clone has pull.rebase in its git config
};

// The whole sync. Errors: no work tree, no remote or a detached HEAD (ErrorKind::config); the
// remote unreachable (ErrorKind::unavailable, the message says how many commits wait and the
// work is untouched); a conflict in a file people edit (ErrorKind::data naming it: the rebase
// is undone and the work tree left as it was).
core::Result<SyncReport> sync(const SyncOptions& options);

// Commits the stray record files (Git::stray_records); returns them.
core::Result<std::vector<std::string>> commit_leftovers(const Git& git, const std::string& actor,
                                                        const std::string& why);

// Sets what plain `git pull` needs on this clone (pull.rebase), when it is not set yet; true
// when something was set.
core::Result<bool> configure_pull(const Git& git);

}  // namespace hypercare::store
