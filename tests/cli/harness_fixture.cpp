// The CliTest fixture: a temp dir with a HOME holding a git identity, and the env every run gets.
#include <stdlib.h>

#include "harness.hpp"

namespace hctest {

CliTest::CliTest() {
  root = m_tmp.path();
  home = root / "home";
  ops = root / "ops";
  fs::create_directories(home / ".config");
  spit(home / ".gitconfig",
       "[user]\n\tname = Test Runner\n\temail = runner@example.invalid\n"
       "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[advice]\n\tdetachedHead = false\n"
       // Tiny test repositories: no background housekeeping after every command.
       "[gc]\n\tauto = 0\n[maintenance]\n\tauto = false\n[receive]\n\tautogc = false\n");
  const char* path = ::getenv("PATH");
  env = {
      {"PATH", path ? path : "/usr/local/bin:/usr/bin:/bin"},
      {"HOME", home.string()},
      {"XDG_CONFIG_HOME", (home / ".config").string()},
      {"GIT_CONFIG_NOSYSTEM", "1"},
      {"HYPERCARE_NOW", k_now},
      {"HYPERCARE_USER", "dev1"},
      {"HYPERCARE_OPS", ops.string()},
      {"NO_COLOR", "1"},
      {"TZ", "UTC"},
      {"LC_ALL", "C.UTF-8"},
  };
  // Sanitizer settings of the debug preset reach the child too.
  for (const char* k : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"})
    if (const char* v = ::getenv(k)) env[k] = v;
}

Env CliTest::env_with(const Env& extra) const {
  Env e = env;
  for (const auto& [k, v] : extra) {
    if (v.empty()) e.erase(k);
    else e[k] = v;
  }
  return e;
}

RunResult CliTest::hc(const std::vector<std::string>& args, const Env& extra, const std::string& in,
                      const fs::path& cwd) const {
  std::vector<std::string> argv{bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, env_with(extra), in, cwd.empty() ? root : cwd);
}

RunResult CliTest::hc_while(const std::vector<std::string>& args, const Env& extra,
                            const std::function<void(pid_t)>& tick) const {
  std::vector<std::string> argv{bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, env_with(extra), {}, root, std::chrono::seconds(120), tick);
}

RunResult CliTest::git(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"git", "-C", ops.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, env, {}, root);
}

void CliTest::init_ops(bool with_git) {
  auto r = hc({"init", ops.string(), "--example", "smart-dairy"});
  ASSERT_EXIT_CODE(r, 0);
  if (!with_git) fs::remove_all(ops / ".git");
}

std::string CliTest::new_incident(const std::string& title, const std::string& priority,
                                  const std::vector<std::string>& extra, const Env& env_extra) {
  std::vector<std::string> args{"incident", "new", title, "-p", priority, "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = hc(args, env_extra);
  EXPECT_EXIT_CODE(r, 0);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_TRUE(j.is_object() && j.contains("id")) << r.describe();
  if (!j.is_object() || !j.contains("id")) return "INC-MISSING";
  return j["id"].get<std::string>();
}

nlohmann::json CliTest::show(const std::string& id, const Env& extra) const {
  auto r = hc({"incident", "show", id, "--json"}, extra);
  EXPECT_EXIT_CODE(r, 0);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_TRUE(j.is_object()) << r.describe();
  return j.is_object() ? j : nlohmann::json::object();
}

fs::path CliTest::incident_file(const std::string& id) const {
  // INC-YYYYMMDD-XXXX lives in incidents/YYYY-MM/.
  return ops / "incidents" / (id.substr(4, 4) + "-" + id.substr(8, 2)) / (id + ".jsonl");
}

}  // namespace hctest
