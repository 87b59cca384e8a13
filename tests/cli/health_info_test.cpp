// Info checks (checks.toml kind = "info"): figures recorded and shown without a verdict — kept out
// of verdicts, uptime, on_fail and notifications everywhere — and `report daily`'s "System figures".
#include <regex>

#include "notify_helpers.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

constexpr const char* k_checks = R"(
[[check]]
name = "api"
kind = "command"
service = "api"
command = "true"

[[check]]
name = "db-connections"
kind = "info"
service = "database"
command = "echo 42"
unit = "connections"

[[check]]
name = "pods"
kind = "info"
service = "platform"
command = "printf '  3 odoo Running\n  1 api Pending\n'"

[[check]]
name = "no-cluster"
kind = "info"
service = "platform"
command = "echo 'the server could not be reached' >&2; exit 3"
)";

class HealthInfo : public NotifyCliTest {
 protected:
  void SetUp() override {
    init_ops(true);
    spit(ops / "checks.toml", k_checks);
  }
  static json named(const json& list, const std::string& name) {
    for (const auto& x : list)
      if (x.value("name", x.value("check", "")) == name) return x;
    ADD_FAILURE() << "no " << name << " in " << list.dump(2);
    return json::object();
  }
};

TEST_F(HealthInfo, FiguresAreRecordedAndShownWithoutAVerdict) {
  const Env at{{"HYPERCARE_NOW", "2026-11-25T06:00:00Z"}};
  auto r = hc({"health-check", "--json"}, at);
  EXPECT_EXIT_CODE(r, 0);  // a figure that cannot be read fails nothing
  auto j = json::parse(r.out);
  EXPECT_EQ(j["status"], "ok");
  ASSERT_EQ(j["checks"].size(), 1u) << "only the judged check: " << j.dump(2);
  ASSERT_EQ(j["info"].size(), 3u);
  auto db = named(j["info"], "db-connections");
  EXPECT_EQ(db["value"], 42);
  EXPECT_EQ(db["unit"], "connections");
  EXPECT_EQ(db["output"], "42");
  EXPECT_EQ(db["error"], nullptr);
  auto pods = named(j["info"], "pods");
  EXPECT_EQ(pods["value"], nullptr);
  EXPECT_EQ(pods["output"], "  3 odoo Running\n  1 api Pending");
  auto broken = named(j["info"], "no-cluster");
  EXPECT_EQ(broken["output"], nullptr);
  EXPECT_EQ(broken["error"], "exit 3: the server could not be reached");

  // Recorded with kind and unit, in the same run.
  auto lines = parse_every_line(ops / "health" / "2026-11-25.jsonl");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(named(lines, "db-connections")["kind"], "info");
  EXPECT_EQ(named(lines, "db-connections")["unit"], "connections");

  auto text = hc({"health-check", "--no-record"}, at);
  EXPECT_EXIT_CODE(text, 0);
  for (const char* s : {"FIGURE (no verdict)", "  db-connections (database): 42 connections\n",
                        "  pods (platform):\n        3 odoo Running\n        1 api Pending\n",
                        "  no-cluster (platform): could not read: exit 3: the server could not be reached",
                        "1 check(s) · 0 failed · 0 warning(s) · 3 figure(s) · not recorded"})
    EXPECT_NE(text.out.find(s), std::string::npos) << s << "\n" << text.out;
  EXPECT_EQ(text.out.find("database "), std::string::npos) << "no verdict for a figure's service\n" << text.out;
  auto list = hc({"health-check", "list"});
  EXPECT_TRUE(std::regex_search(list.out, std::regex("db-connections\\s+info\\s+database\\s+info\\s"))) << list.out;

  // Out of status, uptime and history: only the judged check's service is there.
  auto status = json::parse(hc({"status", "--json"}, {{"HYPERCARE_NOW", "2026-11-25T06:10:00Z"}}).out);
  EXPECT_EQ(status["health"]["services"], json({{"api", "ok"}})) << status["health"].dump();
  auto uptime = json::parse(hc({"health-check", "uptime", "--from", "2026-11-25", "--to", "2026-11-25", "--json"},
                               {{"HYPERCARE_NOW", "2026-11-25T12:00:00Z"}}).out);
  EXPECT_EQ(uptime.dump().find("database"), std::string::npos) << uptime.dump(2);
  EXPECT_EQ(uptime.dump().find("platform"), std::string::npos) << uptime.dump(2);

  // watch runs a figure when its interval is up, like any check — not every round.
  EXPECT_EXIT_CODE(hc({"watch", "--once"}, {{"HYPERCARE_NOW", "2026-11-25T06:01:00Z"}}), 0);
  EXPECT_EQ(parse_every_line(ops / "health" / "2026-11-25.jsonl").size(), 4u);
  EXPECT_EXIT_CODE(hc({"watch", "--once"}, {{"HYPERCARE_NOW", "2026-11-25T06:06:00Z"}}), 0);
  EXPECT_EQ(parse_every_line(ops / "health" / "2026-11-25.jsonl").size(), 8u);
}

TEST_F(HealthInfo, ReportDailyShowsTheDaysLastFigures) {
  const std::string backtick = "\n[[check]]\nname = \"backtick\"\nkind = \"info\"\nservice = \"x\"\ncommand = \"printf 'a\\n```\\nb\\n'\"\n";
  spit(ops / "checks.toml", k_checks + backtick);
  EXPECT_EXIT_CODE(hc({"health-check"}, {{"HYPERCARE_NOW", "2026-11-25T06:00:00Z"}}), 0);
  // A later reading the same day replaces the earlier one in the report.
  std::string later = k_checks;
  later.replace(later.find("echo 42"), 7, "echo 57");
  spit(ops / "checks.toml", later + backtick);
  EXPECT_EXIT_CODE(hc({"health-check"}, {{"HYPERCARE_NOW", "2026-11-25T09:30:00Z"}}), 0);
  const Env after{{"HYPERCARE_NOW", "2026-11-26T06:00:00Z"}};

  auto j = json::parse(hc({"report", "daily", "--date", "2026-11-25", "--json"}, after).out);
  ASSERT_EQ(j["system_figures"].size(), 4u) << j["system_figures"].dump(2);
  EXPECT_EQ(j["system_figures"][0]["check"], "db-connections") << "checks.toml order";
  EXPECT_EQ(j["system_figures"][0]["value"], 57);
  EXPECT_EQ(j["system_figures"][0]["at"], "2026-11-25T09:30:00Z");
  EXPECT_EQ(j["system_figures"][2]["error"], "exit 3: the server could not be reached");
  EXPECT_EQ(j["health"]["services"].size(), 1u) << "figures make no uptime: " << j["health"].dump(2);
  EXPECT_EQ(j["health"]["results"], 2u);

  auto md = hc({"report", "daily", "--date", "2026-11-25", "--format", "md"}, after);
  EXPECT_EXIT_CODE(md, 0);
  for (const char* s : {"### System figures", "| db-connections | database | 57 connections | 15:00 |",
                        "| pods | platform | see below | 15:00 |", "could not read: exit 3: the server could not be reached",
                        "pods (platform), at 15:00:\n\n```text\n  3 odoo Running\n  1 api Pending\n```",
                        "````text\na\n```\nb\n````"})
    EXPECT_NE(md.out.find(s), std::string::npos) << s << "\n" << md.out;
  auto html = hc({"report", "daily", "--date", "2026-11-25", "--format", "html"}, after);
  EXPECT_EXIT_CODE(html, 0);
  EXPECT_NE(html.out.find("<pre><code class=\"language-text\">  3 odoo Running\n  1 api Pending\n</code></pre>"), std::string::npos)
      << html.out;

  // A day with no readings says so; a team without info checks gets no section at all.
  auto empty = hc({"report", "daily", "--date", "2026-11-24", "--format", "md"}, after);
  EXPECT_NE(empty.out.find("No figures recorded that day"), std::string::npos) << empty.out;
  spit(ops / "checks.toml", "[[check]]\nname = \"api\"\nkind = \"command\"\nservice = \"api\"\ncommand = \"true\"\n");
  EXPECT_EQ(hc({"report", "daily", "--date", "2026-11-24", "--format", "md"}, after).out.find("System figures"),
            std::string::npos);
}

TEST_F(HealthInfo, AFigureNeverNotifiesNorOpensAnIncident) {
  FakeEndpoint fake;
  point_at(fake);
  configure(webhook_channel());  // every event, health.failed included
  // A judged check that fails once, so that the channel demonstrably hears of health.
  spit(ops / "checks.toml", std::string(k_checks) + "\n[[check]]\nname = \"red\"\nkind = \"command\"\nservice = \"web\"\ncommand = \"false\"\n");
  EXPECT_EXIT_CODE(hc({"health-check", "--json"}), 1);
  ASSERT_TRUE(fake.wait_for(1, std::chrono::seconds(10)));
  auto got = fake.received();
  for (const auto& req : got) {
    EXPECT_EQ(req.body.find("no-cluster"), std::string::npos) << req.body;
    EXPECT_EQ(req.body.find("db-connections"), std::string::npos) << req.body;
  }
  EXPECT_EQ(json::parse(hc({"incident", "list", "--all", "--json"}).out).size(), 0u);
}

TEST_F(HealthInfo, WhatJudgesHasNoPlaceInAnInfoCheck) {
  auto refused = [&](const std::string& toml, const std::string& says) {
    spit(ops / "checks.toml", toml);
    auto r = hc({"health-check", "list"});
    EXPECT_EXIT_CODE(r, 78);
    EXPECT_NE(r.err.find("checks.toml:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << says << "\n" << r.err;
  };
  const std::string head = "[[check]]\nname = \"f\"\nkind = \"info\"\nservice = \"s\"\n";
  refused(head + "command = \"echo 1\"\nwarn_above = 5\n", "check[0].warn_above: an info check records a figure without a verdict");
  refused(head + "command = \"echo 1\"\non_fail = { open_incident = \"P2\" }\n", "check[0].on_fail: an info check records a figure");
  refused(head + "command = \"echo 1\"\nseverity = \"warning\"\n", "check[0].severity");
  refused(head + "command = \"echo 1\"\nquery = \"up\"\n", "an info check needs a command or a query (one of them)");
  refused(head, "an info check needs a command or a query");
  refused(head + "query = \"up\"\n", "an info check with a query needs [prometheus] url");
  refused("[[check]]\nname = \"c\"\nkind = \"command\"\ncommand = \"true\"\nunit = \"MB\"\n", "check[0].unit: only an info check has a unit");
}

}  // namespace
