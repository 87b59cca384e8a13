// The outbox on disk and the queue in front of it: one file per notification named by its id
// (never by anything secret), ids that keep the order events happened in even with a frozen
// clock, delivered entries moved to sent.jsonl, a damaged file skipped with a warning.
#include "hypercare/notify/outbox.hpp"

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "hypercare/notify/queue.hpp"
#include "notify_fixture.hpp"

namespace hypercare::notify {
namespace {

namespace fs = std::filesystem;
using namespace testing;
using config::ChannelKind;
using config::Priority;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() / ("hc-outbox-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
    m_cfg = team_config();
    auto pd = channel(ChannelKind::pagerduty, "pd", {"incident.created", "incident.acknowledged", "incident.resolved"},
                      Priority::P2);
    auto slack = channel(ChannelKind::slack, "slack", {"incident.*"});
    m_cfg.notify.channels = {pd, slack};
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(m_dir);
  }
  std::vector<Entry> list(const Outbox& o) {
    auto l = o.list([this](const std::string& m) { m_warnings.push_back(m); });
    EXPECT_TRUE(l) << l.error().message;
    return l ? *l : std::vector<Entry>{};
  }
  fs::path m_dir;
  config::HypercareConfig m_cfg;
  std::vector<std::string> m_warnings;
};

TEST_F(OutboxTest, EnqueueWritesOneFilePerWantingChannelInEventOrder) {
  Outbox o(m_dir);
  auto inc = sample_incident(Priority::P1);
  std::vector<Event> events = {incident_event("incident.created", inc, m_cfg, t0(), "dev1"),
                               incident_event("incident.assigned", inc, m_cfg, t0(), "dev1"),
                               incident_event("incident.acknowledged", inc, m_cfg, t0(), "dev2")};
  auto q = enqueue(o, m_cfg, events, t0(), counting_random());
  ASSERT_TRUE(q) << q.error().message;
  // created → pd + slack; assigned → slack only (PagerDuty has no action for it); ack → pd + slack.
  ASSERT_EQ(q->size(), 5u);
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& e : *q) got.emplace_back(e.channel, e.event);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{{"pd", "incident.created"},
                                                                   {"slack", "incident.created"},
                                                                   {"slack", "incident.assigned"},
                                                                   {"pd", "incident.acknowledged"},
                                                                   {"slack", "incident.acknowledged"}}));
  for (std::size_t i = 1; i < q->size(); ++i) EXPECT_LT((*q)[i - 1].id, (*q)[i].id);
  auto on_disk = list(o);
  ASSERT_EQ(on_disk.size(), 5u);
  for (std::size_t i = 0; i < on_disk.size(); ++i) {
    EXPECT_EQ(on_disk[i].id, (*q)[i].id);
    EXPECT_TRUE(fs::exists(m_dir / ".hypercare" / "outbox" / ((*q)[i].id + ".json")));
    EXPECT_EQ(on_disk[i].key, "INC-20261127-7K2M");
    EXPECT_EQ(on_disk[i].state, EntryState::pending);
    EXPECT_EQ(on_disk[i].attempts, 0);
    EXPECT_EQ(on_disk[i].next_at, t0());
  }
  EXPECT_EQ(on_disk[0].kind, "pagerduty");
  EXPECT_EQ(on_disk[0].summary, "INC-20261127-7K2M P1 Critical incident opened: Payments API down");
  EXPECT_EQ(on_disk[0].body["event_action"], "trigger");
  EXPECT_FALSE(on_disk[0].body.contains("routing_key"));
}

TEST_F(OutboxTest, ALowPriorityIncidentDoesNotReachAP2Channel) {
  Outbox o(m_dir);
  auto q = enqueue(o, m_cfg, {incident_event("incident.created", sample_incident(Priority::P3), m_cfg, t0(), "dev1")},
                   t0(), counting_random());
  ASSERT_TRUE(q);
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0].channel, "slack");
}

TEST_F(OutboxTest, IdsKeepIncreasingAcrossRunsWithAFrozenOrBackwardClock) {
  Outbox o(m_dir);
  auto e = incident_event("incident.created", sample_incident(), m_cfg, t0(), "dev1");
  std::string last;
  for (int run = 0; run < 20; ++run) {
    // A frozen clock, a clock gone back an hour, and a random source that always says the same.
    auto now = run % 2 ? t0() : t0() - std::chrono::hours(1);
    auto q = enqueue(o, m_cfg, {e}, now, fixed_random(42));
    ASSERT_TRUE(q);
    for (const auto& x : *q) {
      EXPECT_GT(x.id, last) << "run " << run;
      last = x.id;
    }
  }
  EXPECT_EQ(list(o).size(), 40u);
  EXPECT_EQ(o.last_id(), last);
}

TEST_F(OutboxTest, EntriesRoundTripThroughJson) {
  Entry e;
  e.id = "01JABC";
  e.channel = "pd";
  e.kind = "pagerduty";
  e.event = "incident.created";
  e.key = "INC-1";
  e.summary = "s";
  e.body = {{"a", 1}};
  e.created_at = t0();
  e.next_at = t0() + std::chrono::seconds(90);
  e.attempts = 3;
  e.last_status = 503;
  e.last_error = "HTTP 503 busy";
  e.state = EntryState::dead;
  auto back = entry_from_json(entry_to_json(e));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(entry_to_json(*back), entry_to_json(e));
  EXPECT_EQ(entry_to_json(e)["state"], "dead");
  auto bad = entry_to_json(e);
  bad["state"] = "lost";
  EXPECT_EQ(entry_from_json(bad).error().kind, core::ErrorKind::data);
  bad.erase("channel");
  EXPECT_EQ(entry_from_json(bad).error().kind, core::ErrorKind::data);
}

TEST_F(OutboxTest, DeliveredMovesTheEntryToTheSentLog) {
  Outbox o(m_dir);
  auto q = enqueue(o, m_cfg, {incident_event("incident.created", sample_incident(), m_cfg, t0(), "dev1")}, t0(),
                   counting_random());
  ASSERT_TRUE(q);
  auto e = (*q)[0];
  e.attempts = 2;
  ASSERT_TRUE(o.delivered(e, t0() + std::chrono::seconds(5), 202));
  EXPECT_FALSE(fs::exists(o.dir() / (e.id + ".json")));
  auto sent = o.sent([](const std::string&) {});
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->size(), 1u);
  EXPECT_EQ((*sent)[0].id, e.id);
  EXPECT_EQ((*sent)[0].channel, "pd");
  EXPECT_EQ((*sent)[0].event, "incident.created");
  EXPECT_EQ((*sent)[0].key, "INC-20261127-7K2M");
  EXPECT_EQ((*sent)[0].status, 202);
  EXPECT_EQ((*sent)[0].attempts, 2);
  EXPECT_EQ((*sent)[0].at, t0() + std::chrono::seconds(5));
  EXPECT_EQ(list(o).size(), 1u);  // the slack one is still queued; sent.jsonl is not an entry
}

TEST_F(OutboxTest, ADamagedEntryIsSkippedWithAWarningNamingIt) {
  Outbox o(m_dir);
  auto q = enqueue(o, m_cfg, {incident_event("incident.created", sample_incident(), m_cfg, t0(), "dev1")}, t0(),
                   counting_random());
  ASSERT_TRUE(q);
  std::ofstream(o.dir() / "01ZZZZ.json") << "{\"id\": \"01ZZZZ\", \"chan";  // cut off
  std::ofstream(o.dir() / ".hidden.json") << "not even json";              // ignored: not an entry name
  std::ofstream(o.dir() / "notes.txt") << "ignored";
  auto l = list(o);
  EXPECT_EQ(l.size(), 2u);
  ASSERT_EQ(m_warnings.size(), 1u);
  EXPECT_NE(m_warnings[0].find("01ZZZZ.json"), std::string::npos) << m_warnings[0];
  EXPECT_NE(m_warnings[0].find("delete the file to drop it"), std::string::npos) << m_warnings[0];
}

TEST_F(OutboxTest, NoOutboxDirIsAnEmptyOutbox) {
  Outbox o(m_dir / "nowhere");
  EXPECT_TRUE(list(o).empty());
  EXPECT_EQ(o.last_id(), "");
  auto sent = o.sent([](const std::string&) {});
  ASSERT_TRUE(sent);
  EXPECT_TRUE(sent->empty());
}

}  // namespace
}  // namespace hypercare::notify
