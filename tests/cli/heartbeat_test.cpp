// Heartbeats (dead man's switches): `hypercare heartbeat NAME` pings, `watch` rounds open one
// incident per miss and note the recovery. Every round here is its own `watch --once` process, so
// each test also shows that a restart of the watcher between a miss and a ping loses nothing.
#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

constexpr const char* k_heartbeat = R"(
[[heartbeat]]
name = "backup"
every = "5m"
grace = "2m"
priority = "P2"
component = "db"
description = "The nightly DB backup job"
)";

class Heartbeat : public CliTest {
 protected:
  void SetUp() override {
    init_ops(true);
    fs::remove(ops / "checks.toml");  // no health checks: the rounds are about heartbeats only
    append_bytes(ops / "hypercare.toml", k_heartbeat);
    ASSERT_EXIT_CODE(git({"commit", "-qam", "a heartbeat, no checks"}), 0);
  }
  RunResult at(const std::string& time, const std::vector<std::string>& args) const {
    return hc(args, {{"HYPERCARE_NOW", time}});
  }
  // The watcher's round at `time`, as JSON.
  json round(const std::string& time) const {
    auto r = at(time, {"--no-notify", "watch", "--once", "--json"});
    EXPECT_EXIT_CODE(r, 0);
    return json::parse(r.out, nullptr, false);
  }
  json incidents() const { return json::parse(hc({"incident", "list", "--all", "--json"}).out, nullptr, false); }
  int commits() const { return std::stoi(git({"rev-list", "--count", "HEAD"}).out); }
};

TEST_F(Heartbeat, AMissOpensOneIncidentAndAPingAfterItResolvesItAtSource) {
  auto ping = at("2026-11-27T03:00:00Z", {"heartbeat", "backup"});
  ASSERT_EXIT_CODE(ping, 0);
  EXPECT_NE(ping.out.find("heartbeat backup pinged at"), std::string::npos) << ping.out;
  EXPECT_NE(ping.out.find("due by 08:37 IST"), std::string::npos) << ping.out;
  // A ping is machine-local: nothing to commit.
  EXPECT_EQ(git({"status", "--porcelain"}).out, "");
  EXPECT_TRUE(fs::exists(ops / ".hypercare" / "heartbeats" / "backup"));
  // Not missed while within every + grace. (This first round of the day records that a watcher
  // runs, for `hypercare kickoff`: its one commit a day.)
  EXPECT_EQ(round("2026-11-27T03:07:00Z")["heartbeats"].size(), 0u);
  EXPECT_EQ(incidents().size(), 0u);
  int before = commits();

  auto missed = round("2026-11-27T03:08:00Z");
  ASSERT_EQ(missed["heartbeats"].size(), 1u) << missed.dump();
  EXPECT_EQ(missed["heartbeats"][0]["name"], "backup");
  EXPECT_EQ(missed["heartbeats"][0]["action"], "created");
  auto list = incidents();
  ASSERT_EQ(list.size(), 1u) << list.dump();
  std::string id = list[0]["id"];
  EXPECT_EQ(list[0]["priority"], "P2");
  EXPECT_EQ(list[0]["component"], "db");
  EXPECT_EQ(list[0]["title"], "Heartbeat backup missed: no ping since 2026-11-27T03:00:00Z");
  EXPECT_EQ(list[0]["tags"][0], "heartbeat");
  auto shown = show(id);
  EXPECT_NE(shown["description"].get<std::string>().find("The nightly DB backup job"), std::string::npos) << shown.dump();
  EXPECT_EQ(commits(), before + 1);

  // Later rounds of the same miss (before its response clock runs out at 03:38, which would be
  // records of their own): no second incident, no record, no commit.
  auto lines = split_lines(slurp(incident_file(id))).size();
  for (auto t : {"2026-11-27T03:09:00Z", "2026-11-27T03:20:00Z", "2026-11-27T03:35:00Z"})
    EXPECT_EQ(round(t)["heartbeats"].size(), 0u) << t;
  EXPECT_EQ(incidents().size(), 1u);
  EXPECT_EQ(split_lines(slurp(incident_file(id))).size(), lines);
  EXPECT_EQ(commits(), before + 1);
  auto status = json::parse(at("2026-11-27T05:00:00Z", {"status", "--json"}).out, nullptr, false);
  ASSERT_EQ(status["heartbeats"].size(), 1u) << status.dump();
  EXPECT_EQ(status["heartbeats"][0]["state"], "overdue");
  EXPECT_EQ(status["heartbeats"][0]["last_ping"], "2026-11-27T03:00:00Z");
  EXPECT_EQ(status["heartbeats"][0]["incident"], id);

  // The job runs again: the miss is over.
  auto back = at("2026-11-27T05:10:00Z", {"heartbeat", "backup", "--json"});
  ASSERT_EXIT_CODE(back, 0);
  auto b = json::parse(back.out, nullptr, false);
  EXPECT_EQ(b["pinged_at"], "2026-11-27T05:10:00Z");
  EXPECT_EQ(b["due"], "2026-11-27T05:17:00Z");
  ASSERT_EQ(b["changes"].size(), 1u) << back.out;
  EXPECT_EQ(b["changes"][0]["action"], "resolved_at_source");
  shown = show(id);
  EXPECT_EQ(shown["status"], "monitoring");
  EXPECT_NE(shown["timeline"].dump().find("resolved at source: backup at 2026-11-27T05:10:00Z"), std::string::npos)
      << shown["timeline"].dump();
  EXPECT_EQ(round("2026-11-27T05:11:00Z")["heartbeats"].size(), 0u);
  EXPECT_EQ(git({"status", "--porcelain"}).out, "");

  // Missed again while the incident waits in monitoring: that incident fires again.
  auto again = round("2026-11-27T05:18:00Z");
  ASSERT_EQ(again["heartbeats"].size(), 1u) << again.dump();
  EXPECT_EQ(again["heartbeats"][0]["action"], "refired");
  EXPECT_EQ(again["heartbeats"][0]["incident"], id);
  EXPECT_EQ(incidents().size(), 1u);
}

TEST_F(Heartbeat, AutoResolveResolvesTheMissWhenThePingsComeBack) {
  auto toml = slurp(ops / "hypercare.toml");
  spit(ops / "hypercare.toml", toml + "auto_resolve = true\n");
  ASSERT_EXIT_CODE(at("2026-11-27T03:00:00Z", {"heartbeat", "backup"}), 0);
  ASSERT_EQ(round("2026-11-27T03:20:00Z")["heartbeats"].size(), 1u);
  auto back = at("2026-11-27T03:21:00Z", {"heartbeat", "backup"});
  ASSERT_EXIT_CODE(back, 0);
  EXPECT_NE(back.out.find("the heartbeat is back → resolved"), std::string::npos) << back.out;
  auto list = incidents();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["status"], "resolved");
  // A miss after that is a new incident.
  ASSERT_EQ(round("2026-11-27T03:40:00Z")["heartbeats"][0]["action"], "created");
  EXPECT_EQ(incidents().size(), 2u);
}

TEST_F(Heartbeat, ANeverPingedHeartbeatWaitsAndIsShown) {
  EXPECT_EQ(round("2026-11-28T03:00:00Z")["heartbeats"].size(), 0u);
  EXPECT_EQ(incidents().size(), 0u);
  auto status = at("2026-11-28T03:00:00Z", {"status"});
  EXPECT_NE(status.out.find("heartbeat backup  waiting for its first ping (every 5m)"), std::string::npos) << status.out;
  auto list = json::parse(hc({"health-check", "list", "--json"}).out, nullptr, false);
  ASSERT_EQ(list.size(), 1u) << list.dump();
  EXPECT_EQ(list[0]["kind"], "heartbeat");
  EXPECT_EQ(list[0]["state"], "waiting");
  EXPECT_TRUE(list[0]["last_ping"].is_null());
  ASSERT_EXIT_CODE(at("2026-11-28T03:00:00Z", {"heartbeat", "backup"}), 0);
  auto text = at("2026-11-28T03:01:00Z", {"health-check", "list"});
  EXPECT_NE(text.out.find("backup     up     08:30 IST (1m ago)  08:37 IST  5m     2m     db         -"), std::string::npos) << text.out;
}

TEST_F(Heartbeat, AnUnknownNameOrABadDeclarationIsAClearError) {
  auto r = hc({"heartbeat", "nightly"});
  EXPECT_EXIT_CODE(r, 66);
  EXPECT_NE(r.err.find("no heartbeat 'nightly' is declared (there are: backup)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[[heartbeat]] name = \"nightly\""), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(ops / ".hypercare" / "heartbeats" / "nightly"));

  auto toml = slurp(ops / "hypercare.toml");
  spit(ops / "hypercare.toml", toml + "\n[[heartbeat]]\nname = \"fast\"\nevery = \"5s\"\n");
  r = hc({"heartbeat", "backup"});
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find("heartbeat[1].every: must be at least 10s"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hypercare.toml:"), std::string::npos) << r.err;
  spit(ops / "hypercare.toml", toml + "\n[[heartbeat]]\nname = \"Backup Job\"\nevery = \"5m\"\n");
  r = hc({"heartbeat", "backup"});
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find("heartbeat[1].name: must be 1 to 64 of a-z, 0-9, _ and -"), std::string::npos) << r.err;
  spit(ops / "hypercare.toml", toml + "\n[[heartbeat]]\nname = \"backup\"\nevery = \"5m\"\n");
  r = hc({"heartbeat", "backup"});
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find("'backup' is declared twice"), std::string::npos) << r.err;
}

TEST_F(Heartbeat, AnUnreadablePingFileWarnsAndTheNextPingReplacesIt) {
  fs::create_directories(ops / ".hypercare" / "heartbeats");
  spit(ops / ".hypercare" / "heartbeats" / "backup", "garbage\n");
  auto r = at("2026-11-27T04:00:00Z", {"--no-notify", "watch", "--once"});
  EXPECT_EXIT_CODE(r, 0);
  EXPECT_NE(r.err.find("not a time"), std::string::npos) << r.err;
  EXPECT_EQ(incidents().size(), 0u);
  ASSERT_EXIT_CODE(at("2026-11-27T04:00:00Z", {"heartbeat", "backup"}), 0);
  EXPECT_EQ(slurp(ops / ".hypercare" / "heartbeats" / "backup"), "2026-11-27T04:00:00Z\n");
}

}  // namespace
