// The rota in the incident workflow: `incident new` assigns the primary on call, `incident
// escalate` climbs primary → secondary → lead (P1 only by default), `escalate --due` escalates one
// level per passed response period, and `status` shows who is on call.
#include <map>

#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

class CliEscalation : public CliTest {
 protected:
  void SetUp() override { init_ops(true); }
  Env at(const std::string& t) { return {{"HYPERCARE_NOW", t}}; }
  std::vector<json> events(const std::string& id) { return parse_every_line(incident_file(id)); }
  std::string last_commit() { return git({"log", "-1", "--format=%s"}).out; }
  json due(const std::string& t) {
    auto r = hc({"incident", "escalate", "--due", "--json"}, at(t));
    EXPECT_EXIT_CODE(r, 0);
    auto j = json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_array()) << r.describe();
    return j;
  }
};

TEST_F(CliEscalation, NewIncidentsGoToThePrimaryOnCall) {
  // 03:00Z is 08:30 IST: slot A, dev2 (the seed's day 730).
  auto a = new_incident("DB down", "P1");
  EXPECT_EQ(show(a)["assignee"], "dev2");
  EXPECT_EQ(events(a)[0]["assignee"], "dev2");
  EXPECT_EQ(show(new_incident("Late", "P3", {}, at("2026-11-27T20:00:00Z")), at("2026-11-27T20:00:00Z"))["assignee"], "dev1");
  EXPECT_EQ(show(new_incident("Mine", "P2", {"--assign", "dev2"}))["assignee"], "dev2");
  // An override makes its member the primary.
  ASSERT_EXIT_CODE(hc({"rota", "override", "dev3", "--from", "2026-11-27T02:00:00Z", "--to", "2026-11-27T04:00:00Z", "--force"}), 0);
  EXPECT_EQ(show(new_incident("Cover", "P4"))["assignee"], "dev3");
}

TEST_F(CliEscalation, P1ClimbsToTheLeadThenStops) {
  auto id = new_incident("DB down", "P1");
  auto r = hc({"incident", "escalate", id, "-m", "no answer"}, at("2026-11-27T03:05:00Z"));
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_EQ(r.out, "✓ " + id + ": escalated to level 1 (dev3)\n");
  auto ev = events(id);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1]["type"], "escalated");
  EXPECT_EQ(ev[1]["level"], 1);
  EXPECT_EQ(ev[1]["to"], "dev3");
  EXPECT_EQ(ev[1]["message"], "no answer");
  EXPECT_EQ(ev[1]["ts"], "2026-11-27T03:05:00Z");
  EXPECT_EQ(last_commit(), "incident " + id + ": escalated to level 1 (dev3) by dev1\n");
  auto j = show(id);
  EXPECT_EQ(j["assignee"], "dev3");
  EXPECT_EQ(j["escalation_level"], 1);
  EXPECT_EQ(j["timeline"][1]["message"], "level 1 → dev3: no answer");

  auto lead = hc({"incident", "escalate", id, "--json"}, at("2026-11-27T03:06:00Z"));
  ASSERT_EXIT_CODE(lead, 0);
  auto lj = json::parse(lead.out);
  EXPECT_EQ(lj["assignee"], "lead");
  EXPECT_EQ(lj["escalation_level"], 2);

  auto top = hc({"incident", "escalate", id}, at("2026-11-27T03:07:00Z"));
  EXPECT_EXIT_CODE(top, 65);
  EXPECT_EQ(top.out, "");
  EXPECT_EQ(top.err.rfind("hypercare: " + id + " is at the top of its escalation chain: level 2 (lead)", 0), 0u) << top.err;
  EXPECT_EQ(events(id).size(), 3u);
}

TEST_F(CliEscalation, P2StopsAtTheSecondaryWithoutTheLead) {
  auto id = new_incident("Slow", "P2");
  ASSERT_EXIT_CODE(hc({"incident", "escalate", id}), 0);
  EXPECT_EQ(show(id)["assignee"], "dev3");
  auto top = hc({"incident", "escalate", id});
  EXPECT_EXIT_CODE(top, 65);
  EXPECT_NE(top.err.find("the lead is not in the P2 chain"), std::string::npos) << top.err;
  EXPECT_EQ(show(id)["escalation_level"], 1);
}

TEST_F(CliEscalation, RefusedEscalationsAndTheirExitCodes) {
  auto id = new_incident("Done", "P1");
  ASSERT_EXIT_CODE(hc({"incident", "resolve", id, "--root-cause", "x", "--resolution", "y"}), 0);
  EXPECT_EXIT_CODE(hc({"incident", "escalate", id}), 65);
  EXPECT_EXIT_CODE(hc({"incident", "escalate", "INC-NOPE"}), 66);
  EXPECT_EXIT_CODE(hc({"incident", "escalate"}), 64);
  EXPECT_EXIT_CODE(hc({"incident", "escalate", id, "--due"}), 64);
  EXPECT_EQ(events(id).size(), 2u);
  auto open = new_incident("Open", "P1");
  fs::remove(ops / "rota.toml");
  auto r = hc({"incident", "escalate", open});
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_EQ(r.err.rfind("hypercare: escalation needs a rota: this ops dir has no rota.toml", 0), 0u) << r.err;
  EXPECT_EXIT_CODE(hc({"incident", "escalate", "--due"}, at("2026-11-28T00:00:00Z")), 78);
  EXPECT_EQ(events(open).size(), 1u);
}

TEST_F(CliEscalation, DueEscalatesOneLevelPerResponsePeriod) {
  auto p1 = new_incident("DB down", "P1");    // response 15m: due 03:15, 03:30
  auto p2 = new_incident("Slow", "P2");       // response 30m: due 03:30
  auto acked = new_incident("Seen", "P1");
  ASSERT_EXIT_CODE(hc({"incident", "ack", acked}, at("2026-11-27T03:01:00Z")), 0);
  auto head = git({"rev-parse", "HEAD"}).out;

  auto text = hc({"incident", "escalate", "--due"}, at("2026-11-27T03:14:59Z"));
  ASSERT_EXIT_CODE(text, 0);
  EXPECT_EQ(text.out, "Nothing to escalate.\n");
  EXPECT_EQ(git({"rev-parse", "HEAD"}).out, head);

  EXPECT_EQ(due("2026-11-27T03:15:00Z"), json::parse(R"([{"id":")" + p1 + R"(","level":1,"to":"dev3"}])"));
  EXPECT_EQ(due("2026-11-27T03:15:00Z"), json::array());  // again at once: nothing
  EXPECT_EQ(due("2026-11-27T03:29:59Z"), json::array());
  auto both = due("2026-11-27T03:30:00Z");
  ASSERT_EQ(both.size(), 2u);
  std::map<std::string, json> by_id;
  for (const auto& e : both) by_id[e["id"]] = e;
  EXPECT_EQ(by_id[p1], (json{{"id", p1}, {"level", 2}, {"to", "lead"}}));
  EXPECT_EQ(by_id[p2]["level"], 1);
  EXPECT_EQ(by_id[p2]["to"], "dev3");
  EXPECT_EQ(due("2026-11-27T03:30:00Z"), json::array());
  EXPECT_EQ(due("2026-11-27T05:00:00Z"), json::array());  // both at the top of their chains
  EXPECT_EQ(show(acked)["escalation_level"], 0);
  EXPECT_EQ(show(acked)["assignee"], "dev2");

  auto ev = events(p1);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[1]["ts"], "2026-11-27T03:15:00Z");
  EXPECT_EQ(ev[1]["message"], "no response from dev2 within 15m");
  EXPECT_EQ(ev[2]["to"], "lead");
  EXPECT_EQ(git({"status", "--porcelain"}).out, "");
}

// Issue 14, bug 4: P4 9R1Q, opened at 10:00 IST on 11-23 and given to dev1 (slot A), is never
// acknowledged. At 15:10 IST dev1 is off shift and dev2 (slot B) on: the first escalation goes to
// dev2, not to dev3 (off until the night slot). The chain continues from there: dev3 (next shift)
// after another 4 hours; a P4 never reaches the lead.
TEST_F(CliEscalation, AnAssigneeOffShiftIsFollowedByTheEngineerOnShift) {
  auto id = new_incident("Report export slow", "P4", {}, at("2026-11-23T04:30:00Z"));
  EXPECT_EQ(show(id, at("2026-11-23T04:30:00Z"))["assignee"], "dev1");
  EXPECT_EQ(due("2026-11-23T09:40:00Z"), json::parse(R"([{"id":")" + id + R"(","level":1,"to":"dev2"}])"));
  EXPECT_EQ(due("2026-11-23T13:39:59Z"), json::array());  // 4 h after the first escalation
  EXPECT_EQ(due("2026-11-23T13:40:00Z"), json::parse(R"([{"id":")" + id + R"(","level":2,"to":"dev3"}])"));
  EXPECT_EQ(due("2026-11-23T20:00:00Z"), json::array());  // the top of a P4's chain
  auto manual = hc({"incident", "escalate", id}, at("2026-11-23T20:00:00Z"));
  EXPECT_EXIT_CODE(manual, 65);
  EXPECT_NE(manual.err.find("at the top of its escalation chain"), std::string::npos) << manual.err;

  // A P1 whose assignee went off shift: on-shift engineer, next-shift engineer, then the lead.
  auto p1 = new_incident("Payments down", "P1", {"--assign", "dev1"}, at("2026-11-23T09:00:00Z"));
  EXPECT_EQ(due("2026-11-23T09:15:00Z"), json::parse(R"([{"id":")" + p1 + R"(","level":1,"to":"dev2"}])"));
  EXPECT_EQ(due("2026-11-23T09:30:00Z"), json::parse(R"([{"id":")" + p1 + R"(","level":2,"to":"dev3"}])"));
  EXPECT_EQ(due("2026-11-23T09:45:00Z"), json::parse(R"([{"id":")" + p1 + R"(","level":3,"to":"lead"}])"));
  EXPECT_EQ(due("2026-11-23T10:00:00Z"), json::array());
}

TEST_F(CliEscalation, AManualEscalationCountsTowardsDue) {
  auto id = new_incident("DB down", "P1");
  ASSERT_EXIT_CODE(hc({"incident", "escalate", id}, at("2026-11-27T03:05:00Z")), 0);
  // Level 1 is due at created + 2 × 15m.
  EXPECT_EQ(due("2026-11-27T03:15:00Z"), json::array());
  EXPECT_EQ(due("2026-11-27T03:30:00Z").size(), 1u);
  EXPECT_EQ(show(id)["assignee"], "lead");
}

TEST_F(CliEscalation, ALateRunMovesOneLevelAndARepeatMovesNone) {
  auto p1 = new_incident("DB down", "P1");  // created 03:00; levels due 03:15 and 03:30
  auto first = due("2026-11-27T03:40:00Z");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["level"], 1);
  EXPECT_EQ(due("2026-11-27T03:40:00Z"), json::array()) << "a repeated run must change nothing";
  EXPECT_EQ(due("2026-11-27T03:54:59Z"), json::array());
  auto second = due("2026-11-27T03:55:00Z");  // one response period after the last escalation
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0]["level"], 2);
}

TEST_F(CliEscalation, StatusShowsWhoIsOnCallAndNext) {
  auto r = hc({"status"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("\non call  Dev 2 (dev2) — slot A until 14:00 IST (in 5h30m) · next Dev 3 (dev3) at 14:00 IST (in 5h30m)\n"),
            std::string::npos) << r.out;
  auto j = json::parse(hc({"status", "--json"}, at("2026-11-27T17:00:00Z")).out);
  EXPECT_EQ(j["on_call"], json::parse(R"({"primary":{"id":"dev1","name":"Dev 1","email":"dev1@example.com"},
      "secondary":{"id":"dev3","name":"Dev 3","email":"dev3@example.com"},"slot":"C","until":"2026-11-28T00:30:00Z",
      "next":{"member":"dev3","person":{"id":"dev3","name":"Dev 3","email":"dev3@example.com"},"slot":"A","start":"2026-11-28T00:30:00Z"}})"));
  // Without a rota there is no on-call line and on_call is null.
  fs::remove(ops / "rota.toml");
  EXPECT_EQ(hc({"status"}).out.find("on call"), std::string::npos);
  EXPECT_TRUE(json::parse(hc({"status", "--json"}).out)["on_call"].is_null());
}

}  // namespace
