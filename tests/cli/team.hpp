// A team of clones for end-to-end tests of sharing: a bare origin on disk and N clones of one ops
// dir, each with its own git identity and clock, driven with the real hypercare and git binaries.
#pragma once

#include <string>
#include <vector>

#include "harness.hpp"

namespace hctest {

class Team {
 public:
  // `fixture_env`: the CliTest env (HOME with a git identity, PATH…). The first clone runs
  // `hypercare init --example smart-dairy`, pushes, and the others clone it. `emails[i]` becomes
  // clone i's git user.email (empty: the HOME default).
  Team(const fs::path& root, const Env& fixture_env, int clones, const std::vector<std::string>& emails = {});

  int size() const { return int(m_clones.size()); }
  const fs::path& dir(int clone) const { return m_clones[std::size_t(clone)]; }
  const fs::path& origin() const { return m_origin; }

  // hypercare in clone `c` at time `now` (RFC 3339; empty: the fixture's), with `extra` env.
  RunResult hc(int c, const std::vector<std::string>& args, const std::string& now = {}, const Env& extra = {}) const;
  RunResult git(int c, const std::vector<std::string>& args) const;
  // hc() in this process (cli::run) rather than the binary: for tests that run thousands.
  RunResult hc_inprocess(int c, const std::vector<std::string>& args, const std::string& now = {},
                         const Env& extra = {}) const;
  // hc() that must exit 0; returns stdout parsed as JSON when it is JSON (else null).
  nlohmann::json ok(int c, const std::vector<std::string>& args, const std::string& now = {}, const Env& extra = {}) const;

  // Appends text to clone c's hypercare.toml and commits it (and pushes, when `push`).
  void configure(int c, const std::string& toml, bool push = true) const;

  Env env_for(int c, const std::string& now, const Env& extra) const;

 private:
  fs::path m_origin;
  std::vector<fs::path> m_clones;
  Env m_env;
};

}  // namespace hctest
