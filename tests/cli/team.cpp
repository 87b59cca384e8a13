#include "team.hpp"

namespace hctest {

Team::Team(const fs::path& root, const Env& fixture_env, int clones, const std::vector<std::string>& emails)
    : m_env(fixture_env) {
  m_origin = root / "origin.git";
  auto must = [](const RunResult& r) {
    if (r.exit != 0) throw std::runtime_error("team setup failed: " + r.describe());
  };
  must(run({"git", "init", "-q", "--bare", "-b", "main", m_origin.string()}, m_env, {}, root));
  m_clones.push_back(root / "clone0");
  Env e = m_env;
  e.erase("HYPERCARE_OPS");
  must(run({bin(), "init", m_clones[0].string(), "--example", "smart-dairy"}, e, {}, root));
  must(run({"git", "-C", m_clones[0].string(), "remote", "add", "origin", m_origin.string()}, m_env, {}, root));
  must(run({"git", "-C", m_clones[0].string(), "push", "-q", "-u", "origin", "main"}, m_env, {}, root));
  must(run({"git", "-C", m_clones[0].string(), "config", "pull.rebase", "true"}, m_env, {}, root));
  for (int i = 1; i < clones; ++i) {
    m_clones.push_back(root / ("clone" + std::to_string(i)));
    must(run({"git", "clone", "-q", m_origin.string(), m_clones.back().string()}, m_env, {}, root));
    // What `hypercare init` sets on the first clone; a fresh clone gets it from `hypercare sync`.
    must(run({"git", "-C", m_clones.back().string(), "config", "pull.rebase", "true"}, m_env, {}, root));
  }
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
