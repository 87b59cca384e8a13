// Issue 13: no input — oversized, malformed, hostile, a symlink, a full disk — stops the 3 a.m.
// screen or the watcher, and nothing hostile reaches a terminal or a commit. Each test here failed
// on the code before the fix (run with HYPERCARE_TEST_BIN pointing at an older binary to see it).
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>

#include "harness.hpp"

namespace {

using namespace hctest;
using json = nlohmann::json;

std::string payload_with_label(const std::string& key, const std::string& value) {
  json alert = {{"status", "firing"},
                {"labels", {{"alertname", "PaymentsApiDown"}, {"severity", "critical"}, {"service", "payments-api"}, {key, value}}},
                {"annotations", {{"summary", "Payments API is down"}}},
                {"startsAt", "2026-11-27T02:55:00Z"},
                {"endsAt", "0001-01-01T00:00:00Z"},
                {"generatorURL", "http://prometheus.example:9090/graph"},
                {"fingerprint", "41f0e5838b3ae223"}};
  return json{{"version", "4"}, {"status", "firing"}, {"receiver", "hypercare"}, {"groupKey", "{}:{}"},
              {"truncatedAlerts", 0}, {"alerts", json::array({alert})}}
      .dump();
}

class CliHostile : public CliTest {
 protected:
  void SetUp() override { init_ops(); }

  // Every reading command a person runs at 3 a.m. succeeds.
  void expect_readers_work(const std::string& why) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"incident", "list", "--all"}, {"status"}, {"watch", "--once"}, {"report", "summary"}}) {
      auto r = hc(args);
      EXPECT_EXIT_CODE(r, 0) << why;
    }
  }
};

// 1. A write never stores what a read would refuse.
TEST_F(CliHostile, AnOversizedAlertLabelIsCappedAndEveryReaderStillWorks) {
  spit(root / "big.json", payload_with_label("blob", std::string(1100 * 1024, 'x')));
  auto r = hc({"incident", "ingest", "big.json", "--json"});
  ASSERT_EXIT_CODE(r, 0);
  for (const auto& f : jsonl_files(ops / "incidents"))
    for (const auto& line : split_lines(slurp(f))) EXPECT_LT(line.size(), 64u * 1024) << f;
  expect_readers_work("after a 1.1 MB label");
  EXPECT_EXIT_CODE(hc({"doctor"}), 0);
}

TEST_F(CliHostile, AHugeFeedbackCommentIsCappedAndFeedbackStillReads) {
  spit(root / "survey.csv", "Timestamp,How satisfied are you? (rating 1-5),Any comments?,Email\n"
                            "2026-11-26 10:00:00,4," + std::string(2 << 20, 'y') + ",ravi@example.com\n");
  auto r = hc({"feedback", "import", "survey.csv"});
  ASSERT_EXIT_CODE(r, 0);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"feedback", "list"}, {"feedback", "add", "--score", "5"}, {"report", "summary"}})
    EXPECT_EXIT_CODE(hc(args), 0);
}

// 2. One bad record never stops the commands about the others.
TEST_F(CliHostile, AMalformedIncidentIsSkippedByReadersAndNamedOnlyWhenAskedAbout) {
  const std::string bad = new_incident("Corrupted later", "P3");
  const std::string good = new_incident("Checkout failing", "P1", {}, {{"HYPERCARE_NOW", "2026-11-27T02:00:00Z"}});
  auto file = incident_file(bad);
  spit(file, slurp(file) + "{\"oops\": true}\n");
  const std::string where = file.filename().string() + ":2";

  auto list = hc({"incident", "list", "--all"});
  EXPECT_EXIT_CODE(list, 0);
  EXPECT_NE(list.out.find(good), std::string::npos) << list.describe();
  EXPECT_NE(list.err.find(where), std::string::npos) << list.describe();

  auto status = hc({"status", "--json"});
  EXPECT_EXIT_CODE(status, 0);
  auto j = json::parse(status.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << status.describe();
  ASSERT_TRUE(j["problems"].is_array()) << status.out;
  ASSERT_EQ(j["problems"].size(), 1u) << status.out;
  EXPECT_NE(j["problems"][0].dump().find(where), std::string::npos) << status.out;

  // The watcher still escalates the unacknowledged P1 (an hour old, response target 15 min).
  auto watch = hc({"watch", "--once", "--json"});
  EXPECT_EXIT_CODE(watch, 0);
  bool escalated = false;
  auto shown = show(good);
  for (const auto& e : shown["timeline"]) escalated = escalated || e["type"] == "escalated";
  EXPECT_TRUE(escalated) << watch.describe();

  auto s = hc({"incident", "show", bad});
  EXPECT_EXIT_CODE(s, 65);
  EXPECT_NE(s.err.find(where), std::string::npos) << s.describe();
}

// 3. User patterns are matched in linear time: no stack overflow, no runaway backtracking.
TEST_F(CliHostile, PatternsCannotCrashOrOutliveTheirCheck) {
  spit(ops / "checks.toml", R"toml([[check]]
name = "backtrack"
kind = "command"
command = "printf 'a%.0s' $(seq 42)"
expect_output = "(a+)+b"
timeout = "5s"

[[check]]
name = "long-output"
kind = "command"
command = "head -c 300000 /dev/zero | tr '\\0' 'a'; echo"
expect_output = "^(a|b)*$"
timeout = "5s"
)toml");
  auto start = std::chrono::steady_clock::now();
  auto r = hc({"health-check", "--json"});
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EXIT_CODE(r, 1);  // one check fails; none crashes
  EXPECT_LT(took, 5.0) << "a match ran past the check's timeout";
  auto j = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.describe();
  std::map<std::string, std::string> status;
  for (const auto& c : j["checks"]) status[c["name"]] = c["status"];
  EXPECT_EQ(status["backtrack"], "fail");
  EXPECT_EQ(status["long-output"], "ok");

  // A pattern RE2 cannot match in linear time is refused when the config loads.
  spit(ops / "checks.toml", "[[check]]\nname = \"x\"\nkind = \"command\"\ncommand = \"true\"\nexpect_output = \"(a)\\\\1\"\n");
  auto bad = hc({"health-check"});
  EXPECT_EXIT_CODE(bad, 78);
  EXPECT_NE(bad.err.find("checks.toml:5:17: check[0].expect_output: invalid regular expression"), std::string::npos)
      << bad.describe();
}

// 5. A create that fails leaves no empty record behind.
TEST_F(CliHostile, AFailedCreateLeavesNoEmptyRecordAndDoctorRemovesOne) {
  // RLIMIT_FSIZE 0: every write fails (EFBIG), as on a full disk; SIGXFSZ ignored so write returns.
  fs::create_directories(ops / "incidents");
  auto before = jsonl_files(ops / "incidents").size();
  auto r = run({"/bin/sh", "-c", "ulimit -f 0; trap '' XFSZ; exec \"$0\" \"$@\"", bin(), "incident", "new",
                "Disk full", "-p", "P3"},
               env_with({}), {}, root);
  EXPECT_NE(r.exit, 0) << r.describe();
  EXPECT_EQ(jsonl_files(ops / "incidents").size(), before);
  for (const auto& f : jsonl_files(ops / "incidents")) EXPECT_GT(fs::file_size(f), 0u) << f;

  fs::create_directories(ops / "incidents/2026-11");
  spit(ops / "incidents/2026-11/INC-20261127-EMTY.jsonl", "");
  EXPECT_EXIT_CODE(hc({"incident", "list"}), 0);
  auto d = hc({"doctor", "--fix"});
  EXPECT_EXIT_CODE(d, 0);
  EXPECT_FALSE(fs::exists(ops / "incidents/2026-11/INC-20261127-EMTY.jsonl")) << d.describe();
}

// 6. A whole last line that lost only its newline is kept.
TEST_F(CliHostile, ACompleteLastLineWithoutItsNewlineIsKept) {
  const std::string id = new_incident("Newline lost", "P3");
  auto file = incident_file(id);
  std::string text = slurp(file);
  fs::resize_file(file, text.size() - 1);
  ASSERT_EXIT_CODE(hc({"incident", "note", id, "-m", "after"}), 0);
  auto lines = split_lines(slurp(file));
  ASSERT_EQ(lines.size(), 2u) << slurp(file);
  EXPECT_EQ(lines[0] + "\n", text);
  EXPECT_EQ(show(id)["title"], "Newline lost");
}

// 7. A record file that is a symlink is refused, never followed.
TEST_F(CliHostile, ASymlinkedRecordIsRefusedAndItsTargetUntouched) {
  // An empty target: a reader finds nothing wrong with it, so only a refusal to follow protects it.
  spit(root / "victim", "");
  fs::create_directories(ops / "feedback");
  fs::create_symlink(root / "victim", ops / "feedback/2026-11.jsonl");
  auto r = hc({"feedback", "add", "--score", "4"});
  EXPECT_EXIT_CODE(r, 65);
  EXPECT_NE(r.err.find("feedback/2026-11.jsonl"), std::string::npos) << r.describe();
  EXPECT_EQ(slurp(root / "victim"), "");
  auto d = hc({"doctor"});
  EXPECT_EXIT_CODE(d, 1);
  EXPECT_NE(d.out.find("feedback/2026-11.jsonl"), std::string::npos) << d.describe();
  EXPECT_EQ(slurp(root / "victim"), "");
}

// 8. Text from outside never reaches a terminal as control sequences.
TEST_F(CliHostile, EscapesFromAlertsNeverReachTheTerminal) {
  const std::string osc = "\x1b]0;PWN\x07";
  spit(root / "evil.json", payload_with_label("component", "api" + osc));
  auto r = hc({"incident", "ingest", "evil.json", "--json"});
  ASSERT_EXIT_CODE(r, 0);
  auto id = json::parse(r.out)["alerts"][0]["incident"].get<std::string>();
  ASSERT_EXIT_CODE(hc({"incident", "note", id, "-m", "see \x1b[2Jhere"}), 0);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"incident", "show", id}, {"incident", "list", "--all"}, {"status"}, {"report", "daily"}}) {
    auto out = hc(args);
    EXPECT_EXIT_CODE(out, 0);
    EXPECT_EQ(out.out.find('\x1b'), std::string::npos) << args[0] << ": " << out.describe();
    EXPECT_EQ(out.out.find('\x07'), std::string::npos) << args[0];
  }
  // JSON keeps the text as it came (escaped by the serialiser).
  EXPECT_NE(hc({"incident", "show", id, "--json"}).out.find("\\u001b]0;PWN\\u0007"), std::string::npos);
}

// 9. An actor is one printable line of bounded length: no forged commit trailers.
TEST_F(CliHostile, ActorsAreOneShortPrintableLine) {
  const std::string id = new_incident("Trailer", "P3");
  auto head = git({"rev-parse", "HEAD"}).out;
  auto forged = hc({"incident", "note", id, "-m", "x", "--as", "evil\nSigned-off-by: ceo", "--external"});
  EXPECT_EXIT_CODE(forged, 64);
  EXPECT_NE(forged.err.find("one line"), std::string::npos) << forged.describe();
  auto huge = hc({"incident", "note", id, "-m", "x", "--as", std::string(5000, 'a'), "--external"});
  EXPECT_EXIT_CODE(huge, 64);
  EXPECT_EQ(git({"rev-parse", "HEAD"}).out, head);
  EXPECT_EQ(git({"log", "--format=%B"}).out.find("Signed-off-by: ceo"), std::string::npos);
}

// 10. Secrets in any form, in any file hypercare reads, are refused with file:line.
TEST_F(CliHostile, SecretsInEveryFormAreRefused) {
  std::string base = slurp(ops / "hypercare.toml");
  const std::vector<std::string> urls = {
      "https://hooks.slack.com:443/services/T0/B0/XXXXXXXX", "https://HOOKS.SLACK.COM/services/T0/B0/XXXXXXXX",
      "https://example.com/hook?token=abcdef123456", "https://bot:hunter2@example.com/hook",
      "https://discord.com/api/webhooks/1234/abcdefgh"};
  for (const auto& url : urls) {
    spit(ops / "hypercare.toml", base + "\n[[notify.channel]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"" + url +
                                     "\"\nevents = [\"*\"]\n");
    auto r = hc({"incident", "list"});
    EXPECT_EXIT_CODE(r, 78) << url;
    EXPECT_NE(r.err.find("hypercare.toml:"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("looks like a secret"), std::string::npos) << r.describe();
  }
  spit(ops / "hypercare.toml", base);
  spit(ops / "checks.toml", "[[check]]\nname = \"api\"\nkind = \"http\"\nurl = \"http://127.0.0.1:1/\"\n"
                            "headers = { Authorization = \"Bearer abcdef0123456789abcdef\" }\n");
  auto c = hc({"health-check"});
  EXPECT_EXIT_CODE(c, 78);
  EXPECT_NE(c.err.find("checks.toml:5:"), std::string::npos) << c.describe();
  spit(ops / "hotfix.toml", "[component.web]\ndeploy = \"d\"\nrollback = \"r\"\n"
                            "env = { AWS_SECRET_ACCESS_KEY = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\" }\n");
  auto h = hc({"hotfix", "deploy", "web", "v1.2.3", "--yes"});
  EXPECT_EXIT_CODE(h, 78);
  EXPECT_NE(h.err.find("hotfix.toml:4:"), std::string::npos) << h.describe();
  EXPECT_EQ(h.err.find("wJalrXUtnFEMI"), std::string::npos) << "the message repeats the secret";
}

// 11. A lock that cannot be opened for lack of permission is 77.
TEST_F(CliHostile, PermissionDeniedOnTheLockIs77) {
  ASSERT_EXIT_CODE(hc({"incident", "list"}), 0);
  fs::create_directories(ops / ".hypercare");
  spit(ops / ".hypercare/lock", "");
  fs::permissions(ops / ".hypercare/lock", fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  RunResult r;
  if (::geteuid() == 0) {
    // root ignores file modes: run as nobody, who can read the ops dir but not write the lock.
    for (fs::path p = ops; p != p.root_path(); p = p.parent_path())
      fs::permissions(p, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
    for (const auto& e : fs::recursive_directory_iterator(ops))
      fs::permissions(e.path(), fs::perms::others_read | (e.is_directory() ? fs::perms::others_exec : fs::perms::none),
                      fs::perm_options::add);
    r = run({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", bin(), "incident", "new", "x",
             "-p", "P3", "--no-commit"},
            env_with({}), {}, root);
  } else {
    r = hc({"incident", "new", "x", "-p", "P3", "--no-commit"});
  }
  EXPECT_EXIT_CODE(r, 77);
  EXPECT_NE(r.err.find(".hypercare/lock"), std::string::npos) << r.describe();
}

// 12. A typo in a config file is an error, never a silently weaker setting.
TEST_F(CliHostile, ConfigTyposAreCaughtAndDoctorNamesThemAll) {
  std::string cfg = slurp(ops / "hypercare.toml");
  auto pos = cfg.find("max_p1 =");
  ASSERT_NE(pos, std::string::npos);
  cfg.replace(pos, 8, "max_p1s =");
  spit(ops / "hypercare.toml", cfg);
  std::string rota = slurp(ops / "rota.toml");
  pos = rota.find("[lead]");
  ASSERT_NE(pos, std::string::npos);
  rota.replace(pos, 6, "[leed]");
  spit(ops / "rota.toml", rota);

  auto r = hc({"report", "summary", "--check"});
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find("max_p1s: unknown key in [targets]; did you mean 'max_p1'"), std::string::npos) << r.describe();
  auto d = hc({"doctor", "--json"});
  EXPECT_EXIT_CODE(d, 1);
  auto text = d.out;
  EXPECT_NE(text.find("did you mean 'max_p1'"), std::string::npos) << text;
  EXPECT_NE(text.find("did you mean 'lead'"), std::string::npos) << text;
}

// 14. Descendants that leave the process group with setsid do not outlive a check.
TEST_F(CliHostile, GrandchildrenThatEscapeWithSetsidAreKilled) {
  spit(ops / "checks.toml", "[[check]]\nname = \"escape\"\nkind = \"command\"\n"
                            "command = \"setsid sleep 300 & echo $! > " + (root / "pid").string() + "; wait\"\n"
                            "timeout = \"1s\"\n");
  auto r = hc({"health-check"});
  EXPECT_EXIT_CODE(r, 1);
  auto pid = std::stoi(slurp(root / "pid"));
  // Reaped by hypercare before it exited: no such process (or at most a zombie of init's).
  bool alive = ::kill(pid, 0) == 0;
  if (alive) {
    std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
    alive = stat.find(") Z ") == std::string::npos;
  }
  EXPECT_FALSE(alive) << "the setsid grandchild " << pid << " outlived its check";
  if (alive) ::kill(pid, SIGKILL);
}

// 15. The runner waits for a child's exit as an event, not a 50 ms tick (fixed with issue 12; on
// this machine the old tick did not show in latency_ms, so this guards rather than reproduces).
TEST_F(CliHostile, AQuickCommandCheckRecordsItsRealLatency) {
  spit(ops / "checks.toml", "[[check]]\nname = \"t\"\nkind = \"command\"\ncommand = \"true\"\n");
  long best = 1000;
  for (int i = 0; i < 3; ++i) {
    auto r = hc({"health-check", "--json"});
    ASSERT_EXIT_CODE(r, 0);
    best = std::min(best, json::parse(r.out)["checks"][0]["latency_ms"].get<long>());
  }
  EXPECT_LT(best, 40) << "`true` took 50 ms: the runner sleeps in ticks";
}

}  // namespace
