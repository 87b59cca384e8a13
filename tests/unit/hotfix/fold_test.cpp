// A hotfix from its events: status, steps, previous, the later rollback, and malformed records.
#include "hypercare/hotfix/fold.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "hypercare/hotfix/json.hpp"

namespace hypercare::hotfix {
namespace {

store::JsonlFile file(std::string_view text) {
  auto f = store::parse_jsonl(text, "HF.jsonl");
  EXPECT_TRUE(f) << f.error().message;
  return *f;
}

constexpr std::string_view k_created =
    R"({"v":1,"id":"01A","ts":"2026-11-27T03:00:00Z","actor":"dev1","type":"created","hotfix":"HF-20261127-7K2M","tag":"1.2.3","component":"odoo","incident":null,"host":"ops-1","pid":42})"
    "\n";

std::string step(std::string_view id, std::string_view ts, std::string_view name, std::string_view status, std::string_view extra = "") {
  return fmt::format(R"({{"v":1,"id":"{}","ts":"{}","actor":"dev1","type":"step","step":"{}","index":1,"attempt":1,"status":"{}","exit_code":0,"duration_ms":12,"output_tail":"out","command":"x"{}}})",
                     id, ts, name, status, extra) +
         "\n";
}

TEST(HotfixFold, ARunningHotfixHasNoEnd) {
  auto h = fold(file(std::string(k_created) + step("01B", "2026-11-27T03:00:01Z", "precheck", "ok")), "HF.jsonl");
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->id, "HF-20261127-7K2M");
  EXPECT_EQ(h->tag, "1.2.3");
  EXPECT_EQ(h->component, "odoo");
  EXPECT_FALSE(h->incident);
  EXPECT_EQ(h->host, "ops-1");
  EXPECT_EQ(h->pid, 42);
  EXPECT_EQ(h->actor, "dev1");
  EXPECT_EQ(h->status, Status::running);
  EXPECT_FALSE(h->finished_at);
  EXPECT_FALSE(h->deployed());
  ASSERT_EQ(h->steps.size(), 1u);
  EXPECT_EQ(h->steps[0].phase, "deploy");
  EXPECT_EQ(h->steps[0].duration_ms, 12);
}

TEST(HotfixFold, StepsPreviousAndTheEndInTimeOrder) {
  std::string text = std::string(k_created) +
                     R"({"v":1,"id":"01F","ts":"2026-11-27T03:02:00Z","actor":"dev1","type":"finished","status":"rolled_back","message":"smoke failed"})"
                     "\n" +
                     step("01C", "2026-11-27T03:00:02Z", "deploy", "ok") +
                     R"({"v":1,"id":"01B","ts":"2026-11-27T03:00:01Z","actor":"dev1","type":"previous","previous":"img:1.2.2"})"
                     "\n" +
                     step("01D", "2026-11-27T03:01:00Z", "smoke", "failed", R"(,"signal":9)") +
                     step("01E", "2026-11-27T03:01:30Z", "rollback", "ok");
  auto h = fold(file(text), "HF.jsonl");
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->status, Status::rolled_back);
  EXPECT_EQ(h->message, "smoke failed");
  EXPECT_EQ(h->previous, "img:1.2.2");
  EXPECT_EQ(core::format_rfc3339(*h->finished_at), "2026-11-27T03:02:00Z");
  ASSERT_EQ(h->steps.size(), 3u);
  EXPECT_EQ(h->steps[1].name, "smoke");
  EXPECT_EQ(h->steps[1].signal, 9);
  EXPECT_EQ(h->steps[2].phase, "rollback");
  EXPECT_TRUE(h->deployed());
}

TEST(HotfixFold, ALaterRollbackMakesItRunningThenRolledBack) {
  std::string text = std::string(k_created) + step("01B", "2026-11-27T03:00:01Z", "deploy", "ok") +
                     R"({"v":1,"id":"01C","ts":"2026-11-27T03:00:02Z","actor":"dev1","type":"finished","status":"succeeded","message":"live"})"
                     "\n"
                     R"({"v":1,"id":"01D","ts":"2026-11-27T04:00:00Z","actor":"dev2","type":"rollback_requested","reason":"errors up"})"
                     "\n";
  auto h = fold(file(text), "HF.jsonl");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, Status::running);
  EXPECT_FALSE(h->finished_at);
  ASSERT_EQ(h->rollbacks.size(), 1u);
  EXPECT_EQ(h->rollbacks[0].actor, "dev2");
  EXPECT_EQ(h->rollbacks[0].reason, "errors up");
  EXPECT_EQ(h->rollbacks[0].steps_before, 1u);
  text += step("01E", "2026-11-27T04:00:01Z", "rollback", "ok") +
          R"({"v":1,"id":"01F","ts":"2026-11-27T04:00:02Z","actor":"dev2","type":"finished","status":"rolled_back","message":"back"})"
          "\n";
  h = fold(file(text), "HF.jsonl");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, Status::rolled_back);
  EXPECT_EQ(core::format_rfc3339(*h->finished_at), "2026-11-27T04:00:02Z");
  auto j = to_json(*h, std::nullopt);
  EXPECT_EQ(j["status"], "rolled_back");
  EXPECT_EQ(j["steps"].size(), 2u);
  EXPECT_EQ(j["steps"][0]["name"], "deploy");
  EXPECT_EQ(j["steps"][0]["exit_code"], 0);
  EXPECT_EQ(j["steps"][0]["output_tail"], "out");
  EXPECT_EQ(j["process"], nullptr);
}

TEST(HotfixFold, MalformedRecordsNameFileAndLine) {
  auto no_created = fold(file(step("01B", "2026-11-27T03:00:01Z", "deploy", "ok")), "HF.jsonl");
  ASSERT_FALSE(no_created);
  EXPECT_EQ(no_created.error().kind, core::ErrorKind::data);
  EXPECT_EQ(no_created.error().message, "HF.jsonl:1: no `created` event: this is not a hotfix record");

  auto bad_status = fold(file(std::string(k_created) + step("01B", "2026-11-27T03:00:01Z", "deploy", "great")), "HF.jsonl");
  ASSERT_FALSE(bad_status);
  EXPECT_EQ(bad_status.error().message, "HF.jsonl:2: unknown step status 'great'");

  auto bad_type = fold(file(std::string(k_created) +
                            R"({"v":1,"id":"01B","ts":"2026-11-27T03:00:01Z","type":"step","step":"deploy","status":"ok","exit_code":"zero"})"
                            "\n"),
                       "HF.jsonl");
  ASSERT_FALSE(bad_type);
  EXPECT_EQ(bad_type.error().message, "HF.jsonl:2: field 'exit_code' has the wrong type");

  auto running_end = fold(file(std::string(k_created) +
                               R"({"v":1,"id":"01B","ts":"2026-11-27T03:00:01Z","type":"finished","status":"running"})"
                               "\n"),
                          "HF.jsonl");
  ASSERT_FALSE(running_end);
}

TEST(HotfixFold, TwoCreationsAreCountedUnknownEventsSkipped) {
  std::string other = R"({"v":1,"id":"01Z","ts":"2026-11-27T03:05:00Z","actor":"dev3","type":"created","hotfix":"HF-20261127-7K2M","tag":"9.9","component":"api"})"
                      "\n";
  std::string future = R"({"v":1,"id":"01Y","ts":"2026-11-27T03:04:00Z","actor":"dev3","type":"annotated","text":"later version"})"
                       "\n";
  auto h = fold(file(std::string(k_created) + future + other), "HF.jsonl");
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->duplicate_creations, 1u);
  EXPECT_EQ(h->tag, "1.2.3");
}

}  // namespace
}  // namespace hypercare::hotfix
