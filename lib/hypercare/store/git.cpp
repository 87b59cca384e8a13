#include "hypercare/store/git.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/core/text.hpp"

namespace hypercare::store {
namespace {

core::Result<exec::Outcome> git(const std::filesystem::path& dir, const Env& env, const std::vector<std::string>& args,
                                std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  exec::Request r;
  r.argv = {"git", "-C", dir.string()};
  r.argv.insert(r.argv.end(), args.begin(), args.end());
  r.env = env;
  // Never wait for a person: no password prompts, no ssh questions, no editor, no pager.
  r.env["GIT_TERMINAL_PROMPT"] = "0";
  r.env.try_emplace("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
  r.env["GIT_EDITOR"] = "true";
  r.env["GIT_PAGER"] = "cat";
  r.timeout = timeout;
  return exec::run(r);
}

}  // namespace

const std::vector<std::string>& record_dirs() {
  static const std::vector<std::string> dirs = {"incidents", "rota",        "handovers",  "hotfixes", "health",
                                                "feedback",  "maintenance", "quarantine", "kickoff"};
  return dirs;
}

bool Git::in_work_tree() const {
  if (!m_facts->work_tree) {
    auto r = git(m_dir, m_env, {"rev-parse", "--is-inside-work-tree"});
    m_facts->work_tree = r && r->exit_code == 0 && r->out.starts_with("true");
  }
  return *m_facts->work_tree;
}

core::Status Git::init() const {
  auto r = git(m_dir, m_env, {"init", "-q"});
  if (!r) return std::unexpected(r.error());
  if (r->exit_code != 0)
    return core::fail(core::ErrorKind::io, fmt::format("git init failed: {}", core::first_line(r->err)));
  m_facts->work_tree = true;
  return {};
}

std::optional<std::string> Git::config_value(const std::string& key) const {
  auto r = git(m_dir, m_env, {"config", "--get", key});
  if (!r || r->exit_code != 0) return std::nullopt;
  std::string v = r->out.substr(0, r->out.find('\n'));  // the value as git prints it
  if (v.empty()) return std::nullopt;
  return v;
}

core::Status Git::set_config(const std::string& key, const std::string& value) const {
  auto r = git(m_dir, m_env, {"config", key, value});
  if (!r) return std::unexpected(r.error());
  if (r->exit_code != 0)
    return core::fail(core::ErrorKind::io, fmt::format("git config {} failed: {}", key, core::first_line(r->err)));
  return {};
}

core::Result<exec::Outcome> Git::run(const std::vector<std::string>& args, std::chrono::milliseconds timeout) const {
  return git(m_dir, m_env, args, timeout);
}

core::Result<exec::Outcome> Git::run_as(const std::vector<std::string>& args, const std::string& actor) const {
  auto with_actor = [&] {
    Env env = m_env;
    env.try_emplace("GIT_AUTHOR_NAME", actor);
    env.try_emplace("GIT_AUTHOR_EMAIL", actor + "@hypercare.invalid");
    env.try_emplace("GIT_COMMITTER_NAME", actor);
    env.try_emplace("GIT_COMMITTER_EMAIL", actor + "@hypercare.invalid");
    return git(m_dir, env, args);
  };
  if (m_facts->identity == false) return with_actor();
  // Try with the user's own identity first (no extra look at the config): git refuses at once,
  // before changing anything, when it has none.
  auto r = HC_TRY(git(m_dir, m_env, args));
  bool no_identity = r.exit_code != 0 && (r.err.find("Please tell me who you are") != std::string::npos ||
                                          r.err.find("empty ident name") != std::string::npos ||
                                          r.err.find("unable to auto-detect email address") != std::string::npos);
  m_facts->identity = !no_identity;
  return no_identity ? with_actor() : r;
}

namespace {

// A commit message from hypercare's own words and people's one-line names: control characters
// other than newlines never reach it, and it stays short.
std::string clean_message(const std::string& message) {
  std::string out;
  for (unsigned char c : message)
    if (c == '\n' || (c >= 0x20 && c != 0x7f)) out.push_back(char(c));
  if (out.size() > 16 * 1024) out.resize(16 * 1024);
  return out;
}

}  // namespace

core::Status Git::commit(const std::vector<std::filesystem::path>& files, const std::string& message,
                         const std::string& actor) const {
  // Files that are gone (removed by the command) are committed as removals, when git knew them.
  std::vector<std::string> present, gone;
  for (const auto& f : files) {
    std::error_code ec;
    (std::filesystem::exists(m_dir / f, ec) ? present : gone).push_back(f.string());
  }
  if (!gone.empty()) {
    std::vector<std::string> rm = {"rm", "-q", "--cached", "--ignore-unmatch", "--"};
    rm.insert(rm.end(), gone.begin(), gone.end());
    auto r = HC_TRY(git(m_dir, m_env, rm));
    if (r.exit_code != 0)
      return core::fail(core::ErrorKind::io, fmt::format("git rm failed: {}", core::first_line(r.err)));
    auto known = HC_TRY(git(m_dir, m_env, [&] {
      std::vector<std::string> a = {"ls-tree", "--name-only", "HEAD", "--"};
      a.insert(a.end(), gone.begin(), gone.end());
      return a;
    }()));
    std::erase_if(gone, [&](const std::string& f) { return known.out.find(f + "\n") == std::string::npos; });
  }
  if (!present.empty()) {
    std::vector<std::string> add = {"add", "--"};
    add.insert(add.end(), present.begin(), present.end());
    auto a = git(m_dir, m_env, add);
    if (!a) return std::unexpected(a.error());
    if (a->exit_code != 0)
      return core::fail(core::ErrorKind::io, fmt::format("git add failed: {}", core::first_line(a->err)));
  }
  m_facts->work_tree = true;
  if (present.empty() && gone.empty()) return {};
  std::vector<std::string> commit = {"commit", "-q", "--no-gpg-sign", "--no-verify", "-m", clean_message(message), "--"};
  commit.insert(commit.end(), present.begin(), present.end());
  commit.insert(commit.end(), gone.begin(), gone.end());
  auto c = run_as(commit, actor);
  if (!c) return std::unexpected(c.error());
  if (c->exit_code != 0) {
    // The files were committed as they are already: nothing to do.
    std::vector<std::string> staged = {"diff", "--cached", "--quiet", "--"};
    staged.insert(staged.end(), present.begin(), present.end());
    staged.insert(staged.end(), gone.begin(), gone.end());
    if (auto d = git(m_dir, m_env, staged); d && d->exit_code == 0) return {};
    std::string why = core::first_line(c->err.empty() ? c->out : c->err);
    return core::fail(core::ErrorKind::io, fmt::format("git commit failed: {}", why));
  }
  return {};
}

core::Result<std::vector<std::string>> Git::stray_records() const {
  std::vector<std::string> args = {"status", "--porcelain=v1", "-z", "--untracked-files=all", "--"};
  for (const auto& d : record_dirs()) args.push_back(d);
  auto r = HC_TRY(git(m_dir, m_env, args));
  if (r.exit_code != 0)
    return core::fail(core::ErrorKind::io, fmt::format("git status failed: {}", core::first_line(r.err)));
  std::vector<std::string> out;
  std::string_view rest = r.out;
  while (rest.size() > 3) {
    auto end = rest.find('\0');
    std::string_view entry = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (entry.size() < 4) continue;
    std::string_view xy = entry.substr(0, 2), path = entry.substr(3);
    if (xy[0] == 'R' || xy[0] == 'C') {  // a rename or copy names its source next: skip it
      auto next = rest.find('\0');
      rest.remove_prefix(next == std::string_view::npos ? rest.size() : next + 1);
    }
    if (xy == "!!" || xy[0] == 'D' || xy[1] == 'D') continue;
    auto slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (name.starts_with(".")) continue;  // the temporary file of a write in progress
    if (name.ends_with(".jsonl") || path.starts_with("quarantine/")) out.emplace_back(path);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace hypercare::store
