#include "hypercare/incident/fold.hpp"

#include <gtest/gtest.h>

#include "hypercare/incident/sla.hpp"

namespace hypercare::incident {
namespace {

using namespace std::chrono_literals;

store::JsonlFile file(std::string_view text) {
  auto f = store::parse_jsonl(text, "INC.jsonl");
  EXPECT_TRUE(f) << f.error().message;
  return *f;
}

constexpr std::string_view k_created =
    R"({"v":1,"id":"01A","ts":"2026-11-27T03:00:00Z","actor":"dev1","type":"created","incident":"INC-20261127-7K2M","title":"Down","priority":"P1","tags":["db"]})"
    "\n";

TEST(Fold, AppliesEventsInTimeOrderWhateverTheLineOrder) {
  std::string text = std::string(k_created) +
                     R"({"v":1,"id":"01C","ts":"2026-11-27T03:30:00Z","actor":"dev2","type":"resolved","root_cause":"disk","resolution":"cleaned"})"
                     "\n"
                     R"({"v":1,"id":"01B","ts":"2026-11-27T03:10:00Z","actor":"dev2","type":"acknowledged"})"
                     "\n";
  auto inc = fold(file(text), "INC.jsonl");
  ASSERT_TRUE(inc) << inc.error().message;
  EXPECT_EQ(inc->id, "INC-20261127-7K2M");
  EXPECT_EQ(inc->status, State::resolved);
  EXPECT_EQ(core::format_rfc3339(*inc->acknowledged_at), "2026-11-27T03:10:00Z");
  EXPECT_EQ(inc->acknowledged_by, "dev2");
  ASSERT_EQ(inc->timeline.size(), 3u);
  EXPECT_EQ(inc->timeline[1].type, "acknowledged");
  EXPECT_EQ(inc->tags, std::vector<std::string>{"db"});
}

TEST(Fold, DuplicateEventIdsCountOnce) {
  std::string note = R"({"v":1,"id":"01B","ts":"2026-11-27T03:10:00Z","actor":"dev2","type":"note","message":"x"})"
                     "\n";
  auto inc = fold(file(std::string(k_created) + note + note), "INC.jsonl");
  ASSERT_TRUE(inc);
  EXPECT_EQ(inc->timeline.size(), 2u);
}

TEST(Fold, ReopenClearsTheResolution) {
  std::string text = std::string(k_created) +
                     R"({"v":1,"id":"01B","ts":"2026-11-27T03:10:00Z","actor":"a","type":"resolved","root_cause":"x","resolution":"y"})"
                     "\n"
                     R"({"v":1,"id":"01C","ts":"2026-11-27T03:20:00Z","actor":"a","type":"reopened","message":"back"})"
                     "\n";
  auto inc = fold(file(text), "INC.jsonl");
  ASSERT_TRUE(inc);
  EXPECT_EQ(inc->status, State::open);
  EXPECT_FALSE(inc->resolved_at);
  EXPECT_TRUE(inc->acknowledged_at) << "resolving counts as a response";
}

TEST(Fold, TwoCreationsAreDetectedAndKeptApart) {
  std::string text = std::string(k_created) +
                     R"({"v":1,"id":"01Z","ts":"2026-11-27T03:05:00Z","actor":"dev3","type":"created","incident":"INC-20261127-7K2M","title":"Other","priority":"P4"})"
                     "\n"
                     R"({"v":1,"id":"020","ts":"2026-11-27T03:06:00Z","actor":"dev3","type":"resolved","origin":"01Z","root_cause":"x","resolution":"y"})"
                     "\n";
  auto inc = fold(file(text), "INC.jsonl");
  ASSERT_TRUE(inc);
  EXPECT_EQ(inc->duplicate_creations, 1u);
  EXPECT_EQ(inc->title, "Down");
  EXPECT_EQ(inc->status, State::open) << "the other incident's events do not apply";
}

// Which breaches are recorded is part of the summary (watch passes over them), the same in a
// summary fold as in a full one; a breach of the other incident that shares the id is not this one's.
TEST(Fold, TheSummarySaysWhichBreachesAreRecorded) {
  std::string text = std::string(k_created) +
                     R"j({"v":1,"id":"01B","ts":"2026-11-27T03:16:00Z","actor":"w","type":"breached","clock":"response","due":"2026-11-27T03:15:00Z","message":"response target of 15m missed (P1 Critical)"})j"
                     "\n"
                     R"j({"v":1,"id":"01C","ts":"2026-11-27T03:17:00Z","actor":"w","type":"breached","origin":"01Z","clock":"resolution","due":"2026-11-27T03:15:00Z","message":"resolution target of 4h missed (P1 Critical)"})j"
                     "\n";
  for (bool timeline : {true, false}) {
    auto inc = fold(file(text), "INC.jsonl", {.timeline = timeline, .before = std::nullopt});
    ASSERT_TRUE(inc) << inc.error().message;
    EXPECT_TRUE(inc->response_breach_recorded);
    EXPECT_FALSE(inc->resolution_breach_recorded);
  }
  auto none = fold(file(k_created), "INC.jsonl");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->response_breach_recorded || none->resolution_breach_recorded);
}

TEST(Fold, EventBeforeCreationIsAnErrorWithItsLine) {
  auto inc = fold(file(R"({"v":1,"id":"01B","ts":"2026-11-27T03:10:00Z","actor":"a","type":"note"})"
                       "\n"),
                  "INC.jsonl");
  ASSERT_FALSE(inc);
  EXPECT_EQ(inc.error().kind, core::ErrorKind::data);
  EXPECT_NE(inc.error().message.find("INC.jsonl:1"), std::string::npos);
}

TEST(Jsonl, MalformedMiddleLineNamesFileAndLine) {
  auto f = store::parse_jsonl(std::string(k_created) + "{not json\n" + std::string(k_created), "x.jsonl");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().kind, core::ErrorKind::data);
  EXPECT_NE(f.error().message.find("x.jsonl:2"), std::string::npos) << f.error().message;
}

TEST(Jsonl, TornTailIsIgnoredAndReported) {
  auto f = store::parse_jsonl(std::string(k_created) + R"({"v":1,"id":"01B","ts":"2026-11)", "x.jsonl");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->torn_tail);
  EXPECT_EQ(f->lines.size(), 1u);
}

TEST(Jsonl, DepthIsCapped) {
  std::string deep(200, '[');
  deep += std::string(200, ']');
  auto r = store::parse_json(deep, "payload");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::data);
}

TEST(Sla, BreachesFollowAcknowledgementAndResolution) {
  config::HypercareConfig cfg;
  cfg.priorities = config::default_priorities();
  Incident inc;
  inc.priority = config::Priority::P1;
  inc.created_at = *core::parse_rfc3339("2026-11-27T03:00:00Z");
  auto sla = compute_sla(inc, cfg, inc.created_at + 10min);
  EXPECT_FALSE(sla.response_breached);
  EXPECT_EQ(*sla.next_due, inc.created_at + 15min);
  sla = compute_sla(inc, cfg, inc.created_at + 20min);
  EXPECT_TRUE(sla.response_breached);
  inc.acknowledged_at = inc.created_at + 5min;
  sla = compute_sla(inc, cfg, inc.created_at + 3h);
  EXPECT_FALSE(sla.response_breached);
  EXPECT_TRUE(sla.resolution_breached);
  inc.status = State::resolved;
  inc.resolved_at = inc.created_at + 1h;
  sla = compute_sla(inc, cfg, inc.created_at + 30h);
  EXPECT_FALSE(sla.breached());
  EXPECT_FALSE(sla.next_due);
}

}  // namespace
}  // namespace hypercare::incident

namespace hypercare::incident {
namespace {

TEST(Fold, AnEventStampedBeforeTheCreationByASlowClockStillFolds) {
  std::string text =
      R"({"v":1,"id":"01M","ts":"2026-11-27T03:00:30Z","actor":"a","type":"created","incident":"INC-20261127-7K2M","title":"t","priority":"P3"})"
      "\n"
      R"({"v":1,"id":"01A","ts":"2026-11-27T03:00:00Z","actor":"b","type":"acknowledged","origin":"01M"})"
      "\n";
  auto f = store::parse_jsonl(text, "x.jsonl");
  ASSERT_TRUE(f);
  auto inc = fold(*f, "x.jsonl");
  ASSERT_TRUE(inc) << inc.error().message;
  EXPECT_EQ(inc->timeline.front().type, "created");
  EXPECT_TRUE(inc->acknowledged_at);
}

}  // namespace
}  // namespace hypercare::incident
