#include "hypercare/store/write_session.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <fmt/format.h>

#include "hypercare/store/jsonl.hpp"
#include "hypercare/store/sync.hpp"

namespace hypercare::store {

namespace {

SyncOptions quick(const WriteOptions& o) {
  SyncOptions s;
  s.ops_dir = o.ops_dir;
  s.env = o.env;
  s.actor = o.actor;
  s.timeout = o.sharing->timeout;
  s.leftovers = false;
  s.random = o.random;
  s.quick = true;
  s.target = &o.sharing->target;
  return s;
}

// [git] sync = "auto": read what the others pushed before reading the record, once per process.
void pull_first(const WriteOptions& o) {
  auto& sharing = *o.sharing;
  if (!sharing.auto_sync || sharing.pulled || sharing.defer || !o.autocommit) return;
  sharing.pulled = true;
  if (sharing.git.work_tree == false) return;
  auto s = quick(o);
  s.push = false;
  auto r = sync(s);
  if (r) {
    sharing.git.work_tree = true;
  } else if (r.error().message.find("not in a git work tree") != std::string::npos) {
    sharing.git.work_tree = false;  // nothing to share: no warning
  } else {
    o.warn(fmt::format("could not pull first ({}); going on with this clone's copy — `hypercare sync` shares it later",
                       r.error().message));
  }
}

}  // namespace

void push_after_commit(const WriteOptions& o) {
  if (!o.sharing || !o.sharing->auto_sync || !o.autocommit) return;
  auto s = quick(o);
  s.pull = false;
  if (auto r = sync(s); !r)
    o.warn(fmt::format("committed here but not pushed ({}); `hypercare sync` pushes it later", r.error().message));
}

core::Result<WriteSession> WriteSession::begin(WriteOptions options) {
  auto lock = HC_TRY(OpsLock::acquire(options.ops_dir, options.lock_timeout));
  if (options.sharing) pull_first(options);
  return WriteSession(std::move(options), std::move(lock));
}

void WriteSession::remember(const std::filesystem::path& relative) {
  if (std::find(m_touched.begin(), m_touched.end(), relative) == m_touched.end())
    m_touched.push_back(relative);
}

core::Result<AppendResult> WriteSession::append(const std::filesystem::path& relative,
                                                std::string_view line, bool create) {
  auto path = m_options.ops_dir / relative;
  auto dir_before = mtime_of(path.parent_path());
  auto r = HC_TRY(append_line(path, line, create, is_whole_record));
  // Appends do not move a directory's mtime by themselves; the incident index relies on it.
  auto dir_after = touch_dir(path.parent_path());
  if (dir_before && dir_after) {
    r.dir_before = dir_before;
    r.dir_after = dir_after;
  }
  if (r.repaired_torn_tail)
    m_options.warn(fmt::format("{}: removed an incomplete last line left by an interrupted write",
                               path.string()));
  remember(relative);
  return r;
}

core::Status WriteSession::replace(const std::filesystem::path& relative, std::string_view content, unsigned mode) {
  HC_CHECK(atomic_replace(m_options.ops_dir / relative, content, mode));
  remember(relative);
  return {};
}

core::Status WriteSession::remove(const std::filesystem::path& relative) {
  auto path = m_options.ops_dir / relative;
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    return core::fail(core::ErrorKind::io, fmt::format("{}: cannot remove: {}", path.string(), errno_text(errno)));
  HC_CHECK(fsync_dir(path.parent_path()));
  remember(relative);
  return {};
}

bool WriteSession::finish(const std::string& message) {
  if (!m_options.autocommit || m_touched.empty()) return false;
  if (m_options.sharing && m_options.sharing->defer) {
    auto& s = *m_options.sharing;
    for (const auto& f : m_touched)
      if (std::find(s.batch.begin(), s.batch.end(), f) == s.batch.end()) s.batch.push_back(f);
    s.messages.push_back(message);
    return false;
  }
  GitFacts own;
  GitFacts& facts = m_options.sharing ? m_options.sharing->git : own;
  if (facts.work_tree == false) return false;
  Git git(m_options.ops_dir, m_options.env, &facts);
  auto c = git.commit(m_touched, message, m_options.actor);
  // Outside a work tree (or without git at all) nothing is committed, and that is no warning.
  if (!c && (c.error().message.find("not a git repository") != std::string::npos ||
             c.error().kind == core::ErrorKind::missing)) {
    facts.work_tree = false;
    return false;
  }
  if (!c) {
    m_options.warn(fmt::format("{}; the change is saved but not committed: commit it with git",
                               c.error().message));
    return false;
  }
  push_after_commit(m_options);
  return true;
}

}  // namespace hypercare::store
