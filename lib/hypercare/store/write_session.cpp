#include "hypercare/store/write_session.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace hypercare::store {

core::Result<WriteSession> WriteSession::begin(WriteOptions options) {
  auto lock = HC_TRY(OpsLock::acquire(options.ops_dir, options.lock_timeout));
  return WriteSession(std::move(options), std::move(lock));
}

void WriteSession::remember(const std::filesystem::path& relative) {
  if (std::find(m_touched.begin(), m_touched.end(), relative) == m_touched.end())
    m_touched.push_back(relative);
}

core::Result<AppendResult> WriteSession::append(const std::filesystem::path& relative,
                                                std::string_view line, bool create) {
  auto path = m_options.ops_dir / relative;
  auto r = HC_TRY(append_line(path, line, create));
  // Appends do not move a directory's mtime by themselves; the incident index relies on it.
  touch_dir(path.parent_path());
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

bool WriteSession::finish(const std::string& message) {
  if (!m_options.autocommit || m_touched.empty()) return false;
  Git git(m_options.ops_dir, m_options.env);
  if (!git.in_work_tree()) return false;
  auto c = git.commit(m_touched, message, m_options.actor);
  if (!c)
    m_options.warn(fmt::format("{}; the change is saved but not committed: commit it with git",
                               c.error().message));
  return bool(c);
}

}  // namespace hypercare::store
