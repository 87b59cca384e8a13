// `hotfix rollback`, `hotfix list` and `hotfix show` on the Smart Dairy example: what each
// prints, and what each refuses (and with which exit status).
#include "hotfix_fixture.hpp"

namespace {

using namespace hctest;

const std::string k_registry = "123456789012.dkr.ecr.ap-south-1.amazonaws.com/";

TEST_F(HotfixTest, RollbackReturnsToTheRecordedPreviousVersion) {
  init_example();
  auto d = deploy("1.2.3", "odoo");
  ASSERT_EXIT_CODE(d, 0);
  std::string id = first_id(d.out);
  ASSERT_EQ(image("odoo"), k_registry + "smart-dairy-odoo:1.2.3");

  auto r = hc({"hotfix", "rollback", id.substr(12), "-y", "-m", "invoices broke"}, {{"HYPERCARE_USER", "dev2"}});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("✓ " + id + "  odoo rolled back to " + k_registry + "smart-dairy-odoo:2026.11.20"), std::string::npos) << r.out;
  EXPECT_EQ(image("odoo"), k_registry + "smart-dairy-odoo:2026.11.20");
  auto h = show_hotfix(id);
  EXPECT_EQ(h["status"], "rolled_back");
  ASSERT_EQ(h["rollbacks"].size(), 1u);
  EXPECT_EQ(h["rollbacks"][0]["actor"], "dev2");
  EXPECT_EQ(h["rollbacks"][0]["reason"], "invoices broke");
  EXPECT_EQ(h["steps"].back()["name"], "wait");
  EXPECT_EQ(h["steps"].back()["phase"], "rollback");
  auto log = git({"log", "--format=%s", "-2"}).out;
  EXPECT_NE(log.find("hotfix " + id + ": odoo 1.2.3 rolled back by dev2"), std::string::npos) << log;

  auto again = hc({"hotfix", "rollback", id, "-y"});
  EXPECT_EXIT_CODE(again, 65);
  EXPECT_NE(again.err.find("hypercare: " + id + " is rolled back already"), std::string::npos) << again.err;
}

TEST_F(HotfixTest, RollbackRefusesWhatItCannotOrShouldNotUndo) {
  init_example();
  auto aborted = deploy("1.0", "odoo", {{"STAND_IN_FAIL", "precheck"}});
  ASSERT_EXIT_CODE(aborted, 1);
  auto r = hc({"hotfix", "rollback", first_id(aborted.out), "-y"});
  EXPECT_EXIT_CODE(r, 65);
  EXPECT_NE(r.err.find("stopped before its deploy step (aborted): nothing was deployed, nothing to roll back"), std::string::npos)
      << r.err;

  auto older = deploy("1.1", "odoo", {{"HYPERCARE_NOW", "2026-11-27T03:00:00Z"}});
  auto newer = deploy("1.2", "odoo", {{"HYPERCARE_NOW", "2026-11-27T04:00:00Z"}});
  ASSERT_EXIT_CODE(older, 0);
  ASSERT_EXIT_CODE(newer, 0);
  r = hc({"hotfix", "rollback", first_id(older.out), "-y"});
  EXPECT_EXIT_CODE(r, 65);
  EXPECT_NE(r.err.find(first_id(newer.out) + " (odoo 1.2) was deployed after " + first_id(older.out)), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: roll back the later one first: hypercare hotfix rollback " + first_id(newer.out)), std::string::npos);

  r = hc({"hotfix", "rollback", first_id(newer.out)});
  EXPECT_EXIT_CODE(r, 64);
  EXPECT_NE(r.err.find("hint: add --yes to roll back without a question"), std::string::npos);
  EXPECT_EXIT_CODE(hc({"hotfix", "rollback", "ZZZZ", "-y"}), 66);
  EXPECT_EXIT_CODE(hc({"hotfix", "rollback", "HF-2026", "-y"}), 66) << "ambiguous";
  EXPECT_EQ(image("odoo"), k_registry + "smart-dairy-odoo:1.2") << "nothing was touched";
}

TEST_F(HotfixTest, ListShowsNewestFirstAndFilters) {
  init_example();
  ASSERT_EXIT_CODE(deploy("1.1", "odoo", {{"HYPERCARE_NOW", "2026-11-25T03:00:00Z"}}), 0);
  ASSERT_EXIT_CODE(deploy("2.0", "api", {{"HYPERCARE_NOW", "2026-11-26T03:00:00Z"}, {"STAND_IN_FAIL", "smoke"}}), 1);
  ASSERT_EXIT_CODE(deploy("1.2", "odoo", {{"HYPERCARE_NOW", "2026-11-27T03:00:00Z"}}), 0);

  auto r = hc({"hotfix", "list"});
  ASSERT_EXIT_CODE(r, 0);
  auto lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_TRUE(lines[0].starts_with("ID  ")) << lines[0];
  for (const char* col : {"STARTED", "COMPONENT", "TAG", "STATUS", "TOOK", "BY", "INCIDENT"}) EXPECT_NE(lines[0].find(col), std::string::npos);
  EXPECT_NE(lines[1].find("2026-11-27 08:30  odoo       1.2"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("api        2.0  rolled_back"), std::string::npos) << lines[2];
  EXPECT_NE(lines[3].find("2026-11-25 08:30"), std::string::npos);

  EXPECT_EQ(split_lines(hc({"hotfix", "list", "-c", "odoo"}).out).size(), 3u);
  EXPECT_EQ(split_lines(hc({"hotfix", "list", "--since", "2026-11-26"}).out).size(), 3u);
  EXPECT_EQ(split_lines(hc({"hotfix", "list", "--until", "2026-11-26"}).out).size(), 3u) << "a bare date includes the day";
  EXPECT_EQ(split_lines(hc({"hotfix", "list", "--limit", "1"}).out).size(), 2u);
  auto j = nlohmann::json::parse(hc({"hotfix", "list", "--json", "-c", "api"}).out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["status"], "rolled_back");
  EXPECT_EQ(hc({"hotfix", "list", "-c", "nothing"}).out, "") << "an empty list prints nothing to a pipe";
  EXPECT_EXIT_CODE(hc({"hotfix", "list", "--since", "yesterday"}), 64);
  EXPECT_EXIT_CODE(hc({"hotfix", "list", "--limit", "-1"}), 64);
}

TEST_F(HotfixTest, ShowTellsTheStoryWithDurationsAndOutput) {
  init_example();
  auto d = deploy("2.0", "api", {{"STAND_IN_FAIL", "smoke"}});
  ASSERT_EXIT_CODE(d, 1);
  std::string id = first_id(d.out);
  auto r = hc({"hotfix", "show", id.substr(12)});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_TRUE(r.out.starts_with(id + "  api 2.0 — rolled_back\n")) << r.out;
  for (const char* part : {"  started   2026-11-27 08:30:00 IST", "  previous  " , "  result    smoke failed (exit 1); rolled back to ",
                           "\nTimeline\n", "START     STEP", "precheck", "wait (rollback)",
                           "Output of the steps that did not pass (--output shows every step)",
                           "│ FAIL  GET /api/v1/health -> 502 Bad Gateway"})
    EXPECT_NE(r.out.find(part), std::string::npos) << part << "\n" << r.out;
  EXPECT_EQ(r.out.find("pre-deploy checks passed"), std::string::npos) << "passing steps' output only with --output";
  auto all = hc({"hotfix", "show", id, "--output"});
  EXPECT_NE(all.out.find("│ pre-deploy checks passed"), std::string::npos) << all.out;
  EXPECT_EXIT_CODE(hc({"hotfix", "show", "NOPE"}), 66);
}

TEST_F(HotfixTest, TheGroupAloneShowsItsVerbs) {
  init_example();
  auto r = hc({"hotfix"});
  ASSERT_EXIT_CODE(r, 0);
  for (const char* verb : {"deploy", "rollback", "list", "show"}) EXPECT_NE(r.out.find(verb), std::string::npos);
  auto typo = hc({"hotfix", "deplyo"});
  EXPECT_EXIT_CODE(typo, 64);
  EXPECT_NE(typo.err.find("did you mean: hypercare hotfix deploy?"), std::string::npos) << typo.err;
}

}  // namespace
