#include "hypercare/store/git.hpp"

#include <fmt/format.h>

#include "hypercare/exec/run.hpp"

namespace hypercare::store {
namespace {

core::Result<exec::Outcome> git(const std::filesystem::path& dir, const Env& env,
                                std::vector<std::string> args) {
  exec::Request r;
  r.argv = {"git", "-C", dir.string()};
  r.argv.insert(r.argv.end(), args.begin(), args.end());
  r.env = env;
  r.env["GIT_TERMINAL_PROMPT"] = "0";
  r.timeout = std::chrono::seconds(60);
  return exec::run(r);
}

std::string first_line(const std::string& s) {
  auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

}  // namespace

bool Git::in_work_tree() const {
  auto r = git(m_dir, m_env, {"rev-parse", "--is-inside-work-tree"});
  return r && r->exit_code == 0 && r->out.starts_with("true");
}

core::Status Git::init() const {
  auto r = git(m_dir, m_env, {"init", "-q"});
  if (!r) return std::unexpected(r.error());
  if (r->exit_code != 0)
    return core::fail(core::ErrorKind::io, fmt::format("git init failed: {}", first_line(r->err)));
  return {};
}

std::optional<std::string> Git::config_value(const std::string& key) const {
  auto r = git(m_dir, m_env, {"config", "--get", key});
  if (!r || r->exit_code != 0) return std::nullopt;
  std::string v = first_line(r->out);
  if (v.empty()) return std::nullopt;
  return v;
}

core::Status Git::commit(const std::vector<std::filesystem::path>& files, const std::string& message,
                         const std::string& actor) const {
  std::vector<std::string> add = {"add", "--"};
  for (const auto& f : files) add.push_back(f.string());
  auto a = git(m_dir, m_env, add);
  if (!a) return std::unexpected(a.error());
  if (a->exit_code != 0)
    return core::fail(core::ErrorKind::io, fmt::format("git add failed: {}", first_line(a->err)));

  // Nothing of ours is staged (the files were already committed as they are): nothing to do.
  std::vector<std::string> staged = {"diff", "--cached", "--quiet", "--"};
  for (const auto& f : files) staged.push_back(f.string());
  if (auto d = git(m_dir, m_env, staged); d && d->exit_code == 0) return {};

  Env env = m_env;
  if (!config_value("user.email") || !config_value("user.name")) {
    env.try_emplace("GIT_AUTHOR_NAME", actor);
    env.try_emplace("GIT_AUTHOR_EMAIL", actor + "@hypercare.invalid");
    env.try_emplace("GIT_COMMITTER_NAME", actor);
    env.try_emplace("GIT_COMMITTER_EMAIL", actor + "@hypercare.invalid");
  }
  std::vector<std::string> commit = {"commit", "-q", "--no-gpg-sign", "-m", message, "--"};
  for (const auto& f : files) commit.push_back(f.string());
  auto c = git(m_dir, env, commit);
  if (!c) return std::unexpected(c.error());
  if (c->exit_code != 0) {
    std::string why = first_line(c->err.empty() ? c->out : c->err);
    return core::fail(core::ErrorKind::io, fmt::format("git commit failed: {}", why));
  }
  return {};
}

}  // namespace hypercare::store
