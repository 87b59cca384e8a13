// From one shift's handover to the next (issue 18): one pending handover per shift change (a second
// is refused, or supersedes the draft with --replace), scheduled items carried until their time,
// watch items until someone clears them with --done.
#include "handover_fixture.hpp"

namespace hctest {
namespace {

using nlohmann::json;

class HandoverCarryTest : public HandoverTest {
 protected:
  void SetUp() override { init_ops(true); }
  json made(const std::vector<std::string>& args, const std::string& now, const Env& extra = {}) {
    auto a = args;
    a.insert(a.begin(), {"handover", "new"});
    a.push_back("--json");
    Env e = at(now);
    e.insert(extra.begin(), extra.end());
    auto r = hc(a, e);
    EXPECT_EXIT_CODE(r, 0);
    return json::parse(r.out, nullptr, false);
  }
};

TEST_F(HandoverCarryTest, ASecondHandoverForOneShiftChangeIsRefusedOrReplacesTheDraft) {
  auto first = made({"--note", "first try"}, k_handover_now, {{"HYPERCARE_USER", "dev3"}});
  auto again = hc({"handover", "new", "--note", "second try"}, {{"HYPERCARE_NOW", k_handover_now}, {"HYPERCARE_USER", "dev3"}});
  EXPECT_EXIT_CODE(again, 65);
  EXPECT_NE(again.err.find(first["id"].get<std::string>() + " (dev3 → dev1"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("hint: hypercare handover new --replace supersedes it"), std::string::npos) << again.err;
  EXPECT_EQ(json::parse(hc({"handover", "list", "--json"}).out).size(), 1u) << "nothing written";

  auto second = made({"--note", "second try", "--replace"}, "2026-11-27T16:20:00Z", {{"HYPERCARE_USER", "dev3"}});
  EXPECT_EQ(second["replaces"], first["id"]);
  auto list = json::parse(hc({"handover", "list", "--json"}).out);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["superseded_by"], second["id"]) << list.dump();
  auto text = hc({"handover", "list"});
  EXPECT_NE(text.out.find("superseded by " + second["id"].get<std::string>()), std::string::npos) << text.out;
  EXPECT_EQ(json::parse(hc({"handover", "list", "--pending", "--json"}).out).size(), 1u) << "the draft waits no more";
  auto old = hc({"handover", "accept", first["id"].get<std::string>()}, {{"HYPERCARE_USER", "dev1"}});
  EXPECT_EXIT_CODE(old, 65);
  EXPECT_NE(old.err.find("superseded by " + second["id"].get<std::string>()), std::string::npos) << old.err;
  ASSERT_EXIT_CODE(hc({"handover", "accept", "--all"}, {{"HYPERCARE_USER", "dev1"}, {"HYPERCARE_NOW", "2026-11-27T16:40:00Z"}}), 0);
  // --replace with nothing waiting is a mistake worth saying.
  auto none = hc({"handover", "new", "--replace"}, {{"HYPERCARE_NOW", "2026-11-27T16:45:00Z"}, {"HYPERCARE_USER", "dev3"}});
  EXPECT_EXIT_CODE(none, 64);
}

TEST_F(HandoverCarryTest, ScheduledAndWatchItemsCarryForward) {
  // The evening handover (dev3 → dev1 at 22:00 IST) plans the night.
  made({"--scheduled", "23:00 odoo worker recycle", "--scheduled", "02:00 DB backup verification", "--watch",
        "disk on db-1 at 82%", "--watch", "payment retries"},
       k_handover_now, {{"HYPERCARE_USER", "dev3"}});
  // The morning one (dev1 → dev2 at 06:00 IST, 00:30Z): 23:00 has passed, 02:00 too by then...
  auto morning = made({}, "2026-11-28T00:15:00Z", {{"HYPERCARE_USER", "dev1"}});
  EXPECT_EQ(morning["scheduled"].size(), 0u) << morning["scheduled"].dump();
  EXPECT_EQ(morning["watch"], json::array({"disk on db-1 at 82%", "payment retries"}));
}

TEST_F(HandoverCarryTest, ScheduledItemsStayUntilTheirTimeAndDoneClearsAWatchItem) {
  made({"--scheduled", "2026-11-28 02:00 DB backup verification", "--watch", "disk on db-1 at 82%", "--watch",
        "payment retries"},
       "2026-11-27T08:15:00Z", {{"HYPERCARE_USER", "dev2"}});  // 13:45 IST, before B
  auto later = made({"--done", "Payment Retries", "--watch", "kafka lag"}, k_handover_now, {{"HYPERCARE_USER", "dev3"}});
  ASSERT_EQ(later["scheduled"].size(), 1u) << "02:00 has not come: " << later.dump();
  EXPECT_EQ(later["scheduled"][0]["activity"], "DB backup verification");
  EXPECT_EQ(later["watch"], json::array({"disk on db-1 at 82%", "kafka lag"}));
  auto show = hc({"handover", "show", later["id"].get<std::string>()});
  EXPECT_NE(show.out.find("DB backup verification"), std::string::npos) << show.out;
  // --done must name an item there is.
  auto typo = hc({"handover", "new", "--done", "disk"}, {{"HYPERCARE_NOW", "2026-11-28T00:15:00Z"}, {"HYPERCARE_USER", "dev1"}});
  EXPECT_EXIT_CODE(typo, 64);
  EXPECT_NE(typo.err.find("--done: 'disk' is not an item to watch"), std::string::npos) << typo.err;
  EXPECT_NE(typo.err.find("'disk on db-1 at 82%'"), std::string::npos) << typo.err;
}

}  // namespace
}  // namespace hctest
