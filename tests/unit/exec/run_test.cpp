// Running programs: capture and caps, merged output, live output, time-outs that escalate from
// SIGTERM to SIGKILL, cancellation from outside, and children that misbehave with their pipes.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>

#include "hypercare/exec/run.hpp"

namespace hypercare::exec {
namespace {

using namespace std::chrono_literals;

Request sh(const std::string& script) {
  Request r;
  r.argv = {"/bin/sh", "-c", script};
  const char* path = std::getenv("PATH");
  r.env["PATH"] = path ? path : "/usr/bin:/bin";
  r.timeout = 20s;
  return r;
}

// A pipe that a test thread writes to, as the Ctrl-C handler does.
struct Wake {
  int fd[2] = {-1, -1};
  Wake() { EXPECT_EQ(::pipe2(fd, O_CLOEXEC | O_NONBLOCK), 0); }
  ~Wake() {
    ::close(fd[0]);
    ::close(fd[1]);
  }
  void poke() const { (void)!::write(fd[1], "!", 1); }
};

TEST(ExecRun, CapturesBothStreamsAndTheExitCode) {
  auto o = run(sh("echo out; echo err >&2; exit 3"));
  ASSERT_TRUE(o);
  EXPECT_EQ(o->exit_code, 3);
  EXPECT_EQ(o->out, "out\n");
  EXPECT_EQ(o->err, "err\n");
  EXPECT_FALSE(o->timed_out);
  EXPECT_FALSE(o->cancelled);
}

TEST(ExecRun, MergedOutputKeepsTheOrderOfBothStreams) {
  auto r = sh("echo one; echo two >&2; echo three");
  r.merge_output = true;
  auto o = run(r);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->out, "one\ntwo\nthree\n");
  EXPECT_EQ(o->err, "");
}

TEST(ExecRun, KeepsOnlyTheTailButShowsEverythingLive) {
  auto r = sh("head -c 300000 /dev/zero; printf END");
  r.output_cap = 4096;
  std::size_t seen = 0;
  std::string last;
  r.on_output = [&](std::string_view chunk, bool) {
    seen += chunk.size();
    last = std::string(chunk);
  };
  auto o = run(r);
  ASSERT_TRUE(o);
  EXPECT_EQ(seen, 300003u);
  EXPECT_EQ(o->out.size(), 4096u);
  EXPECT_TRUE(o->out_truncated);
  EXPECT_TRUE(o->out.ends_with("END"));
}

TEST(ExecRun, TimeoutSendsSigtermFirstSoTheStepCanClean) {
  auto r = sh("trap 'echo cleaned up; exit 7' TERM; sleep 30");
  r.timeout = 300ms;
  r.kill_grace = 5s;
  auto t0 = std::chrono::steady_clock::now();
  auto o = run(r);
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->timed_out);
  EXPECT_EQ(o->exit_code, 7);
  EXPECT_EQ(o->out, "cleaned up\n");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 4s);
}

TEST(ExecRun, AGroupThatIgnoresSigtermIsKilledAfterTheGrace) {
  auto r = sh("trap '' TERM; sleep 30");
  r.timeout = 300ms;
  r.kill_grace = 500ms;
  auto t0 = std::chrono::steady_clock::now();
  auto o = run(r);
  auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->timed_out);
  EXPECT_EQ(o->signal, SIGKILL);
  EXPECT_GE(took, 700ms);
  EXPECT_LT(took, 5s);
}

TEST(ExecRun, CancelStopsTheGroupWhenAsked) {
  Wake wake;
  std::atomic<int> presses{0};
  auto r = sh("sleep 30");
  r.kill_grace = 2s;
  r.cancel = Cancel{wake.fd[0], [&] { return presses.load() >= 1; }};
  std::thread presser([&] {
    std::this_thread::sleep_for(200ms);
    presses = 1;
    wake.poke();
  });
  auto t0 = std::chrono::steady_clock::now();
  auto o = run(r);
  presser.join();
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->cancelled);
  EXPECT_FALSE(o->timed_out);
  EXPECT_EQ(o->signal, SIGTERM);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

TEST(ExecRun, AWakeUpThatIsNotForThisRunChangesNothing) {
  Wake wake;
  auto r = sh("sleep 0.3; echo done");
  r.cancel = Cancel{wake.fd[0], [] { return false; }};
  wake.poke();
  auto o = run(r);
  ASSERT_TRUE(o);
  EXPECT_FALSE(o->cancelled);
  EXPECT_EQ(o->out, "done\n");
}

TEST(ExecRun, AChildThatClosesItsOutputStillTimesOut) {
  auto r = sh("exec >/dev/null 2>&1; sleep 30");
  r.timeout = 300ms;
  auto t0 = std::chrono::steady_clock::now();
  auto o = run(r);
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

TEST(ExecRun, BackgroundProcessesHoldingThePipesDoNotHoldTheRun) {
  auto t0 = std::chrono::steady_clock::now();
  auto o = run(sh("sleep 30 & echo started"));
  ASSERT_TRUE(o);
  EXPECT_EQ(o->exit_code, 0);
  EXPECT_EQ(o->out, "started\n");
  EXPECT_FALSE(o->timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

TEST(ExecRun, AMissingProgramIsAnError) {
  Request r;
  r.argv = {"/nonexistent/program"};
  auto o = run(r);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().kind, core::ErrorKind::missing);
}

TEST(ExecPause, WaitsTheWholeTimeUnlessCancelled) {
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(pause(200ms, Cancel{}));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 200ms);

  Wake wake;
  std::atomic<bool> stop{false};
  std::thread presser([&] {
    std::this_thread::sleep_for(100ms);
    stop = true;
    wake.poke();
  });
  t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(pause(30s, Cancel{wake.fd[0], [&] { return stop.load(); }}));
  presser.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

}  // namespace
}  // namespace hypercare::exec
