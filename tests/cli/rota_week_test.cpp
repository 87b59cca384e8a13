// The rota as the seed's week used it (issue 18): a sick call with `--from now --for 8h`, overrides
// and swaps that would break min_rest refused unless --force, the lead covering a shift without a
// "lead … lead" chain, and `status` that only nags about handovers inside the hypercare window.
#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

class RotaWeek : public CliTest {
 protected:
  void SetUp() override { init_ops(true); }
  std::size_t recorded() const {
    auto file = ops / "rota/changes.jsonl";
    return fs::exists(file) ? parse_every_line(file).size() : 0;
  }
};

TEST_F(RotaWeek, ASickCallNeedsNoExactTimes) {
  // 2026-11-27 03:00Z is 08:30 IST: the lead, who holds no shift, takes over for the day.
  auto r = hc({"--as", "lead", "rota", "override", "me", "--from", "now", "--for", "8h", "-m", "dev3 is ill", "--json"});
  ASSERT_EXIT_CODE(r, 0);
  auto j = json::parse(r.out);
  EXPECT_EQ(j["member"], "lead") << "me is the actor";
  EXPECT_EQ(j["from"], k_now);
  EXPECT_EQ(j["to"], "2026-11-27T11:00:00Z");
  EXPECT_EQ(json::parse(hc({"rota", "now", "--json"}).out)["primary"]["id"], "lead");
  auto neither = hc({"rota", "override", "dev2", "--from", "now"});
  EXPECT_EXIT_CODE(neither, 64);
  EXPECT_NE(neither.err.find("--to TIME or --for DURATION"), std::string::npos) << neither.err;
  EXPECT_EXIT_CODE(hc({"rota", "override", "dev2", "--from", "now", "--for", "2h", "--to", "2026-11-28 10:00"}), 64);
  auto bad = hc({"rota", "override", "dev2", "--from", "now", "--for", "soon"});
  EXPECT_EXIT_CODE(bad, 64);
  EXPECT_NE(bad.err.find("--for: 'soon' is not a duration"), std::string::npos) << bad.err;
  EXPECT_EQ(recorded(), 1u);
}

TEST_F(RotaWeek, AnOverrideThatBreaksTheRestIsRefusedUnlessForced) {
  // dev1 holds slot C 2026-11-27 22:00 → 2026-11-28 06:00 IST; taking 10:00–12:00 leaves 4h of rest.
  auto r = hc({"rota", "override", "dev1", "--from", "2026-11-28 10:00", "--for", "2h"});
  EXPECT_EXIT_CODE(r, 1);
  EXPECT_NE(r.out.find("dev1 rests only 4h between the shift ending 2026-11-28 06:00 IST and the one starting "
                       "2026-11-28 10:00 IST (min_rest 8h)"),
            std::string::npos)
      << r.describe();
  EXPECT_NE(r.err.find("not recorded: the override would leave the rota with 2 new problems"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(recorded(), 0u) << "nothing is written";
  auto j = hc({"rota", "override", "dev1", "--from", "2026-11-28 10:00", "--for", "2h", "--json"});
  EXPECT_EXIT_CODE(j, 1);
  EXPECT_EQ(json::parse(j.out)["recorded"], false);
  EXPECT_EQ(json::parse(j.out)["problems"][0]["kind"], "rest");
  EXPECT_EQ(j.err, "") << "the answer is on stdout";
  ASSERT_EXIT_CODE(hc({"rota", "override", "dev1", "--from", "2026-11-28 10:00", "--for", "2h", "--force"}), 0);
  EXPECT_EQ(recorded(), 1u);
  // A problem the rota already has does not block an unrelated change.
  ASSERT_EXIT_CODE(hc({"rota", "override", "dev2", "--from", "2026-11-30 10:00", "--for", "1h"}), 0);
}

TEST_F(RotaWeek, ASwapThatBreaksTheRestIsRefusedUnlessForced) {
  // Swapping A and B of 2026-11-28 gives dev1 (C until 06:00) slot A from 06:00: back to back.
  auto r = hc({"rota", "swap", "2026-11-28/A", "2026-11-28/B"});
  EXPECT_EXIT_CODE(r, 1);
  EXPECT_NE(r.out.find("rest"), std::string::npos) << r.describe();
  EXPECT_EQ(recorded(), 0u);
  ASSERT_EXIT_CODE(hc({"rota", "swap", "2026-11-28/A", "2026-11-28/B", "--force"}), 0);
  EXPECT_EQ(recorded(), 1u);
}

TEST_F(RotaWeek, TheLeadCoveringAShiftIsNotAlsoTheLastStep) {
  ASSERT_EXIT_CODE(hc({"rota", "override", "lead", "--from", "now", "--for", "2h", "--force"}), 0);
  auto j = json::parse(hc({"rota", "now", "--json"}).out);
  EXPECT_EQ(j["primary"]["id"], "lead");
  ASSERT_TRUE(j["secondary"].is_object());
  ASSERT_TRUE(j["tertiary"].is_object()) << "someone steps in where the lead would be";
  EXPECT_NE(j["tertiary"]["id"], "lead");
  EXPECT_NE(j["tertiary"]["id"], j["secondary"]["id"]);
  auto text = hc({"rota", "now"});
  EXPECT_EQ(count_of(text.out, "Project Lead"), 2u) << "the on-call line and the primary, not again as tertiary: " << text.out;
}

TEST_F(RotaWeek, StatusNagsAboutHandoversOnlyDuringTheWindow) {
  // Shifts change before the window (2026-11-23 … 27) and after it, with no handover.
  auto before = hc({"status"}, {{"HYPERCARE_NOW", "2026-11-21T03:00:00Z"}});
  ASSERT_EXIT_CODE(before, 0);
  EXPECT_NE(before.out.find("hypercare starts 2026-11-23, in 39h30m (5 days)"), std::string::npos) << before.out;
  EXPECT_EQ(before.out.find("handover missing"), std::string::npos) << before.out;
  EXPECT_NE(before.out.find("on call"), std::string::npos) << "the rota runs already";
  auto after = hc({"status"}, {{"HYPERCARE_NOW", "2026-12-02T03:00:00Z"}});
  ASSERT_EXIT_CODE(after, 0);
  EXPECT_NE(after.out.find("hypercare ended 2026-11-27"), std::string::npos) << after.out;
  EXPECT_EQ(after.out.find("handover missing"), std::string::npos) << after.out;
  EXPECT_NE(after.out.find("on call"), std::string::npos) << "the rota continues";
  auto j = json::parse(hc({"status", "--json"}, {{"HYPERCARE_NOW", "2026-12-02T03:00:00Z"}}).out);
  EXPECT_TRUE(j["handover"]["missing"].is_null());
  // During the window it still does.
  auto during = hc({"status"}, {{"HYPERCARE_NOW", "2026-11-25T17:15:00Z"}});
  EXPECT_NE(during.out.find("handover missing"), std::string::npos) << during.out;
}

}  // namespace
