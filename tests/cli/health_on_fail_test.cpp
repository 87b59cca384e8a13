// `on_fail = { open_incident = "P2", after = 2 }` end to end: a command check that fails N recorded
// runs in a row opens one incident, more failures open no second one, the first pass afterwards adds
// a "recovered" note, and --no-record runs never act.
#include <algorithm>

#include "harness.hpp"

namespace {

using namespace hctest;

class CliHealthOnFail : public CliTest {
 protected:
  void SetUp() override {
    init_ops(true);
    spit(ops / "checks.toml",
         "[[check]]\nname = \"batch\"\nkind = \"command\"\nservice = \"jobs\"\n"
         "command = \"test -f broken && exit 2 || exit 0\"\n"
         "on_fail = { open_incident = \"P2\", after = 2 }\n");
    ASSERT_EXIT_CODE(git({"add", "checks.toml"}), 0);
    ASSERT_EXIT_CODE(git({"commit", "-q", "-m", "on_fail check"}), 0);
  }

  static std::string at(int hour) { return "2026-11-27T0" + std::to_string(hour) + ":00:00Z"; }

  // One run at `hour`:00Z (same UTC day); its JSON.
  nlohmann::json run_at(int hour, int expect_exit, const std::vector<std::string>& more = {}) {
    std::vector<std::string> args{"health-check", "--json"};
    args.insert(args.end(), more.begin(), more.end());
    auto r = hc(args, {{"HYPERCARE_NOW", at(hour)}});
    EXPECT_EXIT_CODE(r, expect_exit);
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_object() && j.contains("incidents") && j["incidents"].is_array()) << r.describe();
    return j.is_object() && j.contains("incidents") ? j : nlohmann::json{{"incidents", nlohmann::json::array()}};
  }

  nlohmann::json all_incidents(int hour) const {
    auto r = hc({"incident", "list", "--all", "--json"}, {{"HYPERCARE_NOW", at(hour)}});
    EXPECT_EXIT_CODE(r, 0);
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_array()) << r.describe();
    return j.is_array() ? j : nlohmann::json::array();
  }

  static std::size_t recovered_notes(const nlohmann::json& inc) {
    std::size_t n = 0;
    for (const auto& e : inc.value("timeline", nlohmann::json::array()))
      if (e.value("type", "") == "note" && e.value("message", "").find("recovered") != std::string::npos) ++n;
    return n;
  }
};

TEST_F(CliHealthOnFail, OpensAfterTwoFailuresOnceAndNotesRecovery) {
  spit(ops / "broken", "");

  auto r1 = run_at(1, 1);
  EXPECT_EQ(r1["checks"][0]["status"], "fail") << r1.dump();
  EXPECT_TRUE(r1["incidents"].empty()) << "one failure is not enough with after = 2: " << r1.dump();
  EXPECT_TRUE(all_incidents(1).empty());

  auto r2 = run_at(2, 1);
  ASSERT_EQ(r2["incidents"].size(), 1u) << r2.dump();
  const auto& a = r2["incidents"][0];
  EXPECT_EQ(a["check"], "batch");
  EXPECT_EQ(a["action"], "opened");
  ASSERT_TRUE(a["incident"].is_string()) << r2.dump();
  const std::string id = a["incident"].get<std::string>();
  EXPECT_TRUE(id.starts_with("INC-20261127-")) << id;

  auto inc = show(id, {{"HYPERCARE_NOW", at(2)}});
  EXPECT_EQ(inc["priority"], "P2") << inc.dump();
  EXPECT_EQ(inc["component"], "jobs") << inc.dump();
  ASSERT_TRUE(inc["tags"].is_array()) << inc.dump();
  auto tags = inc["tags"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(tags.begin(), tags.end(), "health-check"), tags.end()) << inc.dump();
  EXPECT_NE(std::find(tags.begin(), tags.end(), "check:batch"), tags.end()) << inc.dump();
  EXPECT_NE(inc.value("title", "").find("batch"), std::string::npos) << inc.dump();
  EXPECT_EQ(all_incidents(2).size(), 1u);

  // Still failing: the open incident covers it, no second one.
  auto r3 = run_at(3, 1);
  EXPECT_TRUE(r3["incidents"].empty()) << r3.dump();
  EXPECT_EQ(all_incidents(3).size(), 1u);

  // Passes again: one "recovered" note on the same incident.
  fs::remove(ops / "broken");
  auto r4 = run_at(4, 0);
  EXPECT_EQ(r4["checks"][0]["status"], "ok") << r4.dump();
  ASSERT_EQ(r4["incidents"].size(), 1u) << r4.dump();
  EXPECT_EQ(r4["incidents"][0]["check"], "batch");
  EXPECT_EQ(r4["incidents"][0]["incident"], id);
  EXPECT_EQ(r4["incidents"][0]["action"], "recovered");
  EXPECT_EQ(recovered_notes(show(id, {{"HYPERCARE_NOW", at(4)}})), 1u);

  // Still passing: nothing more.
  auto r5 = run_at(5, 0);
  EXPECT_TRUE(r5["incidents"].empty()) << r5.dump();
  EXPECT_EQ(recovered_notes(show(id, {{"HYPERCARE_NOW", at(5)}})), 1u);
  EXPECT_EQ(all_incidents(5).size(), 1u);

  // Failing again while the incident is still open: one note, named in the text output, no new
  // incident; a further failure adds nothing.
  spit(ops / "broken", "");
  auto again = hc({"health-check"}, {{"HYPERCARE_NOW", at(6)}});
  EXPECT_EXIT_CODE(again, 1);
  EXPECT_NE(again.out.find(id + ": batch is failing again (note added)"), std::string::npos) << again.out;
  auto text = hc({"health-check"}, {{"HYPERCARE_NOW", at(7)}});
  EXPECT_EXIT_CODE(text, 1);
  EXPECT_EQ(text.out.find("opened " + id), std::string::npos) << "the incident is still open: " << text.out;
  EXPECT_EQ(text.out.find("failing again"), std::string::npos) << "only the first failure after a pass is noted: " << text.out;
  EXPECT_EQ(all_incidents(7).size(), 1u);
}

TEST_F(CliHealthOnFail, NoRecordNeverOpensIncidents) {
  spit(ops / "broken", "");
  for (int hour = 1; hour <= 4; ++hour) {
    auto r = run_at(hour, 1, {"--no-record"});
    EXPECT_EQ(r["recorded"], false) << r.dump();
    EXPECT_TRUE(r["incidents"].empty()) << r.dump();
  }
  EXPECT_TRUE(all_incidents(4).empty());
  EXPECT_FALSE(fs::exists(ops / "health")) << "--no-record writes no results";
  // Unrecorded failures do not count toward the streak: the first recorded failure is failure 1.
  auto r = run_at(5, 1);
  EXPECT_TRUE(r["incidents"].empty()) << r.dump();
  EXPECT_TRUE(all_incidents(5).empty());
  auto r6 = run_at(6, 1);
  EXPECT_EQ(r6["incidents"].size(), 1u) << r6.dump();
}

}  // namespace
