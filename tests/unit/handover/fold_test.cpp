// A handover from its events: created, then sign-offs; bad records name file:line.
#include "hypercare/handover/fold.hpp"

#include <gtest/gtest.h>

namespace hypercare::handover {
namespace {

store::JsonlFile file_of(const std::string& text) {
  auto f = store::parse_jsonl(text, "HO.jsonl");
  EXPECT_TRUE(f) << f.error().message;
  return *f;
}

const std::string k_created =
    R"({"v":1,"id":"01A","ts":"2026-11-27T16:15:00Z","actor":"dev3","type":"created","handover":"HO-20261127-7K2M",)"
    R"("from":"dev3","to":"dev1","shift_start":"2026-11-27T08:30:00Z","shift_end":"2026-11-27T16:30:00Z",)"
    R"("notes":["n"],"watch":["w"],"scheduled":[{"at":"2026-11-27T20:30:00Z","activity":"backup"}],)"
    R"("sections":[{"heading":"Contacts","text":"x"}],"snapshot":{"counts":{"open":1}}})"
    "\n";

TEST(HandoverFold, CreatedThenAcceptances) {
  auto text = k_created +
              R"({"v":1,"id":"01C","ts":"2026-11-27T16:40:00Z","actor":"dev1","type":"accepted","by":"dev1","as_other":false,"confirmed":["access"]})"
              "\n" +
              R"({"v":1,"id":"01B","ts":"2026-11-27T16:35:00Z","actor":"lead","type":"accepted","by":"lead","as_other":true,"confirmed":["dashboards","tickets"]})"
              "\n";
  auto h = fold(file_of(text), "HO.jsonl");
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->id, "HO-20261127-7K2M");
  EXPECT_EQ(h->from, "dev3");
  EXPECT_EQ(h->to, "dev1");
  EXPECT_EQ(h->created_by, "dev3");
  EXPECT_EQ(h->scheduled.size(), 1u);
  EXPECT_EQ(h->sections[0].heading, "Contacts");
  EXPECT_EQ(h->snapshot["counts"]["open"], 1);
  ASSERT_EQ(h->acceptances.size(), 2u);
  EXPECT_EQ(h->first_acceptance()->by, "lead");  // in time order, not file order
  EXPECT_TRUE(h->first_acceptance()->as_other);
  EXPECT_EQ(h->confirmed(), (std::vector<std::string>{"dashboards", "tickets", "access"}));
  EXPECT_EQ(h->unconfirmed(), (std::vector<std::string>{"contacts"}));
}

TEST(HandoverFold, BadRecordsNameTheLine) {
  auto no_created = fold(file_of(R"({"v":1,"id":"01B","ts":"2026-11-27T16:35:00Z","type":"accepted"})"
                                 "\n"),
                         "HO.jsonl");
  ASSERT_FALSE(no_created);
  EXPECT_EQ(no_created.error().kind, core::ErrorKind::data);
  EXPECT_NE(no_created.error().message.find("HO.jsonl:1: no `created` event"), std::string::npos);

  auto bad_item = fold(file_of(k_created + R"({"v":1,"id":"01B","ts":"2026-11-27T16:35:00Z","type":"accepted","confirmed":["coffee"]})"
                                           "\n"),
                       "HO.jsonl");
  ASSERT_FALSE(bad_item);
  EXPECT_NE(bad_item.error().message.find("HO.jsonl:2: unknown checklist item 'coffee'"), std::string::npos)
      << bad_item.error().message;

  std::string no_snapshot = k_created;
  no_snapshot.replace(no_snapshot.find(",\"snapshot\""), std::string(",\"snapshot\":{\"counts\":{\"open\":1}}").size(), "");
  auto missing = fold(file_of(no_snapshot), "HO.jsonl");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("HO.jsonl:1: a created event needs the 'snapshot' object"), std::string::npos)
      << missing.error().message;

  std::string bad_time = k_created;
  bad_time.replace(bad_time.find("2026-11-27T08:30:00Z"), 20, "yesterday");
  auto t = fold(file_of(bad_time), "HO.jsonl");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("HO.jsonl:1: field 'shift_start'"), std::string::npos) << t.error().message;
}

}  // namespace
}  // namespace hypercare::handover
