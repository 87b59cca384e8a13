// Failing commands: the documented exit code, a message naming the problem, and no partial
// writes (every file of the ops dir byte-identical before and after, .hypercare/ aside).
#include <regex>

#include "harness.hpp"

namespace {

using namespace hctest;

class CliErrors : public CliTest {
 protected:
  // Runs a command that must fail with `code`, leave the ops dir untouched and say `needle`.
  RunResult expect_fails(const std::vector<std::string>& args, int code, const std::string& needle,
                         const Env& extra = {}, const fs::path& cwd = {}) {
    auto before = fs::exists(ops) ? snapshot(ops) : std::map<std::string, std::string>{};
    auto head = fs::exists(ops / ".git") ? git({"rev-parse", "HEAD"}).out : "";
    auto r = hc(args, extra, {}, cwd);
    EXPECT_EXIT_CODE(r, code);
    EXPECT_TRUE(r.out.empty()) << "stdout of a failing command: " << r.describe();
    EXPECT_NE(r.err.find(needle), std::string::npos) << "stderr lacks '" << needle << "': " << r.describe();
    if (fs::exists(ops)) {
      EXPECT_EQ(snapshot(ops), before) << "the failing command changed files: " << r.describe();
      if (!head.empty()) {
        EXPECT_EQ(git({"rev-parse", "HEAD"}).out, head) << "the failing command committed";
      }
    }
    return r;
  }
};

TEST_F(CliErrors, MalformedTomlIs78NamingFileLineAndColumn) {
  init_ops();
  const std::string id = new_incident("Config breaks later", "P3");
  std::string toml = slurp(ops / "hypercare.toml");
  // Line 3 of the new file is broken: an unterminated string.
  spit(ops / "hypercare.toml", "[team]\nname = \"ok\"\ntimezone = \"Asia/Kolkata\nfoo = 1\n");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"status"}, {"incident", "list"}, {"incident", "new", "x", "-p", "P1"}, {"incident", "ack", id},
           {"incident", "note", id, "-m", "x"}}) {
    auto r = expect_fails(args, 78, "hypercare.toml:");
    EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(hypercare\.toml:3:\d+)"))) << r.describe();
  }
  // A type error names the line and the key too.
  spit(ops / "hypercare.toml", "[team]\nname = \"ok\"\n\n[priorities.P1]\nresponse = 15\n");
  auto r = expect_fails({"incident", "list"}, 78, "hypercare.toml:5:");
  EXPECT_NE(r.err.find("response"), std::string::npos) << r.describe();
}

TEST_F(CliErrors, MalformedLineInTheMiddleIs65NamingFileAndLine) {
  init_ops();
  const std::string id = new_incident("Corrupt me", "P2");
  ASSERT_EXIT_CODE(hc({"incident", "note", id, "-m", "second line"}), 0);
  ASSERT_EXIT_CODE(hc({"incident", "note", id, "-m", "third line"}), 0);
  auto file = incident_file(id);
  auto lines = split_lines(slurp(file));
  ASSERT_EQ(lines.size(), 3u);
  spit(file, lines[0] + "\n{\"v\":1,\"id\":\"broken\n" + lines[2] + "\n");
  ASSERT_EXIT_CODE(git({"commit", "-qam", "corrupt"}), 0);
  const std::string where = file.filename().string() + ":2";
  // Asked about that record itself: 65 naming file:line, nothing written.
  expect_fails({"incident", "show", id}, 65, where);
  expect_fails({"incident", "note", id, "-m", "x"}, 65, where);
  expect_fails({"incident", "ack", id}, 65, where);
  // Commands about all records show the others and say what they skipped (MalformedRecordIsSkipped).
  auto list = hc({"incident", "list", "--all"});
  EXPECT_EXIT_CODE(list, 0);
  EXPECT_NE(list.err.find(where), std::string::npos) << list.describe();
}

TEST_F(CliErrors, UsageErrorsAre64) {
  init_ops();
  const std::string id = new_incident("Usage", "P3");
  expect_fails({"incident", "new", "Bad priority", "-p", "P7"}, 64, "P7");
  expect_fails({"incident", "new", "Bad priority", "-p", "P0"}, 64, "P0");
  expect_fails({"incident", "priority", id, "P7", "-m", "why"}, 64, "P7");
  expect_fails({"incident", "list", "-p", "P1,P9"}, 64, "P9");
  expect_fails({"incident", "list", "--status", "sleeping"}, 64, "sleeping");
  expect_fails({"incident", "new", "No priority"}, 64, "priority");
  expect_fails({"incident", "note", id}, 64, "message");
  expect_fails({"incident", "note", id, "-m", "  "}, 64, "empty");
  expect_fails({"incident", "list", "--bogus"}, 64, "bogus");
  expect_fails({"incident", "status", id, "sleeping", "-m", "x"}, 64, "sleeping");
  expect_fails({"incident", "new", "two\nlines", "-p", "P3"}, 64, "one line");
  expect_fails({"incident", "list"}, 64, "HYPERCARE_NOW", {{"HYPERCARE_NOW", "yesterday"}});
}

TEST_F(CliErrors, UnknownIdIs66) {
  init_ops();
  new_incident("Exists", "P3");
  for (const auto& verb : std::vector<std::vector<std::string>>{
           {"incident", "show", "ZZZZ"}, {"incident", "ack", "ZZZZ"}, {"incident", "note", "ZZZZ", "-m", "x"},
           {"incident", "resolve", "ZZZZ", "--root-cause", "a", "--resolution", "b"},
           {"incident", "show", "INC-20261127-ZZZZ"}, {"incident", "note", "INC-20261127-ZZZZ", "-m", "x"}})
    expect_fails(verb, 66, "ZZZZ");
}

TEST_F(CliErrors, AmbiguousIdIs66ListingTheCandidates) {
  init_ops();
  const std::string a = new_incident("First", "P3");
  const std::string b = new_incident("Second", "P3");
  ASSERT_NE(a, b);
  for (const std::string q : {"20261127", "INC-20261127", "INC-2026"}) {
    auto r = expect_fails({"incident", "show", q}, 66, "ambiguous");
    EXPECT_NE(r.err.find(a), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find(b), std::string::npos) << r.describe();
    expect_fails({"incident", "note", q, "-m", "which one?"}, 66, a);
    expect_fails({"incident", "ack", q}, 66, b);
  }
  // Any unambiguous tail or prefix works.
  auto tail = a.substr(a.size() - 4);
  auto r = hc({"incident", "show", tail, "--json"});
  EXPECT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find(a), std::string::npos);
}

TEST_F(CliErrors, NoOpsDirIs66WithAnInitHint) {
  fs::create_directories(root / "empty");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"status"}, {"incident", "list"}, {"incident", "new", "x", "-p", "P1"}, {"doctor"}}) {
    auto r = expect_fails(args, 66, "hypercare init", {{"HYPERCARE_OPS", ""}}, root / "empty");
    EXPECT_NE(r.err.find("no ops dir"), std::string::npos) << r.describe();
  }
  EXPECT_TRUE(fs::is_empty(root / "empty"));
  // An explicit -C or HYPERCARE_OPS that is not an ops dir says so too.
  expect_fails({"-C", (root / "empty").string(), "status"}, 66, "hypercare init");
  expect_fails({"status"}, 66, "hypercare init", {{"HYPERCARE_OPS", (root / "empty").string()}});
}

}  // namespace
