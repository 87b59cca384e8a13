// `hypercare sync`, `[git] sync = "auto"`, watch's one commit per round and the hotfix lock across
// machines (issue 12): a bare origin on disk and clones of one ops dir.
#include <sys/wait.h>

#include <thread>

#include <fmt/format.h>

#include "team.hpp"

namespace {

using namespace hctest;
using nlohmann::json;
using Sync = CliTest;

constexpr const char* T0 = "2026-11-27T03:00:00Z";

int commits(const Team& t, int c, const std::string& ref = "HEAD") {
  auto r = t.git(c, {"rev-list", "--count", ref});
  return r.exit == 0 ? std::stoi(r.out) : -1;
}

std::string head(const Team& t, int c) { return t.git(c, {"rev-parse", "HEAD"}).out; }

TEST_F(Sync, InitSetsUpPlainGitPull) {
  init_ops(true);
  EXPECT_EQ(git({"config", "pull.rebase"}).out, "true\n");
}

TEST_F(Sync, PullsAndPushesAndSaysWhat) {
  Team t(root, env, 2);
  auto id = t.ok(0, {"incident", "new", "Shared", "-p", "P2", "--json"}, T0)["id"].get<std::string>();
  auto pushed = t.ok(0, {"sync", "--json"}, T0);
  EXPECT_EQ(pushed["pushed"], 1) << pushed;
  EXPECT_EQ(pushed["pulled"], 0);
  EXPECT_EQ(pushed["waiting"], 0);
  EXPECT_EQ(pushed["remote"], "origin");
  EXPECT_EQ(pushed["branch"], "main");
  auto pulled = t.ok(1, {"sync", "--json"}, T0);
  EXPECT_EQ(pulled["pulled"], 1) << pulled;
  EXPECT_EQ(pulled["pushed"], 0);
  EXPECT_EQ(t.ok(1, {"incident", "show", id, "--json"}, T0)["title"], "Shared");
  auto again = t.hc(1, {"sync"}, T0);
  ASSERT_EXIT_CODE(again, 0);
  EXPECT_NE(again.out.find("already up to date"), std::string::npos) << again.out;
}

TEST_F(Sync, TwoClonesSyncingAtOnceBothLandEverything) {
  Team t(root, env, 2);
  std::vector<std::string> ids[2];
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 3; ++i)
      ids[c].push_back(t.ok(c, {"incident", "new", "From " + std::to_string(c) + "/" + std::to_string(i), "-p", "P3",
                                "--json"},
                            T0)["id"]
                           .get<std::string>());
  RunResult r[2];
  std::thread a([&] { r[0] = t.hc(0, {"sync"}, T0); });
  std::thread b([&] { r[1] = t.hc(1, {"sync"}, T0); });
  a.join();
  b.join();
  EXPECT_EXIT_CODE(r[0], 0);
  EXPECT_EXIT_CODE(r[1], 0);
  for (int c = 0; c < 2; ++c) ASSERT_EXIT_CODE(t.hc(c, {"sync"}, T0), 0);
  for (int c = 0; c < 2; ++c) {
    auto all = t.ok(c, {"incident", "list", "--all", "--json"}, T0);
    EXPECT_EQ(all.size(), 6u) << "clone " << c << ": " << all.dump(1);
  }
  EXPECT_EQ(head(t, 0), head(t, 1));
}

TEST_F(Sync, OfflineTheWorkStaysAndTheCommandSaysHowMuchWaits) {
  Team t(root, env, 1);
  t.ok(0, {"incident", "new", "Offline", "-p", "P3"}, T0);
  fs::rename(t.origin(), root / "origin-away");
  const auto before = snapshot(t.dir(0));
  const auto head_before = head(t, 0);
  auto r = t.hc(0, {"sync"}, T0);
  EXPECT_EXIT_CODE(r, 69);
  EXPECT_NE(r.err.find("1 local commit waits to be pushed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: hypercare sync"), std::string::npos) << r.err;
  EXPECT_EQ(snapshot(t.dir(0)), before);
  EXPECT_EQ(head(t, 0), head_before);
  fs::rename(root / "origin-away", t.origin());
  auto back = t.ok(0, {"sync", "--json"}, T0);
  EXPECT_EQ(back["pushed"], 1) << back;
}

TEST_F(Sync, AConflictInAFilePeopleEditUndoesTheRebaseAndNamesTheFile) {
  Team t(root, env, 2);
  auto edit = [&](int c, const std::string& name) {
    auto text = slurp(t.dir(c) / "hypercare.toml");
    auto pos = text.find("name = \"");
    ASSERT_NE(pos, std::string::npos);
    text.replace(pos, text.find('\n', pos) - pos, "name = \"" + name + "\"");
    spit(t.dir(c) / "hypercare.toml", text);
    ASSERT_EQ(t.git(c, {"commit", "-qam", "rename the team to " + name}).exit, 0);
  };
  edit(0, "Dairy A");
  ASSERT_EXIT_CODE(t.hc(0, {"sync"}, T0), 0);
  edit(1, "Dairy B");
  t.ok(1, {"incident", "new", "Kept through the conflict", "-p", "P3"}, T0);
  const auto head_before = head(t, 1);
  auto r = t.hc(1, {"sync"}, T0);
  EXPECT_EXIT_CODE(r, 65);
  EXPECT_NE(r.err.find("hypercare.toml was changed both here and on origin/main"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("git -C"), std::string::npos) << r.err;
  EXPECT_EQ(t.git(1, {"status", "--porcelain"}).out, "") << "the work tree was left dirty";
  EXPECT_FALSE(fs::exists(t.dir(1) / ".git" / "rebase-merge"));
  EXPECT_EQ(head(t, 1), head_before);
}

TEST_F(Sync, NoPushPullsOnlyAndNoRemoteIsAConfigurationError) {
  Team t(root, env, 2);
  t.ok(0, {"incident", "new", "Theirs", "-p", "P3"}, T0);
  ASSERT_EXIT_CODE(t.hc(0, {"sync"}, T0), 0);
  t.ok(1, {"incident", "new", "Mine", "-p", "P3"}, T0);
  auto r = t.ok(1, {"sync", "--no-push", "--json"}, T0);
  EXPECT_EQ(r["pulled"], 1);
  EXPECT_EQ(r["pushed"], 0);
  EXPECT_EQ(r["waiting"], 1);
  EXPECT_EQ(commits(t, 0, "origin/main"), commits(t, 0));
  init_ops(true);
  auto none = hc({"sync"});
  EXPECT_EXIT_CODE(none, 78);
  EXPECT_NE(none.err.find("has no git remote"), std::string::npos) << none.err;
  EXPECT_NE(none.err.find("remote add origin"), std::string::npos) << none.err;
}

TEST_F(Sync, AutoSyncPullsBeforeAWriteAndPushesAfter) {
  Team t(root, env, 2);
  auto text = slurp(t.dir(0) / "hypercare.toml");
  auto pos = text.find("sync = \"manual\"");
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, 15, "sync = \"auto\"");
  spit(t.dir(0) / "hypercare.toml", text);
  ASSERT_EQ(t.git(0, {"commit", "-qam", "sync = auto"}).exit, 0);
  ASSERT_EQ(t.git(0, {"push", "-q"}).exit, 0);
  ASSERT_EQ(t.git(1, {"pull", "-q"}).exit, 0);

  auto id = t.ok(0, {"incident", "new", "Seen everywhere", "-p", "P2", "--json"}, T0)["id"].get<std::string>();
  EXPECT_EQ(commits(t, 0, "origin/main"), commits(t, 0)) << "not pushed after the write";
  // Clone 1 has not pulled: its ack pulls first and finds the incident.
  auto ack = t.hc(1, {"incident", "ack", id}, "2026-11-27T03:05:00Z");
  EXPECT_EXIT_CODE(ack, 0);
  EXPECT_EQ(ack.err, "");
  ASSERT_EXIT_CODE(t.hc(0, {"sync"}, T0), 0);
  EXPECT_EQ(t.ok(0, {"incident", "show", id, "--json"}, T0)["acknowledged_at"], "2026-11-27T03:05:00Z");

  // Offline: the write goes on locally with one warning line, and waits.
  fs::rename(t.origin(), root / "origin-away");
  auto offline = t.hc(1, {"incident", "note", id, "-m", "on the train"}, "2026-11-27T03:06:00Z");
  EXPECT_EXIT_CODE(offline, 0);
  EXPECT_NE(offline.err.find("could not pull first"), std::string::npos) << offline.err;
  EXPECT_NE(offline.err.find("not pushed"), std::string::npos) << offline.err;
  fs::rename(root / "origin-away", t.origin());
  auto later = t.ok(1, {"sync", "--json"}, T0);
  EXPECT_EQ(later["pushed"], 1);
}

TEST_F(Sync, AWatcherWithSyncDoesNotEscalateWhatALaptopAcknowledgedAndPushed) {
  Team t(root, env, 2);
  auto id = t.ok(0, {"incident", "new", "Acked on a laptop", "-p", "P1", "--json"}, T0)["id"].get<std::string>();
  ASSERT_EXIT_CODE(t.hc(0, {"sync"}, T0), 0);
  ASSERT_EXIT_CODE(t.hc(1, {"sync"}, T0), 0);
  t.ok(0, {"incident", "ack", id}, "2026-11-27T03:10:00Z");
  ASSERT_EXIT_CODE(t.hc(0, {"sync"}, "2026-11-27T03:10:00Z"), 0);
  auto round = t.hc(1, {"--no-notify", "watch", "--once", "--sync", "--json"}, "2026-11-27T03:40:00Z");
  ASSERT_EXIT_CODE(round, 0);
  auto r = json::parse(round.out, nullptr, false);
  EXPECT_EQ(r["escalations"].size(), 0u) << round.out;
  EXPECT_EQ(r["breaches"].size(), 0u) << round.out;
  // And the round's results went to the origin.
  EXPECT_EQ(commits(t, 1, "origin/main"), commits(t, 1));
}

TEST_F(Sync, WatchMakesAtMostOneCommitPerRoundAndFewForRoutineHealth) {
  init_ops(true);
  auto count = [&] { return std::stoi(git({"rev-list", "--count", "HEAD"}).out); };
  new_incident("Unanswered one", "P1", {}, {{"HYPERCARE_NOW", T0}});
  new_incident("Unanswered two", "P1", {}, {{"HYPERCARE_NOW", T0}});
  int before = count();
  auto round = hc({"--no-notify", "watch", "--once", "--json"}, {{"HYPERCARE_NOW", "2026-11-27T03:20:00Z"}});
  ASSERT_EXIT_CODE(round, 0);
  auto r = json::parse(round.out, nullptr, false);
  EXPECT_EQ(r["breaches"].size(), 2u) << round.out;
  EXPECT_EQ(r["escalations"].size(), 2u) << round.out;
  EXPECT_EQ(count(), before + 1) << git({"log", "--format=%s"}).out;
  EXPECT_EQ(git({"status", "--porcelain"}).out, "");
  // Rounds that only ran the (due) health checks: one commit for the first, none for the next
  // hour's, then one again.
  spit(ops / "checks.toml", "[[check]]\nname = \"ok\"\nkind = \"command\"\ncommand = \"true\"\ninterval = \"1m\"\n");
  ASSERT_EXIT_CODE(git({"commit", "-qam", "one quick check"}), 0);
  before = count();
  for (int minute = 21; minute <= 40; ++minute) {
    auto at = fmt::format("2026-11-27T03:{:02}:00Z", minute);
    ASSERT_EXIT_CODE(hc({"--no-notify", "watch", "--once"}, {{"HYPERCARE_NOW", at}, {"HYPERCARE_CACHE", ""}}), 0);
  }
  EXPECT_LE(count(), before + 1) << git({"log", "--format=%s", "-5"}).out;
}

// Turns [git] sync = "auto" on in clone 0 and shares it with the others.
void auto_sync(const Team& t) {
  auto text = slurp(t.dir(0) / "hypercare.toml");
  auto pos = text.find("sync = \"manual\"");
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, 15, "sync = \"auto\"");
  spit(t.dir(0) / "hypercare.toml", text);
  spit(t.dir(0) / "hotfix.toml",
       "[defaults]\ntimeout = \"60s\"\ncurrent = \"echo img:1.0\"\n"
       "[component.web]\ndeploy = \"touch .hypercare/deployed; while [ ! -f ../go ]; do sleep 0.05; done\"\nrollback = \"true\"\n");
  ASSERT_EQ(t.git(0, {"commit", "-qam", "sync = auto, a slow web deploy"}).exit, 0);
  ASSERT_EQ(t.git(0, {"push", "-q"}).exit, 0);
  for (int c = 1; c < t.size(); ++c) ASSERT_EQ(t.git(c, {"pull", "-q"}).exit, 0);
}

TEST_F(Sync, WithSyncOnOneHotfixPerComponentAcrossMachines) {
  Team t(root, env, 2);
  auto_sync(t);
  auto before = commits(t, 0, "origin/main");
  pid_t first = spawn({bin(), "hotfix", "deploy", "1.1", "web", "--yes"}, t.env_for(0, T0, {}), t.dir(0));
  // The first deploy's start reaches the origin before its step runs.
  for (int i = 0; i < 600 && !fs::exists(t.dir(0) / ".hypercare" / "deployed"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(fs::exists(t.dir(0) / ".hypercare" / "deployed")) << "the first deploy never started its step";
  EXPECT_GT(commits(t, 0, "origin/main"), before) << "the step ran before the start was pushed";
  auto running = t.ok(0, {"hotfix", "list", "--json"}, T0);
  ASSERT_EQ(running.size(), 1u) << running;
  const std::string first_id = running[0]["id"];

  auto second = t.hc(1, {"hotfix", "deploy", "1.2", "web", "--yes"}, T0);
  EXPECT_EXIT_CODE(second, 75);
  EXPECT_NE(second.err.find(first_id), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("dev1"), std::string::npos) << second.err;
  EXPECT_FALSE(fs::exists(t.dir(1) / ".hypercare" / "deployed")) << "the second deploy ran a step";
  auto mine = t.ok(1, {"hotfix", "list", "--json"}, T0);
  bool aborted = false;
  for (const auto& h : mine) aborted = aborted || (h["tag"] == "1.2" && h["status"] == "aborted");
  EXPECT_TRUE(aborted) << "the stopped deploy is not recorded as aborted: " << mine;

  spit(root / "go", "");
  int status = 0;
  ASSERT_EQ(::waitpid(first, &status, 0), first);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(t.git(0, {"status", "--porcelain"}).out, "");
}

}  // namespace
