#include "team.hpp"

#include <unistd.h>

#include <map>
#include <stdexcept>

#include "inprocess.hpp"

namespace hctest {

namespace {

void must(const RunResult& r) {
  if (r.exit != 0) throw std::runtime_error("team setup failed: " + r.describe());
}

// origin.git and clone0..clone(n-1) in `root`, made with the real programs.
void build(const fs::path& root, const Env& env, int clones) {
  must(run({"git", "init", "-q", "--bare", "-b", "main", (root / "origin.git").string()}, env, {}, root));
  Env e = env;
  e.erase("HYPERCARE_OPS");
  auto first = root / "clone0";
  must(run({bin(), "init", first.string(), "--example", "smart-dairy"}, e, {}, root));
  // A relative URL, so that a copy of the whole team still points at its own origin.
  must(run({"git", "-C", first.string(), "remote", "add", "origin", "../origin.git"}, env, {}, root));
  must(run({"git", "-C", first.string(), "push", "-q", "-u", "origin", "main"}, env, {}, root));
  must(run({"git", "-C", first.string(), "config", "pull.rebase", "true"}, env, {}, root));
  for (int i = 1; i < clones; ++i) {
    auto dir = root / ("clone" + std::to_string(i));
    must(run({"git", "clone", "-q", "origin.git", dir.filename().string()}, env, {}, root));
    must(run({"git", "-C", dir.string(), "remote", "set-url", "origin", "../origin.git"}, env, {}, root));
    // What `hypercare init` sets on the first clone; a fresh clone gets it from `hypercare sync`.
    must(run({"git", "-C", dir.string(), "config", "pull.rebase", "true"}, env, {}, root));
  }
}

}  // namespace

Team::Team(const fs::path& root, const Env& fixture_env, int clones, const std::vector<std::string>& emails)
    : m_env(fixture_env) {
  m_origin = root / "origin.git";
  // Teams of the same size are alike: the first is built with git and hypercare, the others are
  // copies of it (the property test makes hundreds).
  static std::map<int, fs::path> templates;
  auto& made = templates[clones];
  if (made.empty() || !fs::exists(made)) {
    made = fs::temp_directory_path() / ("hypercare-team-" + std::to_string(::getpid()) + "-" + std::to_string(clones));
    fs::remove_all(made);
    fs::create_directories(made);
    build(made, m_env, clones);
    static struct Cleanup {
      ~Cleanup() {
        for (const auto& [n, dir] : templates) fs::remove_all(dir);
      }
    } cleanup;
  }
  fs::copy(made, root, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  for (int i = 0; i < clones; ++i) m_clones.push_back(root / ("clone" + std::to_string(i)));
  for (std::size_t i = 0; i < emails.size() && i < m_clones.size(); ++i)
    if (!emails[i].empty())
      must(run({"git", "-C", m_clones[i].string(), "config", "user.email", emails[i]}, m_env, {}, root));
}

Env Team::env_for(int c, const std::string& now, const Env& extra) const {
  Env e = m_env;
  e["HYPERCARE_OPS"] = dir(c).string();
  if (!now.empty()) e["HYPERCARE_NOW"] = now;
  for (const auto& [k, v] : extra) {
    if (v.empty()) e.erase(k);
    else e[k] = v;
  }
  return e;
}

RunResult Team::hc(int c, const std::vector<std::string>& args, const std::string& now, const Env& extra) const {
  std::vector<std::string> argv{bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, env_for(c, now, extra), {}, dir(c));
}

RunResult Team::hc_inprocess(int c, const std::vector<std::string>& args, const std::string& now, const Env& extra) const {
  return run_inprocess(args, env_for(c, now, extra), dir(c));
}

RunResult Team::git(int c, const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"git", "-C", dir(c).string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, m_env, {}, dir(c));
}

nlohmann::json Team::ok(int c, const std::vector<std::string>& args, const std::string& now, const Env& extra) const {
  auto r = hc(c, args, now, extra);
  EXPECT_EQ(r.exit, 0) << "clone " << c << ": " << r.describe();
  return nlohmann::json::parse(r.out, nullptr, false);
}

void Team::configure(int c, const std::string& toml, bool push) const {
  append_bytes(dir(c) / "hypercare.toml", toml);
  EXPECT_EQ(git(c, {"commit", "-qam", "configure"}).exit, 0);
  if (push) {
    EXPECT_EQ(git(c, {"push", "-q"}).exit, 0);
  }
}

}  // namespace hctest
