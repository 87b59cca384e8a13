// Maintenance windows: `maintenance start|list|end`, what an alert or a failing check opened
// during one does (pages nobody, escalates and breaches not, left out of the report figures),
// notifications held back, after the window, and the window a hotfix deploy opens for itself.
#include <set>

#include "hotfix_fixture.hpp"
#include "notify_helpers.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

constexpr const char* T0 = "2026-11-25T10:00:00Z";

// An Alertmanager payload with one alert for `component`.
std::string alert(const std::string& name, const std::string& component, bool firing = true) {
  json a = {{"status", firing ? "firing" : "resolved"},
            {"labels", {{"alertname", name}, {"severity", "critical"}, {"component", component}}},
            {"annotations", {{"summary", name + " on " + component}}},
            {"startsAt", "2026-11-25T09:59:00Z"},
            {"endsAt", firing ? "0001-01-01T00:00:00Z" : "2026-11-25T10:20:00Z"},
            {"fingerprint", "fp-" + name}};
  return json{{"version", "4"}, {"status", firing ? "firing" : "resolved"}, {"receiver", "hypercare"},
              {"groupKey", "{}:{alertname=\"" + name + "\"}"}, {"alerts", json::array({a})}}
      .dump();
}

class Maintenance : public NotifyCliTest {
 protected:
  void SetUp() override { init_ops(true); }
  RunResult at(const std::string& time, const std::vector<std::string>& args, const std::string& in = {}) const {
    return hc(args, {{"HYPERCARE_NOW", time}}, in);
  }
  json window(const std::string& time, const std::vector<std::string>& args) const {
    std::vector<std::string> all{"--json", "maintenance", "start"};
    all.insert(all.end(), args.begin(), args.end());
    auto r = at(time, all);
    EXPECT_EXIT_CODE(r, 0);
    return json::parse(r.out, nullptr, false);
  }
  json list(const std::string& time, bool all = false) const {
    std::vector<std::string> args{"maintenance", "list", "--json"};
    if (all) args.push_back("--all");
    return json::parse(at(time, args).out, nullptr, false);
  }
  // Ingests one alert at `time`; the incident id it opened or updated.
  std::string ingest(const std::string& time, const std::string& payload) const {
    auto r = at(time, {"incident", "ingest", "--json", "-"}, payload);
    EXPECT_EXIT_CODE(r, 0);
    auto j = json::parse(r.out, nullptr, false);
    return j.is_object() && j["alerts"][0]["incident"].is_string() ? j["alerts"][0]["incident"].get<std::string>() : "";
  }
};

TEST_F(Maintenance, StartListAndEndAWindow) {
  auto w = window(T0, {"-c", "odoo", "-c", "db", "--for", "90m", "-m", "Odoo 17.0.3 upgrade"});
  std::string id = w["id"];
  EXPECT_TRUE(id.starts_with("MW-20261125-")) << id;
  EXPECT_EQ(w["components"], json({"odoo", "db"}));
  EXPECT_EQ(w["from"], T0);
  EXPECT_EQ(w["until"], "2026-11-25T11:30:00Z");
  EXPECT_EQ(w["state"], "active");
  EXPECT_EQ(w["by"], "dev1");
  EXPECT_EQ(git({"status", "--porcelain"}).out, "") << "committed";
  EXPECT_NE(git({"log", "-1", "--format=%s"}).out.find("maintenance " + id + ": odoo, db from"), std::string::npos);

  // Ahead, in the team's zone, everything.
  auto later = window(T0, {"--from", "2026-11-26 22:00", "--until", "2026-11-26 23:30", "-m", "DB failover drill"});
  EXPECT_EQ(later["from"], "2026-11-26T16:30:00Z");
  EXPECT_EQ(later["everything"], true);
  EXPECT_EQ(later["state"], "scheduled");

  auto text = at("2026-11-25T10:30:00Z", {"maintenance", "list"});
  EXPECT_EXIT_CODE(text, 0);
  EXPECT_NE(text.out.find(id + "  active     2026-11-25 15:30  2026-11-25 17:00  odoo, db    dev1  Odoo 17.0.3 upgrade"),
            std::string::npos)
      << text.out;
  auto status = at("2026-11-25T10:30:00Z", {"status"});
  EXPECT_NE(status.out.find("maintenance " + id + " now odoo, db until 17:00 IST (in 1h)"), std::string::npos) << status.out;
  EXPECT_EQ(json::parse(at("2026-11-25T10:30:00Z", {"status", "--json"}).out)["maintenance"].size(), 2u);

  auto ended = at("2026-11-25T10:40:00Z", {"--json", "maintenance", "end", id.substr(id.size() - 4)});
  ASSERT_EXIT_CODE(ended, 0);
  auto e = json::parse(ended.out);
  EXPECT_EQ(e["ended_at"], "2026-11-25T10:40:00Z");
  EXPECT_EQ(e["state"], "ended");
  EXPECT_EQ(list("2026-11-25T10:41:00Z").size(), 1u) << "only the one ahead";
  EXPECT_EQ(list("2026-11-25T10:41:00Z", true).size(), 2u);

  auto again = at("2026-11-25T10:45:00Z", {"maintenance", "end", id});
  EXPECT_EXIT_CODE(again, 65);
  EXPECT_NE(again.err.find("is over already"), std::string::npos) << again.err;
  EXPECT_EXIT_CODE(at(T0, {"maintenance", "end", "MW-20261125-ZZZZ"}), 66);

  // The one ahead, called off before it begins: gone from the list, and from status.
  auto off = at("2026-11-25T12:00:00Z", {"maintenance", "end", later["id"]});
  ASSERT_EXIT_CODE(off, 0);
  EXPECT_NE(off.out.find("called off"), std::string::npos) << off.out;
  EXPECT_EQ(list("2026-11-25T12:01:00Z").size(), 0u);
  EXPECT_EQ(list("2026-11-25T12:01:00Z", true)[1]["state"], "cancelled");
  EXPECT_EQ(at("2026-11-25T12:01:00Z", {"status"}).out.find("maintenance "), std::string::npos);
}

TEST_F(Maintenance, BadRequestsAreUsageErrorsAndWriteNothing) {
  auto before = snapshot(ops);
  auto both = at(T0, {"maintenance", "start", "--for", "1h", "--until", "2026-11-25 18:00", "-m", "x"});
  EXPECT_EXIT_CODE(both, 64);
  EXPECT_NE(both.err.find("--for DUR or --until TIME (one of them)"), std::string::npos) << both.err;
  EXPECT_EXIT_CODE(at(T0, {"maintenance", "start", "-m", "x"}), 64);
  auto past = at(T0, {"maintenance", "start", "--until", "2026-11-24 10:00", "-m", "x"});
  EXPECT_EXIT_CODE(past, 64);
  EXPECT_NE(past.err.find("before it starts"), std::string::npos) << past.err;
  auto over = at(T0, {"maintenance", "start", "--from", "2026-11-20 10:00", "--for", "1h", "-m", "x"});
  EXPECT_EXIT_CODE(over, 64);
  EXPECT_NE(over.err.find("over already"), std::string::npos) << over.err;
  EXPECT_EXIT_CODE(at(T0, {"maintenance", "start", "--for", "soon", "-m", "x"}), 64);
  EXPECT_EXIT_CODE(at(T0, {"maintenance", "start", "--from", "tomorrow-ish", "--for", "1h", "-m", "x"}), 64);
  EXPECT_EXIT_CODE(at(T0, {"maintenance", "start", "--for", "1h"}), 64);
  EXPECT_EQ(snapshot(ops), before);
}

// The whole story with a Slack channel on a fake endpoint: an alert for the component under
// maintenance is recorded but pages nobody, one for another component pages; the report leaves
// the first out and says so; after the window the one still firing escalates and pages.
TEST_F(Maintenance, AnAlertDuringAWindowPagesNobodyUntilTheWindowIsOver) {
  FakeEndpoint slack;
  configure(slack_channel());
  point_at(slack);
  auto w = window(T0, {"-c", "odoo", "--for", "1h", "-m", "Odoo upgrade"});

  std::string quiet = ingest("2026-11-25T10:05:00Z", alert("OdooDown", "odoo"));
  auto inc = show(quiet);
  EXPECT_EQ(inc["maintenance"], w["id"]);
  EXPECT_NE(std::find(inc["tags"].begin(), inc["tags"].end(), "maintenance"), inc["tags"].end()) << inc["tags"];
  EXPECT_EQ(slack.count(), 0u) << "paged during maintenance";
  EXPECT_EQ(outbox().size(), 0u);
  std::string recovered = ingest("2026-11-25T10:06:00Z", alert("OdooSlow", "odoo"));
  ingest("2026-11-25T10:20:00Z", alert("OdooSlow", "odoo", false));  // resolved at source in the window

  std::string loud = ingest("2026-11-25T10:10:00Z", alert("DbDown", "db"));
  EXPECT_TRUE(show(loud)["maintenance"].is_null());
  ASSERT_TRUE(slack.wait_for(1, std::chrono::seconds(5)));
  EXPECT_NE(slack.received()[0].body.find(loud), std::string::npos);

  // In the window: no breach, no escalation for the quiet ones (P1 response: 15m).
  auto round = json::parse(at("2026-11-25T10:50:00Z", {"watch", "--once", "--json"}).out);
  for (const auto& b : round["breaches"]) EXPECT_EQ(b["id"], loud) << round.dump();
  for (const auto& e : round["escalations"]) EXPECT_EQ(e["id"], loud) << round.dump();
  EXPECT_EQ(round["breaches"].size(), 1u) << round.dump();

  auto daily = json::parse(at("2026-11-25T23:00:00Z", {"report", "daily", "--date", "2026-11-25", "--json"}).out);
  auto text = daily.dump();
  EXPECT_NE(text.find("\"maintenance\":\"" + w["id"].get<std::string>() + "\""), std::string::npos) << text;
  auto md = at("2026-11-25T23:00:00Z", {"report", "daily", "--date", "2026-11-25"});
  EXPECT_NE(md.out.find("2 incidents left out of the figures (0 duplicates, 0 false alarms, 2 during maintenance)"), std::string::npos)
      << md.out;

  // The window is over: the one still firing breaches, escalates and pages; the one resolved at
  // source stays quiet.
  std::size_t before = slack.count();
  round = json::parse(at("2026-11-25T11:01:00Z", {"watch", "--once", "--json"}).out);
  std::set<std::string> touched;
  for (const auto& b : round["breaches"]) touched.insert(b["id"]);
  for (const auto& e : round["escalations"]) touched.insert(e["id"]);
  EXPECT_TRUE(touched.contains(quiet)) << round.dump();
  EXPECT_FALSE(touched.contains(recovered)) << round.dump();
  EXPECT_GT(slack.count(), before);
  bool paged = false;
  for (const auto& r : slack.received()) paged = paged || r.body.find(quiet) != std::string::npos;
  EXPECT_TRUE(paged);
}

TEST_F(Maintenance, QueuedNotificationsAboutTheComponentWaitForTheWindowToEnd) {
  FakeEndpoint slack;
  slack.fallback(answer(503, "down"));
  configure(slack_channel());
  point_at(slack);
  ASSERT_EXIT_CODE(at(T0, {"incident", "new", "Odoo login slow", "-p", "P3", "-c", "odoo"}), 0);
  ASSERT_EQ(outbox().size(), 1u) << "queued: Slack was down";
  auto w = window("2026-11-25T10:01:00Z", {"-c", "odoo", "--for", "1h", "-m", "Odoo upgrade"});
  slack.fallback(answer(200, "ok"));
  std::size_t tries = slack.count();
  ASSERT_EXIT_CODE(at("2026-11-25T10:30:00Z", {"watch", "--once"}), 0);
  EXPECT_EQ(slack.count(), tries) << "held back while the window lasts";
  EXPECT_EQ(outbox().size(), 1u);
  // What someone opens by hand in the window is not held: they mean it.
  ASSERT_EXIT_CODE(at("2026-11-25T10:30:00Z", {"incident", "new", "Odoo data loss", "-p", "P1", "-c", "odoo"}), 0);
  EXPECT_EQ(slack.count(), tries + 1);
  EXPECT_NE(slack.received().back().body.find("Odoo data loss"), std::string::npos);
  EXPECT_EQ(outbox().size(), 1u);
  ASSERT_EXIT_CODE(at("2026-11-25T10:31:00Z", {"maintenance", "end", w["id"]}), 0);
  ASSERT_EXIT_CODE(at("2026-11-25T10:32:00Z", {"watch", "--once"}), 0);
  EXPECT_EQ(outbox().size(), 0u);
  EXPECT_GT(slack.count(), tries);
}

TEST_F(Maintenance, AFailingCheckDuringAWindowOpensAQuietIncident) {
  spit(ops / "checks.toml",
       "[[check]]\nname = \"odoo-web\"\nkind = \"command\"\ncommand = \"false\"\nservice = \"odoo\"\ninterval = \"1m\"\n"
       "on_fail = { open_incident = \"P2\", after = 1 }\n");
  FakeEndpoint hook;
  configure(webhook_channel());
  point_at(hook);
  window(T0, {"-c", "odoo", "--for", "1h", "-m", "Odoo upgrade"});
  auto r = at("2026-11-25T10:01:00Z", {"health-check", "run"});
  EXPECT_EXIT_CODE(r, 1);
  auto list = json::parse(hc({"incident", "list", "--json"}).out);
  ASSERT_EQ(list.size(), 1u) << r.describe();
  EXPECT_FALSE(list[0]["maintenance"].is_null());
  EXPECT_EQ(hook.count(), 0u) << "neither health.failed nor incident.created is sent";
}

class MaintenanceHotfix : public HotfixTest {};

TEST_F(MaintenanceHotfix, ADeployOpensAWindowForItsComponentAndEndsItWhenDone) {
  init_example();
  ASSERT_EXIT_CODE(deploy("v17.0.3", "odoo"), 0);
  auto all = json::parse(hc({"maintenance", "list", "--all", "--json"}).out);
  ASSERT_EQ(all.size(), 1u) << all.dump();
  EXPECT_EQ(all[0]["components"], json({"odoo"}));
  EXPECT_TRUE(all[0]["hotfix"].get<std::string>().starts_with("HF-")) << all.dump();
  EXPECT_EQ(all[0]["state"], "ended");
  EXPECT_FALSE(all[0]["ended_at"].is_null());

  // A deploy that fails its smoke test and is rolled back: opened and ended too.
  auto failing = deploy("v17.0.4", "odoo", {{"STAND_IN_FAIL", "smoke"}});
  EXPECT_EXIT_CODE(failing, 1);
  all = json::parse(hc({"maintenance", "list", "--all", "--json"}).out);
  EXPECT_EQ(all.size(), 2u) << failing.describe();
  for (const auto& w : all) EXPECT_EQ(w["state"], "ended") << all.dump();

  // Off in hotfix.toml: no window.
  auto toml = slurp(ops / "hotfix.toml");
  auto pos = toml.find("[defaults]\n");
  ASSERT_NE(pos, std::string::npos);
  toml.insert(pos + 11, "maintenance = false\n");
  spit(ops / "hotfix.toml", toml);
  ASSERT_EXIT_CODE(deploy("v17.0.5", "odoo"), 0);
  EXPECT_EQ(json::parse(hc({"maintenance", "list", "--all", "--json"}).out).size(), 2u);
}

}  // namespace
