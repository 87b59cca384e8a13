// The ops lock: a writer waits a bounded time and then exits 75 without writing; readers never
// lock; a lock released during the wait lets the writer through.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <future>

#include "harness.hpp"

namespace {

using namespace hctest;
using CliLock = CliTest;

struct HeldLock {
  int fd = -1;
  explicit HeldLock(const fs::path& ops) {
    fs::create_directories(ops / ".hypercare");
    fd = ::open((ops / ".hypercare" / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::flock(fd, LOCK_EX), 0);
  }
  void release() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  ~HeldLock() { release(); }
};

TEST_F(CliLock, BusyLockIs75AndWritesNothing) {
  init_ops(true);
  const std::string id = new_incident("Locked", "P2");
  const auto before = snapshot(ops);
  const auto head = git({"rev-parse", "HEAD"}).out;
  HeldLock lock(ops);

  auto t0 = std::chrono::steady_clock::now();
  auto r = hc({"incident", "note", id, "-m", "blocked"}, {{"HYPERCARE_LOCK_TIMEOUT", "1s"}});
  auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_EXIT_CODE(r, 75);
  EXPECT_NE(r.err.find("busy"), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("hint:"), std::string::npos) << r.describe();
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::seconds(8));
  auto created = hc({"incident", "new", "also blocked", "-p", "P3", "--json"}, {{"HYPERCARE_LOCK_TIMEOUT", "1s"}});
  EXPECT_EXIT_CODE(created, 75);
  auto e = nlohmann::json::parse(created.err, nullptr, false);
  ASSERT_TRUE(e.is_object()) << created.describe();
  EXPECT_EQ(e["error"]["kind"], "busy");
  EXPECT_EQ(snapshot(ops), before);
  EXPECT_EQ(git({"rev-parse", "HEAD"}).out, head);

  // Readers do not wait for writers.
  auto t1 = std::chrono::steady_clock::now();
  EXPECT_EXIT_CODE(hc({"incident", "show", id}), 0);
  EXPECT_EXIT_CODE(hc({"incident", "list", "--all"}), 0);
  EXPECT_EXIT_CODE(hc({"status"}), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t1, std::chrono::seconds(5));

  auto bad = hc({"incident", "note", id, "-m", "x"}, {{"HYPERCARE_LOCK_TIMEOUT", "soon"}});
  EXPECT_EXIT_CODE(bad, 64);
}

TEST_F(CliLock, AWriterGetsThroughWhenTheLockIsReleased) {
  init_ops(false);
  const std::string id = new_incident("Wait for me", "P2");
  HeldLock lock(ops);
  auto pending = std::async(std::launch::async, [&] {
    return hc({"incident", "note", id, "-m", "waited"}, {{"HYPERCARE_LOCK_TIMEOUT", "20s"}});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(show(id)["timeline"].size(), 1u) << "wrote while the lock was held";
  lock.release();
  auto r = pending.get();
  EXPECT_EXIT_CODE(r, 0);
  EXPECT_EQ(show(id)["timeline"].back()["message"], "waited");
}

// `watch` records each SLA breach once. The summaries say which are recorded, so a later round
// passes over them without opening their files: with nothing new to record, it never needs the
// write lock (before, every round opened and locked every breached incident's file again).
TEST_F(CliLock, AWatchRoundPassesOverTheBreachesRecordedBefore) {
  init_ops(false);
  const std::string id = new_incident("Slow checkout", "P3", {}, {{"HYPERCARE_NOW", "2026-11-25T10:00:00Z"}});
  const Env later{{"HYPERCARE_NOW", "2026-11-28T10:00:00Z"}, {"HYPERCARE_LOCK_TIMEOUT", "1s"}};
  auto first = hc({"--no-notify", "watch", "--once", "--json"}, later);
  ASSERT_EXIT_CODE(first, 0);
  auto round = nlohmann::json::parse(first.out, nullptr, false);
  ASSERT_TRUE(round.is_object()) << first.describe();
  ASSERT_EQ(round["breaches"].size(), 2u) << first.describe();
  EXPECT_EQ(round["breaches"][0]["id"], id);

  HeldLock lock(ops);
  auto second = hc({"--no-notify", "watch", "--once", "--json"}, later);
  EXPECT_EQ(second.err.find("not recorded"), std::string::npos) << second.describe();
  round = nlohmann::json::parse(second.out, nullptr, false);
  ASSERT_TRUE(round.is_object()) << second.describe();
  EXPECT_EQ(round["breaches"].size(), 0u) << second.describe();
  lock.release();
  std::size_t breaches = 0;
  const auto shown = show(id);
  for (const auto& e : shown["timeline"]) breaches += e["type"] == "breached";
  EXPECT_EQ(breaches, 2u);
}

}  // namespace
