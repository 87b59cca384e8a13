// The pipeline on real processes in a temporary ops dir: the order of the steps, the values the
// steps get, aborts before deploying, retries, rollbacks (and failed ones), time-outs, Ctrl-C.
#include "hypercare/hotfix/pipeline.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

namespace hypercare::hotfix {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Ctrl-C as the CLI's handler delivers it: a counter and a pipe that wakes poll().
struct FakeInterrupts {
  std::atomic<int> n{0};
  int fd[2] = {-1, -1};
  FakeInterrupts() { EXPECT_EQ(::pipe2(fd, O_CLOEXEC | O_NONBLOCK), 0); }
  ~FakeInterrupts() {
    ::close(fd[0]);
    ::close(fd[1]);
  }
  Interrupts get() { return {fd[0], [this] { return n.load(); }}; }
  void press(int times = 1) {
    n += times;
    (void)!::write(fd[1], "!", 1);
  }
};

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    std::string tmpl = (fs::temp_directory_path() / "hypercare-pipeline-XXXXXX").string();
    ops = ::mkdtemp(tmpl.data());
    const char* path = std::getenv("PATH");
    env["PATH"] = path ? path : "/usr/bin:/bin";
    spec.name = "web";
    spec.precheck = {"echo precheck >> log"};
    spec.current = "echo current >> log; printf '  img:1.0\\n\\n'";
    spec.deploy = "echo deploy >> log";
    spec.wait = "echo wait >> log";
    spec.smoke = {"echo smoke >> log"};
    spec.rollback = "echo rollback >> log";
    spec.timeout = 20s;
    spec.kill_grace = 300ms;
    spec.smoke_retry_delay = 0ms;
  }
  ~PipelineTest() override {
    std::error_code ec;
    if (!HasFailure()) fs::remove_all(ops, ec);
  }

  struct Ran {
    PipelineResult result;
    Hotfix hotfix;
  };
  Ran deploy(Interrupts interrupts = {}, bool rollback_only = false) {
    store::WriteOptions w;
    w.ops_dir = ops;
    w.autocommit = false;
    w.actor = "dev1";
    core::Clock clock = [] { return *core::parse_rfc3339("2026-11-27T03:00:00Z"); };
    auto engine = std::make_shared<std::mt19937_64>(7);
    core::Random random = [engine] { return (*engine)(); };
    auto rec = Recorder::create(w, clock, random, {"1.2.3", spec.name, std::nullopt, "host", 1}, [](const std::string&) { return ""; });
    EXPECT_TRUE(rec) << rec.error().message;
    Values values{"1.2.3", spec.name, rec->id(), "", "", "dev1", rollback_only ? "img:0.9" : ""};
    Pipeline p{spec, ops, env, values, std::move(interrupts), {}, *rec};
    auto result = rollback_only ? run_rollback(p) : run_deploy(p);
    auto h = rec->fold();
    EXPECT_TRUE(h) << h.error().message;
    return {result, *h};
  }
  std::string log() const { return slurp(ops / "log"); }
  // Presses Ctrl-C `times` once `marker` exists in the ops dir.
  std::thread press_when(FakeInterrupts& fake, std::string marker, int times = 1) {
    return std::thread([this, &fake, marker, times] {
      for (int i = 0; i < 2000 && !fs::exists(ops / marker); ++i) std::this_thread::sleep_for(5ms);
      fake.press(times);
    });
  }

  fs::path ops;
  store::Env env;
  config::ComponentSpec spec;
};

TEST_F(PipelineTest, RunsEveryStepInOrderAndRecordsThePreviousVersion) {
  auto r = deploy();
  EXPECT_EQ(r.result.status, Status::succeeded);
  EXPECT_EQ(r.result.message, "web 1.2.3 is live (was img:1.0)");
  EXPECT_EQ(log(), "precheck\ncurrent\ndeploy\nwait\nsmoke\n");
  EXPECT_EQ(r.hotfix.previous, "img:1.0");
  ASSERT_EQ(r.hotfix.steps.size(), 5u);
  for (const auto& s : r.hotfix.steps) EXPECT_EQ(s.status, StepStatus::ok) << s.name;
  EXPECT_EQ(r.hotfix.steps[1].output_tail, "  img:1.0\n\n");
}

TEST_F(PipelineTest, StepsGetTheValuesOnlyThroughTheEnvironment) {
  spec.deploy = "printf '%s|%s|%s|%s|%s|%s' \"$HYPERCARE_TAG\" \"$HYPERCARE_COMPONENT\" \"$HYPERCARE_PREVIOUS\" "
                "\"$HYPERCARE_STEP\" \"$HYPERCARE_ACTOR\" \"$HYPERCARE_HOTFIX_ID\" > seen; pwd > cwd";
  spec.env = {{"REGION", "ap-south-1"}};
  spec.smoke = {"printf %s \"$REGION\" > region"};
  auto r = deploy();
  ASSERT_EQ(r.result.status, Status::succeeded) << r.result.message;
  EXPECT_EQ(slurp(ops / "seen"), "1.2.3|web|img:1.0|deploy|dev1|" + r.hotfix.id);
  EXPECT_EQ(fs::path(slurp(ops / "cwd").substr(0, slurp(ops / "cwd").size() - 1)), ops);
  EXPECT_EQ(slurp(ops / "region"), "ap-south-1");
}

TEST_F(PipelineTest, AFailingPrecheckStopsBeforeAnythingChanges) {
  spec.precheck = {"echo precheck >> log", "echo 'migration running' >&2; exit 3"};
  auto r = deploy();
  EXPECT_EQ(r.result.status, Status::aborted);
  EXPECT_EQ(r.result.message, "precheck #2 failed (exit 3); nothing was deployed");
  EXPECT_EQ(log(), "precheck\n");
  EXPECT_EQ(r.result.failure_tail, "migration running\n");
  EXPECT_FALSE(r.hotfix.deployed());
}

TEST_F(PipelineTest, ACurrentThatPrintsNothingStopsBeforeDeploying) {
  spec.current = "true";
  auto r = deploy();
  EXPECT_EQ(r.result.status, Status::aborted);
  EXPECT_EQ(r.result.message, "current printed nothing, so the running version is unknown; nothing was deployed");
  EXPECT_EQ(log(), "precheck\n");
}

TEST_F(PipelineTest, SmokeRetriesUntilItPasses) {
  spec.smoke = {"n=$(cat tries 2>/dev/null || echo 0); echo $((n+1)) > tries; [ $n -ge 2 ]"};
  spec.smoke_retries = 2;
  auto r = deploy();
  EXPECT_EQ(r.result.status, Status::succeeded) << r.result.message;
  std::vector<int> attempts;
  for (const auto& s : r.hotfix.steps)
    if (s.name == "smoke") attempts.push_back(s.attempt);
  EXPECT_EQ(attempts, (std::vector<int>{1, 2, 3}));
}

TEST_F(PipelineTest, AFailingSmokeTestRollsBackAndWaitsForTheRollback) {
  spec.smoke = {"echo 'GET /health 502'; exit 1"};
  spec.smoke_retries = 1;
  auto r = deploy();
  EXPECT_EQ(r.result.status, Status::rolled_back);
  EXPECT_EQ(r.result.message, "smoke failed (exit 1) in all 2 attempts; rolled back to img:1.0");
  EXPECT_FALSE(r.result.rollback_failed);
  EXPECT_EQ(log(), "precheck\ncurrent\ndeploy\nwait\nrollback\nwait\n");
  ASSERT_GE(r.hotfix.steps.size(), 2u);
  EXPECT_EQ(r.hotfix.steps.back().name, "wait");
  EXPECT_EQ(r.hotfix.steps.back().phase, "rollback");
  EXPECT_EQ(r.result.failure_tail, "GET /health 502\n");
}

TEST_F(PipelineTest, AFailedRollbackIsTheWorstCase) {
  spec.deploy = "echo deploy >> log; exit 1";
  spec.rollback = "echo 'rollout undo: timed out' >&2; exit 2";
  auto r = deploy();
  EXPECT_EQ(r.result.status, Status::failed);
  EXPECT_TRUE(r.result.rollback_failed);
  EXPECT_EQ(r.result.message, "deploy failed (exit 1); then the rollback failed (exit 2): the state of web is unknown");
  EXPECT_EQ(r.result.failure_tail, "rollout undo: timed out\n");
  EXPECT_EQ(r.hotfix.steps.back().status, StepStatus::failed);
}

TEST_F(PipelineTest, AWaitThatTimesOutRollsBack) {
  spec.wait = "[ -f rolled-back ] || sleep 30";
  spec.rollback = "touch rolled-back";
  spec.step_timeouts[config::HotfixStep::wait] = 300ms;
  auto t0 = std::chrono::steady_clock::now();
  auto r = deploy();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s);
  EXPECT_EQ(r.result.status, Status::rolled_back);
  EXPECT_EQ(r.result.message, "wait timed out after 300ms; rolled back to img:1.0");
  EXPECT_EQ(r.hotfix.steps[3].status, StepStatus::timeout);
}

TEST_F(PipelineTest, CtrlCDuringTheDeployStopsItAndRollsBack) {
  FakeInterrupts fake;
  spec.deploy = "touch started; sleep 30";
  auto presser = press_when(fake, "started");
  auto r = deploy(fake.get());
  presser.join();
  EXPECT_EQ(r.result.status, Status::interrupted);
  EXPECT_EQ(r.result.message, "interrupted during deploy; rolled back to img:1.0");
  EXPECT_EQ(r.hotfix.steps[2].name, "deploy");
  EXPECT_EQ(r.hotfix.steps[2].status, StepStatus::interrupted);
  EXPECT_EQ(log(), "precheck\ncurrent\nrollback\nwait\n");
}

TEST_F(PipelineTest, ASecondCtrlCSkipsTheRollback) {
  FakeInterrupts fake;
  spec.deploy = "touch started; sleep 30";
  auto presser = press_when(fake, "started", 2);
  auto r = deploy(fake.get());
  presser.join();
  EXPECT_EQ(r.result.status, Status::interrupted);
  EXPECT_EQ(r.result.message, "interrupted during deploy; the rollback was skipped (second Ctrl-C): web 1.2.3 may be live");
  EXPECT_EQ(r.hotfix.steps.back().name, "rollback");
  EXPECT_EQ(r.hotfix.steps.back().status, StepStatus::skipped);
  EXPECT_EQ(log(), "precheck\ncurrent\n");
}

TEST_F(PipelineTest, ASecondCtrlCStopsARollbackUnderWay) {
  FakeInterrupts fake;
  spec.deploy = "touch started; sleep 30";
  spec.rollback = "touch rolling; sleep 30";
  auto first = press_when(fake, "started");
  auto second = press_when(fake, "rolling");
  auto r = deploy(fake.get());
  first.join();
  second.join();
  EXPECT_EQ(r.result.status, Status::interrupted);
  EXPECT_FALSE(r.result.rollback_failed);
  EXPECT_EQ(r.hotfix.steps.back().name, "rollback");
  EXPECT_EQ(r.hotfix.steps.back().status, StepStatus::interrupted);
}

TEST_F(PipelineTest, CtrlCBeforeDeployingChangesNothing) {
  FakeInterrupts fake;
  spec.precheck = {"touch started; sleep 30"};
  auto presser = press_when(fake, "started");
  auto r = deploy(fake.get());
  presser.join();
  EXPECT_EQ(r.result.status, Status::interrupted);
  EXPECT_EQ(r.result.message, "interrupted during precheck; nothing was deployed");
  EXPECT_FALSE(fs::exists(ops / "log"));
}

TEST_F(PipelineTest, OutputIsCappedToItsTail) {
  spec.deploy = "head -c 1000000 /dev/zero | tr '\\0' x; echo; echo the end";
  auto r = deploy();
  ASSERT_EQ(r.result.status, Status::succeeded);
  const auto& tail = r.hotfix.steps[2].output_tail;
  EXPECT_EQ(tail.size(), k_output_tail);
  EXPECT_TRUE(tail.ends_with("x\nthe end\n"));
}

TEST_F(PipelineTest, AManualRollbackRunsRollbackThenWait) {
  spec.rollback = "printf %s \"$HYPERCARE_PREVIOUS\" > restored; echo rollback >> log";
  auto r = deploy({}, true);
  EXPECT_EQ(r.result.status, Status::rolled_back);
  EXPECT_EQ(r.result.message, "web rolled back to img:0.9");
  EXPECT_EQ(log(), "rollback\nwait\n");
  EXPECT_EQ(slurp(ops / "restored"), "img:0.9");
}

}  // namespace
}  // namespace hypercare::hotfix
