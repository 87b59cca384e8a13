// `hypercare hotfix deploy` end to end on the Smart Dairy example and its stand-in kubectl: the
// record, the commits, rollbacks, the incident of a failed rollback, links to incidents, and
// every way a deploy is refused before it starts.
#include "hotfix_fixture.hpp"

namespace {

using namespace hctest;

const std::string k_initial = "123456789012.dkr.ecr.ap-south-1.amazonaws.com/smart-dairy-odoo:2026.11.20";

TEST_F(HotfixTest, ASuccessfulDeployIsRecordedStepByStepAndCommitted) {
  init_example();
  auto r = deploy("1.2.3", "odoo");
  ASSERT_EXIT_CODE(r, 0);
  std::string id = first_id(r.out);
  EXPECT_NE(r.out.find(id + "  odoo 1.2.3 is live (was " + k_initial + ")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hypercare hotfix rollback " + id), std::string::npos) << "says how to undo it";
  EXPECT_EQ(image("odoo"), "123456789012.dkr.ecr.ap-south-1.amazonaws.com/smart-dairy-odoo:1.2.3");

  auto events = parse_every_line(hotfix_file(id));
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events.front()["type"], "created");
  EXPECT_EQ(events.front()["hotfix"], id);
  EXPECT_EQ(events.front()["tag"], "1.2.3");
  EXPECT_EQ(events.front()["component"], "odoo");
  EXPECT_EQ(events.front()["incident"], nullptr);
  EXPECT_EQ(events.front()["actor"], "dev1");
  EXPECT_TRUE(events.front()["host"].is_string());
  EXPECT_EQ(events.back()["type"], "finished");
  EXPECT_EQ(events.back()["status"], "succeeded");
  std::vector<std::string> types;
  for (const auto& e : events) {
    EXPECT_EQ(e["v"], 1);
    EXPECT_TRUE(is_rfc3339_z(e["ts"])) << e.dump();
    types.push_back(e["type"]);
    if (e["type"] != "step") continue;
    for (const char* k : {"step", "index", "attempt", "status", "exit_code", "duration_ms", "output_tail", "command"})
      EXPECT_TRUE(e.contains(k)) << k << " missing in " << e.dump();
  }
  EXPECT_EQ(std::count(types.begin(), types.end(), "previous"), 1);

  auto h = show_hotfix(id.substr(12));
  // settle is cut to 0s by init_example(): no pause, no step.
  EXPECT_EQ(steps_of(h), (std::vector<std::string>{"precheck:ok", "current:ok", "deploy:ok", "wait:ok", "smoke:ok"}));
  EXPECT_EQ(h["previous"], k_initial);
  EXPECT_EQ(h["status"], "succeeded");

  auto log = git({"log", "--format=%s", "-5"});  // with the maintenance window's two
  EXPECT_NE(log.out.find("hotfix " + id + ": odoo 1.2.3 deployed by dev1"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("hotfix " + id + ": deploying odoo 1.2.3 by dev1"), std::string::npos) << log.out;
  EXPECT_EQ(git({"status", "--porcelain", "hotfixes"}).out, "") << "the whole record is committed";
}

TEST_F(HotfixTest, JsonFollowsTheContract) {
  init_example();
  auto r = deploy("1.2.3", "api", {}, {"--json"});
  ASSERT_EXIT_CODE(r, 0);
  auto h = parsed(r);
  for (const char* k : {"id", "tag", "component", "incident", "status", "previous", "started_at", "finished_at", "steps"})
    EXPECT_TRUE(h.contains(k)) << k;
  EXPECT_EQ(h["status"], "succeeded");
  EXPECT_TRUE(is_rfc3339_z(h["started_at"]));
  EXPECT_TRUE(is_rfc3339_z(h["finished_at"]));
  ASSERT_FALSE(h["steps"].empty());
  for (const auto& s : h["steps"])
    for (const char* k : {"name", "status", "exit_code", "duration_ms", "output_tail"}) EXPECT_TRUE(s.contains(k)) << k;
  auto list = nlohmann::json::parse(hc({"hotfix", "list", "--json"}).out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], h["id"]);
  EXPECT_EQ(list[0]["steps"].size(), h["steps"].size());
}

TEST_F(HotfixTest, AFailingSmokeTestRollsBackAndExits1) {
  init_example();
  auto r = deploy("1.2.4", "odoo", {{"STAND_IN_FAIL", "smoke"}});
  ASSERT_EXIT_CODE(r, 1);
  std::string id = first_id(r.out);
  EXPECT_NE(r.out.find("odoo 1.2.4 was rolled back: smoke failed (exit 1) in all 3 attempts; rolled back to " + k_initial),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("FAIL  GET /web/health -> 502 Bad Gateway"), std::string::npos) << "shows what failed";
  EXPECT_NE(r.out.find("hypercare hotfix deploy NEW_TAG odoo"), std::string::npos) << "says what to do next";
  EXPECT_NE(r.err.find("hypercare: hotfix " + id + ": rolled_back"), std::string::npos) << r.err;
  EXPECT_EQ(image("odoo"), k_initial) << "the previous version runs again";
  auto h = show_hotfix(id);
  EXPECT_EQ(h["status"], "rolled_back");
  EXPECT_EQ(steps_of(h), (std::vector<std::string>{"precheck:ok", "current:ok", "deploy:ok", "wait:ok", "smoke:failed",
                                                   "smoke:failed", "smoke:failed", "rollback:ok", "wait:ok"}));
  EXPECT_EQ(h["steps"][6]["attempt"], 3);
  EXPECT_EQ(h["steps"][8]["phase"], "rollback");
  EXPECT_EQ(h["opened_incident"], nullptr);
  EXPECT_EQ(nlohmann::json::parse(hc({"incident", "list", "--json"}).out).size(), 0u) << "a clean rollback opens nothing";
}

TEST_F(HotfixTest, AFailedRollbackShoutsAndOpensAP1Incident) {
  init_example();
  auto r = deploy("1.2.5", "api", {{"STAND_IN_FAIL", "rollout,undo"}});
  ASSERT_EXIT_CODE(r, 1);
  std::string id = first_id(r.out);
  EXPECT_NE(r.err.find("!!! ROLLBACK FAILED: api is in an unknown state"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("!!! retry the rollback: hypercare hotfix rollback " + id), std::string::npos) << r.err;
  auto h = show_hotfix(id);
  EXPECT_EQ(h["status"], "failed");
  EXPECT_EQ(h["message"], "wait failed (exit 1); then the rollback failed (exit 1): the state of api is unknown");
  ASSERT_TRUE(h["opened_incident"].is_string());
  std::string inc = h["opened_incident"];
  EXPECT_NE(r.err.find("!!! incident " + inc + " is open for it"), std::string::npos);
  auto i = show(inc);
  EXPECT_EQ(i["priority"], "P1");
  EXPECT_EQ(i["component"], "api");
  EXPECT_EQ(i["title"], "Hotfix " + id + " of api 1.2.5: rollback failed, state unknown");
  EXPECT_EQ(i["assignee"], nlohmann::json::parse(hc({"rota", "now", "--json"}).out)["primary"]["id"]) << "the primary on call gets it";
  EXPECT_NE(std::find(i["tags"].begin(), i["tags"].end(), "hotfix:" + id), i["tags"].end());
  EXPECT_NE(i["description"].get<std::string>().find("hypercare hotfix rollback " + id), std::string::npos);
  EXPECT_NE(i["description"].get<std::string>().find("unable to roll back deployment"), std::string::npos) << "the failing output";

  // Once the cluster answers again, the rollback is retried by hand and the incident hears of it.
  auto retry = hc({"hotfix", "rollback", id.substr(12), "--yes", "-m", "API server back"});
  ASSERT_EXIT_CODE(retry, 0);
  EXPECT_EQ(show_hotfix(id)["status"], "rolled_back");
  auto timeline = show(inc)["timeline"];
  EXPECT_NE(timeline.back()["message"].get<std::string>().find("rolled back by dev1"), std::string::npos) << timeline.dump();
}

TEST_F(HotfixTest, TheIncidentForAFailedRollbackCanBeSwitchedOff) {
  init_example();
  auto text = slurp(ops / "hotfix.toml");
  text.replace(text.find("failed_rollback_incident = \"P1\""), 32, "failed_rollback_incident = \"none\"");
  spit(ops / "hotfix.toml", text);
  auto r = deploy("1.2.5", "api", {{"STAND_IN_FAIL", "smoke,undo"}});
  ASSERT_EXIT_CODE(r, 1);
  EXPECT_NE(r.err.find("!!! no incident was opened"), std::string::npos) << r.err;
  EXPECT_EQ(nlohmann::json::parse(hc({"incident", "list", "--json"}).out).size(), 0u);
}

// Issue 14, bug 8: the reports' hotfix table has the seed's Issue and Resolution columns, from
// the incident the hotfix names.
TEST_F(HotfixTest, ReportsShowTheIssueAndResolutionOfALinkedIncident) {
  init_example();
  std::string inc = new_incident("Invoices show the wrong VAT", "P2", {"-c", "odoo"});
  ASSERT_EXIT_CODE(deploy("1.2.6", "odoo", {}, {"--incident", inc}), 0);
  ASSERT_EXIT_CODE(hc({"incident", "resolve", inc, "--root-cause", "rounding", "--resolution", "hotfix 1.2.6"}), 0);
  auto j = nlohmann::json::parse(hc({"report", "daily", "--json"}).out);
  ASSERT_EQ(j["hotfixes"].size(), 1u);
  EXPECT_EQ(j["hotfixes"][0]["issue"], "Invoices show the wrong VAT");
  EXPECT_EQ(j["hotfixes"][0]["resolution"], "hotfix 1.2.6");
  auto md = hc({"report", "daily"});
  EXPECT_NE(md.out.find("| Started | Hotfix | Component | Tag | Status | Finished | Incident | Issue | Resolution |"),
            std::string::npos)
      << md.out;
  EXPECT_NE(md.out.find("| " + inc + " | Invoices show the wrong VAT | hotfix 1.2.6 |"), std::string::npos) << md.out;
}

TEST_F(HotfixTest, ALinkedIncidentHearsOfTheStartAndTheResult) {
  init_example();
  std::string inc = new_incident("Invoices show the wrong VAT", "P2", {"-c", "odoo"});
  auto r = deploy("1.2.6", "odoo", {}, {"--incident", inc.substr(13)});
  ASSERT_EXIT_CODE(r, 0);
  std::string id = first_id(r.out);
  EXPECT_EQ(show_hotfix(id)["incident"], inc);
  auto timeline = show(inc)["timeline"];
  ASSERT_GE(timeline.size(), 3u);
  EXPECT_EQ(timeline[timeline.size() - 2]["message"], "hotfix " + id + ": deploying odoo 1.2.6 (by dev1)");
  EXPECT_EQ(timeline.back()["message"], "hotfix " + id + ": odoo 1.2.6 is live (was " + k_initial + ")");

  auto bad = deploy("1.2.7", "odoo", {{"STAND_IN_FAIL", "smoke"}}, {"--incident", inc});
  ASSERT_EXIT_CODE(bad, 1);
  auto last = show(inc)["timeline"].back()["message"].get<std::string>();
  EXPECT_NE(last.find("smoke failed (exit 1) in all 3 attempts; rolled back to "), std::string::npos) << last;
}

TEST_F(HotfixTest, AFailingPrecheckChangesNothing) {
  init_example();
  auto r = deploy("1.2.8", "odoo", {{"STAND_IN_FAIL", "precheck"}});
  ASSERT_EXIT_CODE(r, 1);
  EXPECT_NE(r.out.find("odoo 1.2.8 was not deployed: precheck failed (exit 1); nothing was deployed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a database migration is still running"), std::string::npos);
  EXPECT_EQ(image("odoo"), "(initial)") << "the cluster was not touched";
  auto h = show_hotfix(first_id(r.out));
  EXPECT_EQ(h["status"], "aborted");
  EXPECT_EQ(steps_of(h), std::vector<std::string>{"precheck:failed"});
}

TEST_F(HotfixTest, WithoutATerminalItNeedsYes) {
  init_example();
  auto r = hc({"hotfix", "deploy", "1.2.3", "odoo"});
  ASSERT_EXIT_CODE(r, 64);
  EXPECT_EQ(r.err,
            "hypercare: this changes production and needs a confirmation, but standard input is not a terminal\n"
            "hint: add --yes to deploy without a question (or --dry-run to see the plan): hypercare hotfix deploy 1.2.3 odoo --yes\n");
  EXPECT_FALSE(fs::exists(ops / "hotfixes"));
  EXPECT_EQ(image("odoo"), "(initial)");
}

TEST_F(HotfixTest, BadInputIsRefusedBeforeAnythingRuns) {
  init_example();
  auto tag = deploy("1.2.3;touch x", "odoo");
  EXPECT_EXIT_CODE(tag, 64);
  EXPECT_NE(tag.err.find("hypercare: invalid tag '1.2.3;touch x': a tag is 1 to 128 letters, digits"), std::string::npos) << tag.err;

  auto component = deploy("1.2.3", "payments");
  EXPECT_EXIT_CODE(component, 66);
  EXPECT_EQ(component.err, "hypercare: unknown component 'payments': hotfix.toml has odoo, api, frontend\n"
                           "hint: hypercare hotfix deploy 1.2.3 odoo\n");

  auto incident = deploy("1.2.3", "odoo", {}, {"--incident", "ZZZZ"});
  EXPECT_EXIT_CODE(incident, 66);
  EXPECT_NE(incident.err.find("no incident matches 'ZZZZ'"), std::string::npos);

  auto json = deploy("1.2.3", "payments", {}, {"--json"});
  EXPECT_EXIT_CODE(json, 66);
  auto e = nlohmann::json::parse(json.err, nullptr, false);
  ASSERT_TRUE(e.is_object()) << json.err;
  EXPECT_EQ(e["error"]["kind"], "missing");

  spit(ops / "hotfix.toml", "[component.odoo]\ndeploy = \"d\"\nrollback = \"r\"\nsmoke_retry = 1\n");
  auto config = deploy("1.2.3", "odoo");
  EXPECT_EXIT_CODE(config, 78);
  EXPECT_NE(config.err.find("hotfix.toml:4:15: component.odoo.smoke_retry: unknown key"), std::string::npos) << config.err;

  fs::remove(ops / "hotfix.toml");
  auto missing = deploy("1.2.3", "odoo");
  EXPECT_EXIT_CODE(missing, 66);
  EXPECT_NE(missing.err.find("has no hotfix.toml"), std::string::npos);
  EXPECT_NE(missing.err.find("hint: hypercare init DIR --example smart-dairy shows a complete hotfix.toml"), std::string::npos);

  EXPECT_FALSE(fs::exists(ops / "hotfixes"));
  EXPECT_EQ(image("odoo"), "(initial)");
}

TEST_F(HotfixTest, NoCommitLeavesGitAlone) {
  init_example();
  auto before = git({"rev-parse", "HEAD"}).out;
  ASSERT_EXIT_CODE(deploy("1.2.3", "frontend", {}, {"--no-commit"}), 0);
  EXPECT_EQ(git({"rev-parse", "HEAD"}).out, before);
  EXPECT_NE(git({"status", "--porcelain"}).out.find("?? hotfixes/"), std::string::npos);
}

TEST_F(HotfixTest, DoctorAndStatusKnowHotfixes) {
  init_example();
  ASSERT_EXIT_CODE(deploy("1.2.5", "api", {{"STAND_IN_FAIL", "smoke,undo"}}), 1);
  auto status = hc({"status"});
  ASSERT_EXIT_CODE(status, 0);
  EXPECT_NE(status.out.find("hotfix   HF-20261127-"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("api 1.2.5 FAILED"), std::string::npos) << status.out;
  auto j = nlohmann::json::parse(hc({"status", "--json"}).out);
  ASSERT_EQ(j["hotfixes"].size(), 1u);
  EXPECT_EQ(j["hotfixes"][0]["status"], "failed");
  EXPECT_EQ(hc({"doctor"}).exit, 0);
  // A later good deploy of the component ends the alarm.
  ASSERT_EXIT_CODE(deploy("1.2.6", "api", {{"HYPERCARE_NOW", "2026-11-27T03:05:00Z"}}), 0);
  EXPECT_EQ(hc({"status"}, {{"HYPERCARE_NOW", "2026-11-27T03:05:00Z"}}).out.find("hotfix "), std::string::npos);
}

}  // namespace
