// The incident lifecycle end to end: every verb, the state after it, and the transitions that
// are refused (exit 65 naming the current state, nothing written).
#include "harness.hpp"

namespace {

using namespace hctest;
using CliLifecycle = CliTest;

Env at(const std::string& when) { return {{"HYPERCARE_NOW", when}}; }

TEST_F(CliLifecycle, NewAckStatusNoteAssignPriorityResolveReopen) {
  init_ops(false);
  const std::string id = new_incident("Checkout fails", "P3", {"-c", "api", "--impact", "all shoppers", "-d", "500s",
                                                               "--tag", "payments", "--tag", "eu"});
  auto j = show(id);
  EXPECT_EQ(j["status"], "open");
  EXPECT_EQ(j["priority"], "P3");
  EXPECT_EQ(j["component"], "api");
  EXPECT_EQ(j["impact"], "all shoppers");
  EXPECT_EQ(j["description"], "500s");
  EXPECT_EQ(j["tags"], nlohmann::json::array({"payments", "eu"}));
  EXPECT_EQ(j["created_at"], k_now);
  EXPECT_TRUE(j["acknowledged_at"].is_null());
  EXPECT_EQ(j["sla"]["response_due"], "2026-11-27T05:00:00Z");
  EXPECT_EQ(j["sla"]["resolution_due"], "2026-11-27T11:00:00Z");

  auto ack = hc({"incident", "ack", id}, at("2026-11-27T03:05:00Z"));
  EXPECT_EXIT_CODE(ack, 0);
  EXPECT_NE(ack.out.find("acknowledged"), std::string::npos) << ack.describe();
  j = show(id);
  EXPECT_EQ(j["status"], "investigating");
  EXPECT_EQ(j["acknowledged_at"], "2026-11-27T03:05:00Z");
  EXPECT_EQ(j["acknowledged_by"], "dev1");

  auto st = hc({"incident", "status", id, "identified", "-m", "bad deploy"}, at("2026-11-27T03:10:00Z"));
  EXPECT_EXIT_CODE(st, 0);
  EXPECT_EQ(show(id)["status"], "identified");

  EXPECT_EXIT_CODE(hc({"incident", "note", id, "-m", "rolling back"}, at("2026-11-27T03:11:00Z")), 0);
  auto as = hc({"incident", "assign", id, "dev3"}, at("2026-11-27T03:12:00Z"));
  EXPECT_EXIT_CODE(as, 0);
  EXPECT_EQ(show(id)["assignee"], "dev3");

  auto pr = hc({"incident", "priority", id, "P1", "-m", "revenue impact", "--json"}, at("2026-11-27T03:13:00Z"));
  EXPECT_EXIT_CODE(pr, 0);
  auto pj = nlohmann::json::parse(pr.out, nullptr, false);
  ASSERT_TRUE(pj.is_object()) << pr.describe();  // --json on a change prints the incident
  EXPECT_EQ(pj["priority"], "P1");
  // The response clock stopped at the ack and keeps its P3 deadline; the resolution clock, still
  // running, follows the new level.
  EXPECT_EQ(pj["sla"]["response_due"], "2026-11-27T05:00:00Z");
  EXPECT_EQ(pj["sla"]["resolution_due"], "2026-11-27T05:00:00Z");

  auto res = hc({"incident", "resolve", id, "--root-cause", "bad config", "--resolution", "rolled back"},
                at("2026-11-27T04:00:00Z"));
  EXPECT_EXIT_CODE(res, 0);
  EXPECT_NE(res.out.find("resolved"), std::string::npos) << res.describe();
  j = show(id, at("2026-11-27T04:00:00Z"));
  EXPECT_EQ(j["status"], "resolved");
  EXPECT_EQ(j["resolved_at"], "2026-11-27T04:00:00Z");
  EXPECT_EQ(j["root_cause"], "bad config");
  EXPECT_EQ(j["resolution"], "rolled back");
  EXPECT_FALSE(j["sla"]["resolution_breached"]);

  auto re = hc({"incident", "reopen", id, "-m", "it is back"}, at("2026-11-27T04:30:00Z"));
  EXPECT_EXIT_CODE(re, 0);
  j = show(id, at("2026-11-27T04:30:00Z"));
  EXPECT_EQ(j["status"], "open");
  EXPECT_TRUE(j["resolved_at"].is_null());
  EXPECT_TRUE(j["root_cause"].is_null());
  EXPECT_EQ(j["acknowledged_at"], "2026-11-27T03:05:00Z");  // the response clock stopped once

  std::vector<std::string> types, stamps;
  for (const auto& e : j["timeline"]) {
    types.push_back(e["type"].get<std::string>());
    stamps.push_back(e["ts"].get<std::string>());
    EXPECT_EQ(e["actor"], "dev1");
  }
  EXPECT_EQ(types, (std::vector<std::string>{"created", "acknowledged", "status", "note", "assigned", "priority",
                                             "resolved", "reopened"}));
  EXPECT_EQ(stamps, (std::vector<std::string>{k_now, "2026-11-27T03:05:00Z", "2026-11-27T03:10:00Z",
                                              "2026-11-27T03:11:00Z", "2026-11-27T03:12:00Z", "2026-11-27T03:13:00Z",
                                              "2026-11-27T04:00:00Z", "2026-11-27T04:30:00Z"}));
  EXPECT_EQ(parse_every_line(incident_file(id)).size(), 8u);

  // The human view shows the whole story.
  auto human = hc({"incident", "show", id}, at("2026-11-27T04:30:00Z"));
  EXPECT_EXIT_CODE(human, 0);
  for (const char* s : {"Checkout fails", "dev3", "rolling back", "revenue impact", "it is back", "Timeline"})
    EXPECT_NE(human.out.find(s), std::string::npos) << s << "\n" << human.out;
  EXPECT_EQ(human.out.find('\x1b'), std::string::npos) << "colour despite NO_COLOR";
}

TEST_F(CliLifecycle, InvalidTransitionsAre65NamingTheCurrentState) {
  init_ops(false);
  const std::string id = new_incident("Refusals", "P2");
  auto refuse = [&](const std::vector<std::string>& args, const std::string& state) {
    auto before = snapshot(ops);
    auto r = hc(args);
    EXPECT_EXIT_CODE(r, 65);
    EXPECT_NE(r.err.find(state), std::string::npos) << "should name the state '" << state << "': " << r.describe();
    EXPECT_NE(r.err.find(id), std::string::npos) << r.describe();
    EXPECT_EQ(snapshot(ops), before) << "a refused transition wrote";
  };
  refuse({"incident", "reopen", id, "-m", "why"}, "open");
  refuse({"incident", "status", id, "open", "-m", "back"}, "open");
  ASSERT_EXIT_CODE(hc({"incident", "ack", id}), 0);
  refuse({"incident", "status", id, "open", "-m", "back"}, "investigating");
  refuse({"incident", "reopen", id, "-m", "why"}, "investigating");
  ASSERT_EXIT_CODE(hc({"incident", "status", id, "monitoring", "-m", "watching"}), 0);
  refuse({"incident", "status", id, "open", "-m", "back"}, "monitoring");
  auto via_status = hc({"incident", "status", id, "resolved", "-m", "done"});
  EXPECT_EXIT_CODE(via_status, 65);  // resolving needs the root cause: `incident resolve`
  EXPECT_NE(via_status.err.find("incident resolve"), std::string::npos) << via_status.describe();

  ASSERT_EXIT_CODE(hc({"incident", "resolve", id, "--root-cause", "x", "--resolution", "y"}), 0);
  refuse({"incident", "ack", id}, "resolved");
  refuse({"incident", "resolve", id, "--root-cause", "x", "--resolution", "y"}, "resolved");
  refuse({"incident", "status", id, "investigating", "-m", "again"}, "resolved");
  refuse({"incident", "status", id, "open", "-m", "again"}, "resolved");

  auto json = hc({"incident", "ack", id, "--json"});
  EXPECT_EXIT_CODE(json, 65);
  auto e = nlohmann::json::parse(json.err, nullptr, false);
  ASSERT_TRUE(e.is_object()) << json.describe();
  EXPECT_EQ(e["error"]["kind"], "data");
  EXPECT_NE(e["error"]["message"].get<std::string>().find("resolved"), std::string::npos);
  EXPECT_NE(e["error"]["hint"].get<std::string>().find("reopen"), std::string::npos);
}

TEST_F(CliLifecycle, RepeatedRequestsSucceedAndWriteNothing) {
  init_ops(true);
  const std::string id = new_incident("Twice", "P2", {"--assign", "dev3"});
  ASSERT_EXIT_CODE(hc({"incident", "ack", id}, at("2026-11-27T03:01:00Z")), 0);
  const auto before = snapshot(ops);
  const auto head = git({"rev-parse", "HEAD"}).out;

  auto second = hc({"incident", "ack", id}, at("2026-11-27T03:09:00Z"));
  EXPECT_EXIT_CODE(second, 0);
  EXPECT_NE(second.out.find("already acknowledged by dev1"), std::string::npos) << second.describe();
  auto second_json = hc({"incident", "ack", id, "--json"}, {{"HYPERCARE_NOW", "2026-11-27T03:09:00Z"}, {"HYPERCARE_USER", "dev3"}});
  EXPECT_EXIT_CODE(second_json, 0);
  auto j = nlohmann::json::parse(second_json.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << second_json.describe();
  EXPECT_EQ(j["acknowledged_at"], "2026-11-27T03:01:00Z");
  EXPECT_EQ(j["acknowledged_by"], "dev1");

  EXPECT_EXIT_CODE(hc({"incident", "assign", id, "dev3"}), 0);
  EXPECT_EXIT_CODE(hc({"incident", "priority", id, "P2", "-m", "same"}), 0);
  EXPECT_EQ(snapshot(ops), before);
  EXPECT_EQ(git({"rev-parse", "HEAD"}).out, head) << "a no-op committed";
}

}  // namespace
