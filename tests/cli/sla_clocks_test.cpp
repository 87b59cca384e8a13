// SLA clocks that survive priority changes and reopens, and resolutions that never count
// (issue 14, bugs 2, 3 and 7). Team zone Asia/Kolkata (UTC+5:30); the smart-dairy targets:
// P1 15m/2h, P2 30m/4h, P3 2h/8h, P4 4h/24h (response/resolve).
#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

class CliSlaClocks : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    init_ops(false);
  }
  Env at(const std::string& when) const { return {{"HYPERCARE_NOW", when}}; }
  std::string open(const std::string& title, const std::string& priority, const std::string& when) {
    return new_incident(title, priority, {}, at(when));
  }
  void run_at(const std::string& when, const std::vector<std::string>& args) {
    auto r = hc(args, at(when));
    ASSERT_EXIT_CODE(r, 0);
  }
};

// Bug 2: a P2 opened at 09:00 IST, acknowledged at 09:20 (within its 30 minutes), raised to P1 at
// 09:40. The response was met under P2 and stays met; the resolution clock, still running, is
// re-timed from creation under P1 (2 h: due 11:00 IST).
TEST_F(CliSlaClocks, RaisingThePriorityAfterTheAckKeepsAMetResponseMet) {
  auto id = open("Checkout slow", "P2", "2026-11-24T03:30:00Z");
  run_at("2026-11-24T03:50:00Z", {"incident", "ack", id});
  run_at("2026-11-24T04:10:00Z", {"incident", "priority", id, "P1", "-m", "customers affected"});
  auto j = show(id, at("2026-11-24T04:20:00Z"));
  EXPECT_EQ(j["priority"], "P1");
  EXPECT_EQ(j["sla"]["response_due"], "2026-11-24T04:00:00Z");  // 03:30 + 30m (P2)
  EXPECT_EQ(j["sla"]["response_breached"], false);
  EXPECT_EQ(j["sla"]["response_s"], 20 * 60);
  EXPECT_EQ(j["sla"]["resolution_due"], "2026-11-24T05:30:00Z");  // 03:30 + 2h (P1)
  EXPECT_EQ(j["sla"]["resolution_breached"], false);

  auto human = hc({"incident", "show", id}, at("2026-11-24T04:20:00Z"));
  ASSERT_EXIT_CODE(human, 0);
  EXPECT_NE(human.out.find("30m by 09:30 IST — met (as P2, its priority when acknowledged)"), std::string::npos)
      << human.out;
  // `list --breached` agrees: nothing is breached.
  auto breached = hc({"incident", "list", "--breached", "--json"}, at("2026-11-24T04:20:00Z"));
  ASSERT_EXIT_CODE(breached, 0);
  EXPECT_EQ(json::parse(breached.out).size(), 0u) << breached.out;

  // Not acknowledged before the raise: that response clock was still running and is re-timed.
  auto late = open("Queue stuck", "P3", "2026-11-24T03:30:00Z");
  run_at("2026-11-24T03:40:00Z", {"incident", "priority", late, "P1", "-m", "all queues"});
  auto k = show(late, at("2026-11-24T03:50:00Z"));
  EXPECT_EQ(k["sla"]["response_due"], "2026-11-24T03:45:00Z");  // 03:30 + 15m (P1)
  EXPECT_EQ(k["sla"]["response_breached"], true);
}

// Bug 3: resolution time is the time the incident was not resolved. HWNX: a P2 opened at 03:00Z,
// resolved at 06:55Z (3h55m, in its 4 h), reopened the next day at 03:00Z and resolved again at
// 03:04Z: 3h55m + 4m = 3h59m, met. The 20h05m it sat resolved never counts.
TEST_F(CliSlaClocks, ReopeningDoesNotCountTheTimeAnIncidentSatResolved) {
  auto id = open("Payments failing", "P2", "2026-11-23T03:00:00Z");
  run_at("2026-11-23T03:10:00Z", {"incident", "ack", id});
  run_at("2026-11-23T06:55:00Z", {"incident", "resolve", id, "--root-cause", "pool", "--resolution", "bigger pool"});
  run_at("2026-11-24T03:00:00Z", {"incident", "reopen", id, "-m", "back again"});

  // Reopened: the clock resumes with 5 minutes of the 4 hours left (due 03:05Z).
  auto open_now = show(id, at("2026-11-24T03:02:00Z"));
  EXPECT_EQ(open_now["sla"]["resolution_due"], "2026-11-24T03:05:00Z");
  EXPECT_EQ(open_now["sla"]["resolution_breached"], false);
  EXPECT_TRUE(open_now["sla"]["resolution_s"].is_null());
  auto list = hc({"incident", "list"}, at("2026-11-24T03:02:00Z"));
  ASSERT_EXIT_CODE(list, 0);
  EXPECT_NE(list.out.find("resolve in 3m"), std::string::npos) << list.out;

  run_at("2026-11-24T03:04:00Z", {"incident", "resolve", id, "--root-cause", "pool", "--resolution", "pool fixed"});
  auto done = show(id, at("2026-11-25T00:00:00Z"));
  EXPECT_EQ(done["sla"]["resolution_s"], 3 * 3600 + 59 * 60);
  EXPECT_EQ(done["sla"]["resolution_breached"], false);
  auto human = hc({"incident", "show", id}, at("2026-11-25T00:00:00Z"));
  EXPECT_NE(human.out.find("(resolution time 3h59m, not counting 20h5m it sat resolved before a reopen)"),
            std::string::npos)
      << human.out;

  // The summary's MTTR is the same figure.
  auto summary = hc({"report", "summary", "--json"}, at("2026-11-28T00:00:00Z"));
  ASSERT_EXIT_CODE(summary, 0);
  auto s = json::parse(summary.out);
  EXPECT_EQ(s["incidents"]["all"]["resolution"]["mean_s"], 3 * 3600 + 59 * 60) << summary.out;
}

// Bug 7: duplicates and false alarms are resolutions of their own kind, listed and never counted.
TEST_F(CliSlaClocks, DuplicatesAndFalseAlarmsAreListedButNotCounted) {
  auto real = open("Payments down", "P1", "2026-11-24T03:00:00Z");
  auto dup = open("Payments down again", "P1", "2026-11-24T03:01:00Z");
  auto noise = open("Disk alarm", "P1", "2026-11-24T03:02:00Z");
  run_at("2026-11-24T03:05:00Z", {"incident", "ack", real});
  run_at("2026-11-24T04:05:00Z", {"incident", "resolve", real, "--root-cause", "db", "--resolution", "failover"});

  auto missing = hc({"incident", "resolve", dup}, at("2026-11-24T03:10:00Z"));
  EXPECT_EXIT_CODE(missing, 64);
  EXPECT_NE(missing.err.find("--root-cause is required"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("--duplicate-of"), std::string::npos) << missing.err;
  auto self = hc({"incident", "resolve", dup, "--duplicate-of", dup}, at("2026-11-24T03:10:00Z"));
  EXPECT_EXIT_CODE(self, 64);
  auto nowhere = hc({"incident", "resolve", dup, "--duplicate-of", "INC-20261124-ZZZZ"}, at("2026-11-24T03:10:00Z"));
  EXPECT_EXIT_CODE(nowhere, 66);
  auto both = hc({"incident", "resolve", dup, "--duplicate-of", real, "--false-alarm"}, at("2026-11-24T03:10:00Z"));
  EXPECT_EXIT_CODE(both, 64);

  auto d = hc({"incident", "resolve", dup, "--duplicate-of", real}, at("2026-11-24T03:10:00Z"));
  ASSERT_EXIT_CODE(d, 0);
  EXPECT_NE(d.out.find("resolved as a duplicate of " + real), std::string::npos) << d.out;
  run_at("2026-11-24T05:00:00Z", {"incident", "resolve", noise, "--false-alarm", "--root-cause", "a test alert"});
  auto j = show(dup, at("2026-11-25T00:00:00Z"));
  EXPECT_EQ(j["resolution_kind"], "duplicate");
  EXPECT_EQ(j["duplicate_of"], real);
  EXPECT_EQ(show(noise, at("2026-11-25T00:00:00Z"))["resolution_kind"], "false_alarm");
  EXPECT_EQ(show(real, at("2026-11-25T00:00:00Z"))["resolution_kind"], "fixed");

  // Breached as they are (the noise was never acknowledged), they count nowhere.
  auto breached = hc({"incident", "list", "--all", "--breached", "--json"}, at("2026-11-25T00:00:00Z"));
  ASSERT_EXIT_CODE(breached, 0);
  EXPECT_EQ(json::parse(breached.out).size(), 0u) << breached.out;
  auto summary = hc({"report", "summary", "--json"}, at("2026-11-28T00:00:00Z"));
  ASSERT_EXIT_CODE(summary, 0);
  auto s = json::parse(summary.out);
  EXPECT_EQ(s["incidents"]["all"]["count"], 1) << summary.out;
  EXPECT_EQ(s["incidents"]["excluded"], 2) << summary.out;
  auto md = hc({"report", "summary"}, at("2026-11-28T00:00:00Z"));
  EXPECT_NE(md.out.find("2 incidents left out of the figures (1 duplicate, 1 false alarm)"), std::string::npos) << md.out;
}

}  // namespace
