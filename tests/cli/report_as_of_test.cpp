// Reports as of a point in time (issue 14, bug 1): a report for a closed period is computed from the
// record as it stood at the end of that period, so running it later, or on a clone that has more
// (or fewer) events, prints the same document byte for byte. Team zone Asia/Kolkata (UTC+5:30).
#include "harness.hpp"
#include "report_fixture.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

class ReportAsOf : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    init_ops(false);
  }
  Env at(const std::string& when) const { return {{"HYPERCARE_NOW", when}}; }
  std::string run(const std::vector<std::string>& args, const std::string& when, const fs::path& dir = {}) {
    std::vector<std::string> a = args;
    if (!dir.empty()) a.insert(a.begin(), {"-C", dir.string()});
    auto r = hc(a, at(when));
    EXPECT_EXIT_CODE(r, 0);
    return r.out;
  }
};

// HWNX, a P2 opened on 11-23 at 13:10 IST (07:40Z), resolved at 17:05 IST (11:35Z), five minutes
// before its 4 h deadline (17:10 IST). On day 3 it is reopened and resolved again. The day-1 report does not
// change: not run again on day 2, nor on day 5, nor on a clone that never saw day 3.
TEST_F(ReportAsOf, APastDaysReportNeverChanges) {
  write_incident(ops, "INC-20261123-HWNX", "P2", "2026-11-23T07:40:00Z", "payments", {},
                 {{"2026-11-23T07:50:00Z", "acknowledged", ""}, {"2026-11-23T11:35:00Z", "resolved", k_resolved}});
  write_incident(ops, "INC-20261123-K7QA", "P3", "2026-11-23T09:00:00Z", "api", {},
                 {{"2026-11-23T09:30:00Z", "acknowledged", ""}, {"2026-11-23T10:00:00Z", "resolved", k_resolved}});
  const std::vector<std::string> day1 = {"report", "daily", "--date", "2026-11-23"};
  const std::vector<std::string> day1_json = {"report", "daily", "--date", "2026-11-23", "--json"};
  const std::string day2 = "2026-11-24T06:00:00Z";
  auto md = run(day1, day2);
  auto js = run(day1_json, day2);
  auto d = json::parse(js);
  EXPECT_EQ(d["header"]["as_of"], "2026-11-23T18:30:00Z");  // the end of 11-23 IST
  EXPECT_EQ(d["incidents"]["resolved"], 2);
  EXPECT_EQ(d["incidents"]["open"], 0);
  EXPECT_EQ(d["sla_breaches"].size(), 0u) << js;
  EXPECT_EQ(d["incidents"]["time_to_resolve"]["mean_s"], (3 * 3600 + 55 * 60 + 1 * 3600) / 2);  // 3h55m and 1h
  EXPECT_NE(md.find("2026-11-23 (Monday); times in Asia/Kolkata; as of 2026-11-24 00:00 IST."), std::string::npos) << md;
  EXPECT_EQ(md.find("not over"), std::string::npos) << md;

  // A clone as it was on day 2.
  auto clone = root / "clone";
  fs::copy(ops, clone, fs::copy_options::recursive);

  // Day 3: reopened and resolved again; a new incident; a late note on K7QA.
  ASSERT_EXIT_CODE(hc({"incident", "reopen", "INC-20261123-HWNX", "-m", "back"}, at("2026-11-25T03:00:00Z")), 0);
  ASSERT_EXIT_CODE(hc({"incident", "note", "INC-20261123-K7QA", "-m", "post-mortem done"}, at("2026-11-25T03:05:00Z")), 0);
  ASSERT_EXIT_CODE(hc({"incident", "resolve", "INC-20261123-HWNX", "--root-cause", "pool", "--resolution", "pool fixed"},
                      at("2026-11-25T04:00:00Z")),
                   0);
  new_incident("Day three", "P1", {}, at("2026-11-25T05:00:00Z"));

  for (const std::string& when : {day2, std::string("2026-11-25T06:00:00Z"), std::string("2026-12-30T00:00:00Z")}) {
    EXPECT_EQ(run(day1, when), md) << "run at " << when;
    EXPECT_EQ(run(day1_json, when), js) << "run at " << when;
    EXPECT_EQ(run(day1, when, clone), md) << "the clone, run at " << when;
  }
  // With the cache off (every file folded) too.
  auto nocache = hc(day1, {{"HYPERCARE_NOW", "2026-12-30T00:00:00Z"}, {"HYPERCARE_CACHE", "off"}});
  EXPECT_EQ(nocache.out, md);

  // As of later, the day-3 events show: HWNX was open on 11-25 between 08:30 and 09:30 IST.
  auto later = json::parse(run({"report", "daily", "--date", "2026-11-25", "--json"}, "2026-11-26T00:00:00Z"));
  EXPECT_EQ(later["incidents"]["resolved"], 1);  // HWNX, again
  EXPECT_EQ(later["incidents"]["opened"], 1);    // Day three
}

// --as-of TIME: the summary as the record stood then, the same however many events follow.
TEST_F(ReportAsOf, AsOfTimeLeavesOutWhatCameLater) {
  write_incident(ops, "INC-20261123-AAAA", "P1", "2026-11-23T04:30:00Z", "payments", {},
                 {{"2026-11-23T04:40:00Z", "acknowledged", ""}, {"2026-11-23T06:00:00Z", "resolved", k_resolved}});
  write_incident(ops, "INC-20261124-BBBB", "P2", "2026-11-24T04:00:00Z", "api", {},
                 {{"2026-11-24T04:10:00Z", "acknowledged", ""}, {"2026-11-24T09:00:00Z", "resolved", k_resolved}});
  ASSERT_EXIT_CODE(hc({"feedback", "add", "--score", "5", "--at", "2026-11-23 12:00"}, at("2026-11-23T07:00:00Z")), 0);
  // Answered before the as-of time but imported after it: answers count by when they were given.
  ASSERT_EXIT_CODE(hc({"feedback", "add", "--score", "1", "--at", "2026-11-23 13:00"}, at("2026-11-25T07:00:00Z")), 0);
  // Answered after it: left out.
  ASSERT_EXIT_CODE(hc({"feedback", "add", "--score", "1", "--at", "2026-11-24 12:30"}, at("2026-11-25T07:00:00Z")), 0);

  const std::vector<std::string> args = {"report", "summary", "--json", "--as-of", "2026-11-24 12:00"};
  auto before = run(args, "2026-11-25T08:00:00Z");
  auto s = json::parse(before);
  EXPECT_EQ(s["header"]["as_of"], "2026-11-24T06:30:00Z");
  EXPECT_EQ(s["period"]["until"], "2026-11-24T06:30:00Z");
  EXPECT_EQ(s["incidents"]["total"], 2);
  EXPECT_EQ(s["incidents"]["all"]["open"], 1);  // BBBB was resolved at 14:30 IST, after 12:00
  EXPECT_EQ(s["incidents"]["all"]["resolved"], 1);
  EXPECT_EQ(s["satisfaction"]["responses"], 2) << before;  // the third was answered after 12:00

  ASSERT_EXIT_CODE(hc({"incident", "reopen", "INC-20261123-AAAA", "-m", "again"}, at("2026-11-26T00:00:00Z")), 0);
  EXPECT_EQ(run(args, "2026-11-27T00:00:00Z"), before);
  auto bad = hc({"report", "summary", "--as-of", "yesterday"});
  EXPECT_EXIT_CODE(bad, 64);
  EXPECT_NE(bad.err.find("--as-of yesterday"), std::string::npos) << bad.err;
}

}  // namespace
