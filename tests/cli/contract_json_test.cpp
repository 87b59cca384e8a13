// The --json contract of CLI.md: field names, types, RFC 3339 Z timestamps, the `sla` object,
// errors as one JSON object on stderr, and SLA breaches.
#include <regex>

#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;
using CliContract = CliTest;

void expect_string_or_null_time(const json& j, const char* key) {
  ASSERT_TRUE(j.contains(key)) << key;
  EXPECT_TRUE(j[key].is_null() || (j[key].is_string() && is_rfc3339_z(j[key]))) << key << " = " << j[key];
}

// Every field CLI.md lists for an incident, with its type.
void expect_incident_shape(const json& j, bool with_timeline) {
  ASSERT_TRUE(j.is_object()) << j;
  for (const char* key : {"id", "title", "priority", "status", "component", "impact", "description", "assignee"}) {
    ASSERT_TRUE(j.contains(key)) << key;
    EXPECT_TRUE(j[key].is_string()) << key << " = " << j[key];
  }
  EXPECT_TRUE(std::regex_match(j["id"].get<std::string>(), std::regex("INC-\\d{8}-[0-9A-HJKMNP-TV-Z]{4}")))
      << j["id"];
  EXPECT_TRUE(std::regex_match(j["priority"].get<std::string>(), std::regex("P[1-4]"))) << j["priority"];
  EXPECT_TRUE(std::regex_match(j["status"].get<std::string>(),
                               std::regex("open|investigating|identified|monitoring|resolved")))
      << j["status"];
  ASSERT_TRUE(j.contains("tags"));
  EXPECT_TRUE(j["tags"].is_array());
  ASSERT_TRUE(j.contains("created_at"));
  EXPECT_TRUE(j["created_at"].is_string() && is_rfc3339_z(j["created_at"])) << j["created_at"];
  expect_string_or_null_time(j, "acknowledged_at");
  expect_string_or_null_time(j, "resolved_at");
  for (const char* key : {"root_cause", "resolution"}) {
    ASSERT_TRUE(j.contains(key)) << key;
    EXPECT_TRUE(j[key].is_null() || j[key].is_string()) << key;
  }
  ASSERT_TRUE(j.contains("escalation_level"));
  EXPECT_TRUE(j["escalation_level"].is_number_integer());
  ASSERT_TRUE(j.contains("sla"));
  const json& sla = j["sla"];
  ASSERT_TRUE(sla.is_object());
  for (const char* key : {"response_due", "resolution_due"}) {
    ASSERT_TRUE(sla.contains(key)) << key;
    EXPECT_TRUE(sla[key].is_string() && is_rfc3339_z(sla[key])) << key << " = " << sla[key];
  }
  for (const char* key : {"response_breached", "resolution_breached"}) {
    ASSERT_TRUE(sla.contains(key)) << key;
    EXPECT_TRUE(sla[key].is_boolean()) << key;
  }
  if (with_timeline) {
    ASSERT_TRUE(j.contains("timeline"));
    ASSERT_TRUE(j["timeline"].is_array());
    EXPECT_FALSE(j["timeline"].empty());
    for (const auto& e : j["timeline"]) {
      for (const char* key : {"ts", "actor", "type", "message"}) {
        ASSERT_TRUE(e.contains(key)) << key;
        EXPECT_TRUE(e[key].is_string()) << key;
      }
      EXPECT_TRUE(is_rfc3339_z(e["ts"])) << e["ts"];
    }
  }
}

TEST_F(CliContract, ShowAndListJsonHaveEveryDocumentedField) {
  init_ops(false);
  const std::string open = new_incident("Open one", "P2", {"-c", "db", "--tag", "t1"});
  const std::string done = new_incident("Done one", "P4");
  ASSERT_EXIT_CODE(hc({"incident", "ack", done}), 0);
  ASSERT_EXIT_CODE(hc({"incident", "resolve", done, "--root-cause", "rc", "--resolution", "fix"}), 0);

  auto s = hc({"incident", "show", open, "--json"});
  ASSERT_EXIT_CODE(s, 0);
  EXPECT_EQ(s.err, "");
  auto j = json::parse(s.out, nullptr, false);
  expect_incident_shape(j, true);
  EXPECT_TRUE(j["acknowledged_at"].is_null());
  EXPECT_TRUE(j["resolved_at"].is_null());
  EXPECT_EQ(j["escalation_level"], 0);

  auto d = show(done);
  expect_incident_shape(d, true);
  EXPECT_EQ(d["acknowledged_at"], k_now);
  EXPECT_EQ(d["resolved_at"], k_now);
  EXPECT_EQ(d["root_cause"], "rc");

  auto l = hc({"incident", "list", "--all", "--json"});
  ASSERT_EXIT_CODE(l, 0);
  EXPECT_EQ(l.err, "");
  auto arr = json::parse(l.out, nullptr, false);
  ASSERT_TRUE(arr.is_array()) << l.describe();
  ASSERT_EQ(arr.size(), 2u);
  for (const auto& inc : arr) expect_incident_shape(inc, false);

  // A `--json` listing with nothing in it is still one JSON document.
  auto empty = hc({"incident", "list", "-p", "P1", "--json"});
  EXPECT_EXIT_CODE(empty, 0);
  EXPECT_EQ(json::parse(empty.out, nullptr, false), json::array());
  // The global flag works before the subcommand too.
  auto before = hc({"--json", "incident", "list", "--all"});
  EXPECT_EXIT_CODE(before, 0);
  EXPECT_EQ(json::parse(before.out, nullptr, false), arr);
}

TEST_F(CliContract, JsonErrorsAreOneObjectOnStderrWithTheRightExitCode) {
  init_ops(false);
  const std::string id = new_incident("Errors", "P3");
  ASSERT_EXIT_CODE(hc({"incident", "resolve", id, "--root-cause", "a", "--resolution", "b"}), 0);
  fs::create_directories(root / "empty");
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string kind;
    Env env;
  };
  const std::vector<Case> cases = {
      {{"incident", "show", "NOPE"}, 66, "missing", {}},
      {{"incident", "new", "x", "-p", "P7"}, 64, "usage", {}},
      {{"incident", "list", "--bogus"}, 64, "usage", {}},
      {{"incident", "ack", id}, 65, "data", {}},
      {{"incdent", "list"}, 64, "usage", {}},
      {{"status"}, 66, "missing", {{"HYPERCARE_OPS", (root / "empty").string()}}},
  };
  for (const auto& c : cases) {
    auto args = c.args;
    args.push_back("--json");
    auto r = hc(args, c.env);
    EXPECT_EXIT_CODE(r, c.code);
    EXPECT_EQ(r.out, "") << r.describe();
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "stderr is not exactly one line: " << r.describe();
    auto e = json::parse(r.err, nullptr, false);
    ASSERT_TRUE(e.is_object() && e.size() == 1 && e.contains("error")) << r.describe();
    const auto& err = e["error"];
    for (const char* key : {"kind", "message"}) {
      ASSERT_TRUE(err.contains(key)) << key << ": " << r.describe();
      EXPECT_TRUE(err[key].is_string()) << key << ": " << r.describe();
    }
    // A hint, when there is one, is a command to type; never an empty string.
    if (err.contains("hint")) {
      EXPECT_FALSE(err["hint"].get<std::string>().empty()) << r.describe();
    }
    EXPECT_EQ(err["kind"], c.kind) << r.describe();
    EXPECT_FALSE(err["message"].get<std::string>().empty());
  }
}

TEST_F(CliContract, SlaBreachShowsInListAndJson) {
  init_ops(false);
  const std::string p1 = new_incident("Everything is down", "P1");                 // respond by 03:15
  const std::string acked = new_incident("Acked in time", "P1");                   // ack at 03:10
  const std::string p3 = new_incident("Slow page", "P3");                          // respond by 05:00
  ASSERT_EXIT_CODE(hc({"incident", "ack", acked}, {{"HYPERCARE_NOW", "2026-11-27T03:10:00Z"}}), 0);

  auto breached_ids = [&](const std::string& now, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"incident", "list", "--breached", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = hc(args, {{"HYPERCARE_NOW", now}});
    EXPECT_EXIT_CODE(r, 0);
    std::vector<std::string> ids;
    for (const auto& inc : json::parse(r.out, nullptr, false)) ids.push_back(inc["id"].get<std::string>());
    return ids;
  };
  EXPECT_TRUE(breached_ids("2026-11-27T03:14:00Z").empty());
  EXPECT_EQ(breached_ids("2026-11-27T03:16:00Z"), std::vector<std::string>{p1});
  // 05:01: the P1 resolution target (2h) is missed by both P1s; the P3 has not answered in 2h.
  auto late = breached_ids("2026-11-27T05:01:00Z");
  EXPECT_EQ(late.size(), 3u);

  auto j = show(p1, {{"HYPERCARE_NOW", "2026-11-27T03:16:00Z"}});
  EXPECT_EQ(j["sla"]["response_breached"], true);
  EXPECT_EQ(j["sla"]["resolution_breached"], false);
  j = show(acked, {{"HYPERCARE_NOW", "2026-11-27T03:16:00Z"}});
  EXPECT_EQ(j["sla"]["response_breached"], false);
  j = show(acked, {{"HYPERCARE_NOW", "2026-11-27T05:01:00Z"}});
  EXPECT_EQ(j["sla"]["resolution_breached"], true);
  EXPECT_EQ(show(p3, {{"HYPERCARE_NOW", "2026-11-27T05:01:00Z"}})["sla"]["response_breached"], true);

  auto human = hc({"incident", "list", "--breached"}, {{"HYPERCARE_NOW", "2026-11-27T03:16:00Z"}});
  EXPECT_EXIT_CODE(human, 0);
  EXPECT_NE(human.out.find(p1), std::string::npos) << human.describe();
  EXPECT_EQ(human.out.find(acked), std::string::npos) << human.describe();
  EXPECT_NE(human.out.find("overdue"), std::string::npos) << human.describe();

  auto status = hc({"status", "--json"}, {{"HYPERCARE_NOW", "2026-11-27T03:16:00Z"}});
  EXPECT_EXIT_CODE(status, 0);
  auto sj = json::parse(status.out, nullptr, false);
  ASSERT_TRUE(sj.is_object()) << status.describe();
  EXPECT_EQ(sj["open"]["breached"], 1);
  EXPECT_EQ(sj["open"]["total"], 3);
  EXPECT_EQ(sj["open"]["unacknowledged"], 2);
}

}  // namespace
