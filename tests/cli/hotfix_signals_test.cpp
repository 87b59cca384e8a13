// Time-outs, steps that ignore SIGTERM, Ctrl-C (SIGINT sent to the hypercare process), one deploy
// per component at a time (75), and the ops lock staying free while steps run.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "hotfix_fixture.hpp"

namespace {

using namespace hctest;
using namespace std::chrono_literals;

const std::string k_base =
    "[defaults]\n"
    "timeout = \"30s\"\n"
    "kill_grace = \"1s\"\n"
    "current = \"echo img:1.0\"\n";

class HotfixSignalsTest : public HotfixTest {
 protected:
  // Sends `sig` to hypercare once `marker` exists in the ops dir (each marker once).
  std::function<void(pid_t)> signal_when(std::vector<std::pair<std::string, int>> plan) {
    auto sent = std::make_shared<std::size_t>(0);
    return [this, plan, sent](pid_t pid) {
      if (*sent < plan.size() && fs::exists(ops / plan[*sent].first)) ::kill(pid, plan[(*sent)++].second);
    };
  }
  // The pid a step wrote down is no longer a live process.
  static bool dead(const fs::path& pid_file) {
    auto text = slurp(pid_file);
    pid_t pid = pid_t(std::atol(text.c_str()));
    return pid > 0 && ::kill(pid, 0) != 0;
  }
};

TEST_F(HotfixSignalsTest, AWaitThatTimesOutIsRolledBack) {
  init_custom(k_base +
              "[component.web]\ndeploy = \"true\"\nwait = \"[ -f rolled-back ] || sleep 60\"\nwait_timeout = \"1s\"\n"
              "rollback = \"touch rolled-back\"\n");
  auto t0 = std::chrono::steady_clock::now();
  auto r = deploy("1.1", "web");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 20s);
  ASSERT_EXIT_CODE(r, 1);
  auto h = show_hotfix(first_id(r.out));
  EXPECT_EQ(h["status"], "rolled_back");
  EXPECT_EQ(h["message"], "wait timed out after 1s; rolled back to img:1.0");
  EXPECT_EQ(steps_of(h), (std::vector<std::string>{"current:ok", "deploy:ok", "wait:timeout", "rollback:ok", "wait:ok"}));
}

TEST_F(HotfixSignalsTest, AStepThatIgnoresSigtermIsKilled) {
  init_custom(k_base +
              "[component.web]\ndeploy = \"true\"\n"
              "wait = \"[ -f rolled-back ] && exit 0; trap '' TERM; echo $$ > wait.pid; sleep 60\"\nwait_timeout = \"1s\"\n"
              "rollback = \"touch rolled-back\"\n");
  auto t0 = std::chrono::steady_clock::now();
  auto r = deploy("1.1", "web");
  auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_EXIT_CODE(r, 1);
  EXPECT_GE(took, 2s) << "SIGTERM first, SIGKILL only after the grace";
  EXPECT_LT(took, 20s);
  auto h = show_hotfix(first_id(r.out));
  EXPECT_EQ(h["steps"][2]["status"], "timeout");
  EXPECT_EQ(h["steps"][2]["signal"], SIGKILL);
  EXPECT_EQ(h["status"], "rolled_back");
  EXPECT_TRUE(dead(ops / "wait.pid"));
}

TEST_F(HotfixSignalsTest, CtrlCDuringTheDeployStopsTheStepAndRollsBack) {
  init_custom(k_base + "[component.web]\ndeploy = \"echo $$ > deploy.pid; touch started; sleep 60\"\nrollback = \"touch rolled-back\"\n");
  auto t0 = std::chrono::steady_clock::now();
  auto r = hc_while({"hotfix", "deploy", "1.1", "web", "--yes"}, {}, signal_when({{"started", SIGINT}}));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 20s);
  ASSERT_EXIT_CODE(r, 130);
  EXPECT_NE(r.err.find("hypercare: interrupt: stopping the running step"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(ops / "rolled-back"));
  EXPECT_TRUE(dead(ops / "deploy.pid")) << "the step's process group was stopped";
  auto h = show_hotfix(first_id(r.out));
  EXPECT_EQ(h["status"], "interrupted");
  EXPECT_EQ(h["message"], "interrupted during deploy; rolled back to img:1.0");
  EXPECT_EQ(steps_of(h), (std::vector<std::string>{"current:ok", "deploy:interrupted", "rollback:ok"}));
  EXPECT_EQ(git({"status", "--porcelain", "hotfixes"}).out, "") << "the interrupted run is committed too";
}

TEST_F(HotfixSignalsTest, ASecondCtrlCStopsTheRollback) {
  init_custom(k_base + "[component.web]\ndeploy = \"touch started; sleep 60\"\nrollback = \"touch rolling; sleep 60\"\n");
  auto r = hc_while({"hotfix", "deploy", "1.1", "web", "--yes"}, {}, signal_when({{"started", SIGINT}, {"rolling", SIGINT}}));
  ASSERT_EXIT_CODE(r, 130);
  EXPECT_NE(r.err.find("hypercare: second interrupt: skipping the rollback"), std::string::npos) << r.err;
  auto id = first_id(r.out);
  auto h = show_hotfix(id);
  EXPECT_EQ(h["status"], "interrupted");
  EXPECT_EQ(steps_of(h), (std::vector<std::string>{"current:ok", "deploy:interrupted", "rollback:interrupted"}));
  EXPECT_NE(r.out.find("web may be running 1.1 (the rollback did not finish)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hypercare hotfix rollback " + id), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(hc({"incident", "list", "--json"}).out).size(), 0u) << "a chosen stop is not a failed rollback";
}

TEST_F(HotfixSignalsTest, SigtermActsLikeCtrlC) {
  init_custom(k_base +
              "[component.web]\ndeploy = \"true\"\nwait = \"[ -f rolled-back ] || { touch started; sleep 60; }\"\n"
              "rollback = \"touch rolled-back\"\n");
  auto r = hc_while({"hotfix", "deploy", "1.1", "web", "--yes"}, {}, signal_when({{"started", SIGTERM}}));
  ASSERT_EXIT_CODE(r, 130);
  EXPECT_EQ(show_hotfix(first_id(r.out))["status"], "interrupted");
}

TEST_F(HotfixSignalsTest, OneDeployPerComponentAtATimeAndTheOpsLockStaysFree) {
  init_custom(k_base +
              "[component.web]\ndeploy = \"touch started; while [ ! -f release ]; do sleep 0.05; done\"\nrollback = \"true\"\n"
              "[component.api]\ndeploy = \"true\"\nrollback = \"true\"\n");
  pid_t first = spawn({bin(), "hotfix", "deploy", "1.1", "web", "--yes"}, env_with({}), root);
  for (int i = 0; i < 400 && !fs::exists(ops / "started"); ++i) std::this_thread::sleep_for(25ms);
  ASSERT_TRUE(fs::exists(ops / "started"));

  auto second = deploy("1.2", "web");
  EXPECT_EXIT_CODE(second, 75);
  auto running = nlohmann::json::parse(hc({"hotfix", "list", "--json"}).out);
  ASSERT_EQ(running.size(), 1u);
  std::string id = running[0]["id"];
  EXPECT_EQ(running[0]["status"], "running");
  EXPECT_EQ(running[0]["process"], "alive");
  EXPECT_NE(second.err.find("hypercare: a hotfix of web is already running: " + id + " (1.1) by dev1"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("hint: one deploy per component at a time; follow it with: hypercare hotfix show " + id),
            std::string::npos);

  EXPECT_EXIT_CODE(deploy("1.2", "api"), 0) << "another component is not held up";
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EXIT_CODE(hc({"incident", "new", "Slow reports", "-p", "P3"}, {{"HYPERCARE_LOCK_TIMEOUT", "2s"}}), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s) << "the ops lock is not held while steps run";

  spit(ops / "release", "");
  int status = 0;
  ASSERT_EQ(::waitpid(first, &status, 0), first);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(show_hotfix(id)["status"], "succeeded");
  EXPECT_EXIT_CODE(deploy("1.3", "web"), 0) << "free again";
}

TEST_F(HotfixSignalsTest, ARunWhoseProcessDiedIsMarkedStaleThenClosed) {
  init_custom(k_base + "[component.web]\ndeploy = \"touch started; sleep 60\"\nrollback = \"true\"\n");
  pid_t first = spawn({bin(), "hotfix", "deploy", "1.1", "web", "--yes"}, env_with({}), root);
  for (int i = 0; i < 400 && !fs::exists(ops / "started"); ++i) std::this_thread::sleep_for(25ms);
  ASSERT_TRUE(fs::exists(ops / "started"));
  ::kill(first, SIGKILL);  // nothing can record this end
  ::waitpid(first, nullptr, 0);

  auto list = hc({"hotfix", "list"});
  ASSERT_EXIT_CODE(list, 0);
  EXPECT_NE(list.out.find("running (stale?)"), std::string::npos) << list.out;
  auto j = nlohmann::json::parse(hc({"hotfix", "list", "--json"}).out);
  std::string stale = j[0]["id"];
  EXPECT_EQ(j[0]["status"], "running");
  EXPECT_EQ(j[0]["process"], "gone");
  EXPECT_NE(hc({"hotfix", "show", stale}).out.find("the process that ran it is gone"), std::string::npos);
  EXPECT_NE(hc({"status"}).out.find("running (stale?)"), std::string::npos);

  spit(ops / "hotfix.toml", k_base + "[component.web]\ndeploy = \"true\"\nrollback = \"true\"\n");
  auto next = deploy("1.2", "web");
  ASSERT_EXIT_CODE(next, 0);
  EXPECT_NE(next.out.find(stale + " was still marked running"), std::string::npos) << next.out;
  auto closed = show_hotfix(stale);
  EXPECT_EQ(closed["status"], "interrupted");
  EXPECT_NE(closed["message"].get<std::string>().find("abandoned: the hypercare process that ran it (pid "), std::string::npos);
}

}  // namespace
