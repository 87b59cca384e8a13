// `status` and handovers: the last one and its sign-off, and a shift change that passed more than
// 30 minutes ago without one.
#include "handover_fixture.hpp"

namespace hctest {
namespace {

class HandoverStatusTest : public HandoverTest {};

TEST_F(HandoverStatusTest, WarnsWhenAShiftChangePassedWithoutAHandover) {
  init_ops();
  // 22:45 IST: dev3 → dev1 happened at 22:00.
  auto r = hc({"status"}, at("2026-11-27T17:15:00Z"));
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("handover missing: the shift changed dev3 → dev1 at 22:00 IST (45m ago) with no handover "
                       "(hypercare handover new)"),
            std::string::npos)
      << r.out;
  auto j = nlohmann::json::parse(hc({"status", "--json"}, at("2026-11-27T17:15:00Z")).out);
  EXPECT_EQ(j["handover"]["last"], nullptr);
  EXPECT_EQ(j["handover"]["missing"]["shift_change"], "2026-11-27T16:30:00Z");
  EXPECT_EQ(j["handover"]["missing"]["from"], "dev3");
  EXPECT_EQ(j["handover"]["missing"]["to"], "dev1");

  // Within the 30 minutes it is not late yet.
  auto early = hc({"status"}, at("2026-11-27T16:50:00Z"));
  EXPECT_EQ(early.out.find("handover missing"), std::string::npos) << early.out;
  EXPECT_EQ(nlohmann::json::parse(hc({"status", "--json"}, at("2026-11-27T16:50:00Z")).out)["handover"]["missing"], nullptr);
}

TEST_F(HandoverStatusTest, ShowsTheLastHandoverAndWhetherItWasAccepted) {
  init_ops();
  auto id = new_handover({}, k_handover_now);
  auto r = hc({"status"}, at("2026-11-27T17:15:00Z"));
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("handover " + id + " dev3 → dev1 at 21:45 IST (1h ago) · not accepted yet"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("handover missing"), std::string::npos) << r.out;

  ASSERT_EXIT_CODE(hc({"handover", "accept", "--confirm", "dashboards"}, at("2026-11-27T16:40:00Z")), 0);
  r = hc({"status"}, at("2026-11-27T17:15:00Z"));
  EXPECT_NE(r.out.find("· accepted by dev1, 3 unconfirmed"), std::string::npos) << r.out;
  auto j = nlohmann::json::parse(hc({"status", "--json"}, at("2026-11-27T17:15:00Z")).out);
  EXPECT_EQ(j["handover"]["last"]["id"], id);
  EXPECT_EQ(j["handover"]["last"]["accepted"], true);
  EXPECT_EQ(j["handover"]["last"]["unconfirmed_count"], 3);
  EXPECT_EQ(j["handover"]["missing"], nullptr);

  // The next change (06:00 IST, dev1 → dev3) is not covered by this one, but the window (2026-11-23
  // to 27) has ended by then: hypercare no longer asks for handovers.
  auto later = hc({"status"}, at("2026-11-28T01:15:00Z"));
  EXPECT_EQ(later.out.find("handover missing"), std::string::npos) << later.out;
}

TEST_F(HandoverStatusTest, NothingIsMissingWithoutARota) {
  init_ops();
  fs::remove(ops / "rota.toml");
  auto r = hc({"status", "--json"}, at("2026-11-27T17:15:00Z"));
  ASSERT_EXIT_CODE(r, 0);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["handover"]["missing"], nullptr);
  EXPECT_EQ(j["handover"]["last"], nullptr);
}

}  // namespace
}  // namespace hctest
