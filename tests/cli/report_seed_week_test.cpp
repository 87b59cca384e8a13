// Issue 14's proof: the seed's week (Smart Dairy, 2026-11-23 .. 27, Asia/Kolkata), played
// through the commands a team types — three engineers on the example's rota, every priority, a
// priority raised after the acknowledgement, a reopen, a duplicate, a false alarm, an escalation
// by `--due` and one by hand, health results covering three of the five days, the survey imported
// twice, and the service's own error rate and P95 latency in a REAL Prometheus (backfilled with
// promtool). Every figure of each day's `report daily`, of `report summary --check` and of `report
// bau` is asserted against values worked out by hand below, with the arithmetic.
//
// Times are IST (UTC+5:30); the commands are run with the UTC instant in HYPERCARE_NOW.
// The example's rota (rota show): A 06–14, B 14–22, C 22–06 IST;
//   Mon A dev1 B dev2 C dev3 · Tue A dev2 B dev3 C dev1 · Wed A dev3 B dev1 C dev2 ·
//   Thu A dev1 B dev2 C dev3 · Fri A dev2 B dev3 C dev1.
// Targets (the example's hypercare.toml): P1 respond 15m / resolve 2h, P2 30m / 4h, P3 2h / 8h,
// P4 4h / 24h; uptime ≥ 99.9 % (min_coverage 90 %), critical_response ≤ 15m, p1_resolution ≤ 4h,
// avg_resolution ≤ 4h, satisfaction ≥ 80 %, max_escalations_per_day 4, max_p1 0, max_p2 4.
//
// The week (IST):
//   I1 P2 payments  Mon 09:00 (dev1), ack 09:20, raised to P1 09:40, resolved 10:30
//        response 20m under P2 (met: the clock had stopped before the raise); resolution 1h30m
//        under P1 (due 11:00, met).
//   I2 P3 reports   Mon 14:30 (dev2), ack 15:00, resolved 17:05; reopened Tue 10:00, resolved 11:00
//        response 30m; resolution = open spells 2h35m + 1h = 3h35m (the 16h55m it sat resolved
//        do not count). As of Monday's end: resolved, 2h35m.
//   I3 P4 web       Tue 08:00 (dev2), no ack; `escalate --due` at 12:30 (response due 12:00):
//        dev2 is still on shift, so it goes on to the next shift's engineer, dev3; dev3 acks
//        13:00, resolves 16:00. Response 5h (breached: due 12:00, met 13:00), resolution 8h.
//   I4 P2 payments  Tue 11:00 (dev2), ack 11:10, resolved 13:00: response 10m, resolution 2h.
//   I5 P2 payments  Tue 11:05, resolved 11:15 as a duplicate of I4: in no figure.
//   I6 P3 db        Wed 03:00 (dev1, Tue's C), resolved 03:20 as a false alarm: in no figure.
//   I7 P1 web       Wed 20:00 (dev1), ack 20:10, resolved 21:30: response 10m, resolution 1h30m.
//   I8 P3 billing   Thu 10:00 (dev1), ack 10:45; escalated by hand Thu 15:00 — dev1's shift is
//        over, so to dev2 on shift now; resolved Fri 09:00. Response 45m, resolution 23h
//        (due Thu 18:00: breached).
//   I9 P4 web       Fri 12:00 (dev2), never acknowledged: response due 16:00 missed, open.
#include <cmath>

#include "prometheus_server.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

// IST wall-clock "2026-11-23 09:00" → the UTC instant.
std::string ist(const std::string& local) {
  std::tm tm{};
  ::strptime(local.c_str(), "%Y-%m-%d %H:%M", &tm);
  auto t = ::timegm(&tm) - (5 * 3600 + 30 * 60);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

constexpr const char* k_week_start_utc = "2026-11-22T18:30:00Z";  // Mon 00:00 IST
constexpr long k_week_start = 1795372200;                          // the same, in Unix seconds

// The service's own metrics, one sample a minute for the five days: the error ratio is 0.001 ×
// the day's number (0.1 % .. 0.5 %), the P95 latency 0.20 s + 0.05 s a day, with one 1.5 s spike
// at Wed 12:00.
std::string service_history() {
  std::string om = "# TYPE app_error_ratio gauge\n";
  for (int i = 0; i < 5 * 1440; ++i)
    om += fmt::format("app_error_ratio {} {}\n", 0.001 * (1 + i / 1440), k_week_start + 60L * i);
  om += "# TYPE app_p95_seconds gauge\n";
  for (int i = 0; i < 5 * 1440; ++i)
    om += fmt::format("app_p95_seconds {} {}\n", i == 2 * 1440 + 720 ? 1.5 : 0.2 + 0.05 * (i / 1440), k_week_start + 60L * i);
  return om + "# EOF\n";
}

class SeedWeek : public CliTest {
 protected:
  void SetUp() override {
    HC_REQUIRE(::access(k_prometheus, X_OK) == 0 && ::access(k_promtool, X_OK) == 0,
               "prometheus and promtool are missing: install Debian's `prometheus` package (tests/deps.sh does)");
    ASSERT_EQ(prometheus.start(root / "prometheus", env, service_history()), "");
    init_ops(true);
    append_bytes(ops / "hypercare.toml", "\n[report.prometheus]\nurl = \"" + prometheus.url() +
                                             "\"\nerror_rate = \"app_error_ratio\"\nlatency_p95 = \"app_p95_seconds\"\n");
    play_the_week();
  }

  // Runs a command at IST time `when` as `who`; it must succeed.
  RunResult at(const std::string& when, const std::string& who, const std::vector<std::string>& args) {
    auto r = hc(args, {{"HYPERCARE_NOW", ist(when)}, {"HYPERCARE_USER", who}});
    EXPECT_EXIT_CODE(r, 0);
    return r;
  }
  std::string open(const std::string& when, const std::string& title, const std::string& priority, const std::string& component) {
    auto r = at(when, "dev1", {"incident", "new", title, "-p", priority, "-c", component, "--json"});
    return json::parse(r.out, nullptr, false).value("id", "");
  }
  void resolve(const std::string& when, const std::string& who, const std::string& id) {
    at(when, who, {"incident", "resolve", id, "--root-cause", "found", "--resolution", "fixed"});
  }

  void play_the_week() {
    i1 = open("2026-11-23 09:00", "Checkout returns 502", "P2", "payments");
    at("2026-11-23 09:20", "dev1", {"incident", "ack", i1});
    at("2026-11-23 09:40", "dev1", {"incident", "priority", i1, "P1", "-m", "every checkout fails"});
    resolve("2026-11-23 10:30", "dev1", i1);

    i2 = open("2026-11-23 14:30", "Reports page slow", "P3", "reports");
    at("2026-11-23 15:00", "dev2", {"incident", "ack", i2});
    resolve("2026-11-23 17:05", "dev2", i2);
    at("2026-11-24 10:00", "dev2", {"incident", "reopen", i2, "-m", "slow again"});
    resolve("2026-11-24 11:00", "dev2", i2);

    i3 = open("2026-11-24 08:00", "Footer typo", "P4", "web");
    auto due = at("2026-11-24 12:30", "dev2", {"incident", "escalate", "--due", "--json"});
    EXPECT_NE(due.out.find(i3), std::string::npos) << due.out;
    at("2026-11-24 13:00", "dev3", {"incident", "ack", i3});
    resolve("2026-11-24 16:00", "dev3", i3);

    i4 = open("2026-11-24 11:00", "Payment gateway timeouts", "P2", "payments");
    i5 = open("2026-11-24 11:05", "Payment gateway timeouts (second alert)", "P2", "payments");
    at("2026-11-24 11:10", "dev2", {"incident", "ack", i4});
    at("2026-11-24 11:15", "dev2", {"incident", "resolve", i5, "--duplicate-of", i4});
    resolve("2026-11-24 13:00", "dev2", i4);

    i6 = open("2026-11-25 03:00", "Disk alert on reports-db", "P3", "db");
    at("2026-11-25 03:20", "dev1", {"incident", "resolve", i6, "--false-alarm"});

    i7 = open("2026-11-25 20:00", "Site down", "P1", "web");
    at("2026-11-25 20:10", "dev1", {"incident", "ack", i7});
    resolve("2026-11-25 21:30", "dev1", i7);

    i8 = open("2026-11-26 10:00", "Invoice PDF broken", "P3", "billing");
    at("2026-11-26 10:45", "dev1", {"incident", "ack", i8});
    at("2026-11-26 15:00", "dev1", {"incident", "escalate", i8, "-m", "needs billing know-how"});
    resolve("2026-11-27 09:00", "dev2", i8);

    i9 = open("2026-11-27 12:00", "Slow image upload", "P4", "web");

    // Health: an http check every hour, Mon 00:00 .. Wed 23:00 (72 results), all up but Tue
    // 10:00; latency 120 ms, 5000 ms for the failure. A result stands until the next one, at most
    // two intervals: the last covers Wed 23:00 .. Thu 01:00.
    spit(ops / "checks.toml", "[[check]]\nname = \"web-health\"\nkind = \"http\"\nservice = \"web\"\n"
                              "url = \"http://127.0.0.1:9/health\"\ninterval = \"1h\"\n");
    fs::create_directories(ops / "health");
    std::map<std::string, std::string> files;
    for (int h = 0; h < 72; ++h) {
      long t = k_week_start + 3600L * h;
      bool down = h == 24 + 10;  // Tue 10:00 IST
      std::time_t tt = t;
      char ts[32], day[16];
      std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
      std::strftime(day, sizeof day, "%Y-%m-%d", std::gmtime(&tt));
      files[std::string(day) + ".jsonl"] += fmt::format(
          R"({{"v":1,"type":"result","id":"01JE{:022}","run":"HC-R{}","ts":"{}","check":"web-health","kind":"http","service":"web","status":"{}","latency_ms":{},"value":null,"message":"{}"}})"
          "\n",
          h, h, ts, down ? "fail" : "ok", down ? 5000 : 120, down ? "503" : "200");
    }
    for (const auto& [name, text] : files) spit(ops / "health" / name, text);

    // The survey: four answers in the window (5, 4, 2, 5: 3 positive) and one before it,
    // imported with its columns named and again with its headers found: nothing counts twice.
    spit(root / "survey.csv", "Timestamp,Rating,Comments,Email\n"
                              "2026-11-23 18:00,5,works,a@example.com\n"
                              "2026-11-24 09:15,4,,b@example.com\n"
                              "2026-11-25 12:00,2,slow reports,c@example.com\n"
                              "2026-11-27 17:00,5,,d@example.com\n"
                              "2026-11-20 10:00,1,before go-live,e@example.com\n");
    auto first = at("2026-11-27 18:00", "lead",
                    {"feedback", "import", (root / "survey.csv").string(), "--columns", "ts=Timestamp,score=Rating,comment=Comments", "--json"});
    EXPECT_EQ(json::parse(first.out, nullptr, false).value("imported", -1), 5) << first.out;
    auto again = at("2026-11-28 09:00", "lead", {"feedback", "import", (root / "survey.csv").string(), "--json"});
    EXPECT_EQ(json::parse(again.out, nullptr, false).value("imported", -1), 0) << again.out;
  }

  // A report as of a time after the window: each daily is then as of the end of its day.
  json report(const std::vector<std::string>& args, int exit = 0) {
    std::vector<std::string> a = {"report"};
    a.insert(a.end(), args.begin(), args.end());
    a.push_back("--format");
    a.push_back("json");
    auto r = hc(a, {{"HYPERCARE_NOW", "2026-11-30T06:00:00Z"}});
    EXPECT_EXIT_CODE(r, exit);
    auto j = json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.describe();
    return j.is_object() ? j : json::object();
  }
  json daily(const std::string& date) { return report({"daily", "--date", date}); }

  static std::vector<std::string> ids(const json& list) {
    std::vector<std::string> out;
    for (const auto& x : list) out.push_back(x.value("id", x.value("incident", "")));
    return out;
  }

  PrometheusServer prometheus;
  std::string i1, i2, i3, i4, i5, i6, i7, i8, i9;
};

constexpr long k_min = 60, k_hour = 3600;

TEST_F(SeedWeek, EveryDailyReportMatchesTheHandComputedFigures) {
  // ---- Mon 11-23: I1, I2 opened and resolved.
  auto mon = daily("2026-11-23");
  const auto& mi = mon["incidents"];
  EXPECT_FALSE(mon["partial"].get<bool>());
  EXPECT_EQ(mi["opened"], 2);
  EXPECT_EQ(mi["opened_by_priority"], json({{"P1", 1}, {"P2", 0}, {"P3", 1}, {"P4", 0}}));  // I1 is P1 by the day's end
  EXPECT_EQ(ids(mi["opened_list"]), (std::vector<std::string>{i1, i2}));
  EXPECT_EQ(ids(mi["resolved_list"]), (std::vector<std::string>{i1, i2}));  // I2's reopen is Tuesday's
  EXPECT_EQ(mi["open"], 0);
  // MTTA (20m + 30m) / 2 = 25m; MTTR (1h30m + 2h35m) / 2 = 2h02m30s = 7350 s.
  EXPECT_EQ(mi["time_to_acknowledge"]["mean_s"], 25 * k_min);
  EXPECT_EQ(mi["time_to_resolve"]["mean_s"], 7350);
  EXPECT_EQ(mi["time_to_resolve"]["max_s"], 2 * k_hour + 35 * k_min);
  EXPECT_FALSE(mi["opened_list"][0]["response_breached"].get<bool>());  // met under P2, stays met under P1
  EXPECT_FALSE(mi["opened_list"][0]["resolution_breached"].get<bool>());
  EXPECT_EQ(mi["excluded"], 0);
  EXPECT_TRUE(mon["escalations"].empty());
  EXPECT_TRUE(mon["sla_breaches"].empty());
  // 24 hourly results, all up: 100 %, 24 h known.
  EXPECT_EQ(mon["health"]["results"], 24);
  EXPECT_EQ(mon["health"]["uptime"]["percent"], 100.0);
  EXPECT_EQ(mon["health"]["uptime"]["up_s"], 24 * k_hour);
  EXPECT_EQ(mon["health"]["uptime"]["unknown_s"], 0);
  EXPECT_TRUE(mon["health"]["failed_checks"].empty());

  // ---- Tue 11-24: I3, I4 opened (I5 left out), I2 resolved again, one escalation, one breach.
  auto tue = daily("2026-11-24");
  const auto& ti = tue["incidents"];
  EXPECT_EQ(ti["opened"], 2);
  EXPECT_EQ(ti["opened_by_priority"], json({{"P1", 0}, {"P2", 1}, {"P3", 0}, {"P4", 1}}));
  EXPECT_EQ(ids(ti["opened_list"]), (std::vector<std::string>{i3, i4}));
  EXPECT_EQ(ids(ti["resolved_list"]), (std::vector<std::string>{i2, i3, i4}));
  EXPECT_EQ(ti["resolved_list"][0]["time_to_resolve_s"], 3 * k_hour + 35 * k_min);  // 2h35m + 1h: open spells only
  EXPECT_EQ(ti["open"], 0);
  // MTTA (5h + 10m) / 2 = 2h35m; MTTR (8h + 2h) / 2 = 5h.
  EXPECT_EQ(ti["time_to_acknowledge"]["mean_s"], 2 * k_hour + 35 * k_min);
  EXPECT_EQ(ti["time_to_resolve"]["mean_s"], 5 * k_hour);
  EXPECT_EQ(ti["excluded"], 1);
  EXPECT_EQ(ti["excluded_list"][0]["id"], i5);
  ASSERT_EQ(tue["escalations"].size(), 1u);
  EXPECT_EQ(tue["escalations"][0]["incident"], i3);
  EXPECT_EQ(tue["escalations"][0]["to"], "dev3");  // dev2 was still on shift: the next shift's engineer
  EXPECT_EQ(tue["escalations"][0]["at"], ist("2026-11-24 12:30"));
  ASSERT_EQ(tue["sla_breaches"].size(), 1u);
  EXPECT_EQ(tue["sla_breaches"][0]["incident"], i3);
  EXPECT_EQ(tue["sla_breaches"][0]["kind"], "response");
  EXPECT_EQ(tue["sla_breaches"][0]["due"], ist("2026-11-24 12:00"));     // 08:00 + 4h
  EXPECT_EQ(tue["sla_breaches"][0]["met_at"], ist("2026-11-24 13:00"));  // late, by an hour
  // 24 results, one down for its hour: 23/24 = 95.833 %.
  EXPECT_EQ(tue["health"]["results"], 24);
  EXPECT_NEAR(tue["health"]["uptime"]["percent"].get<double>(), 100.0 * 23 / 24, 1e-9);
  EXPECT_EQ(tue["health"]["uptime"]["down_s"], k_hour);
  ASSERT_EQ(tue["health"]["failed_checks"].size(), 1u);
  EXPECT_EQ(tue["health"]["failed_checks"][0]["check"], "web-health");

  // ---- Wed 11-25: I7 opened and resolved, I6 left out.
  auto wed = daily("2026-11-25");
  const auto& wi = wed["incidents"];
  EXPECT_EQ(wi["opened"], 1);
  EXPECT_EQ(wi["opened_by_priority"], json({{"P1", 1}, {"P2", 0}, {"P3", 0}, {"P4", 0}}));
  EXPECT_EQ(ids(wi["resolved_list"]), (std::vector<std::string>{i7}));
  EXPECT_EQ(wi["time_to_acknowledge"]["mean_s"], 10 * k_min);
  EXPECT_EQ(wi["time_to_resolve"]["mean_s"], 90 * k_min);
  EXPECT_EQ(wi["excluded"], 1);
  EXPECT_EQ(wi["excluded_list"][0]["id"], i6);
  EXPECT_TRUE(wed["escalations"].empty());
  EXPECT_TRUE(wed["sla_breaches"].empty());
  EXPECT_EQ(wed["health"]["results"], 24);
  EXPECT_EQ(wed["health"]["uptime"]["percent"], 100.0);

  // ---- Thu 11-26: I8 opened, escalated, open at the end, its resolution deadline missed.
  auto thu = daily("2026-11-26");
  const auto& hi = thu["incidents"];
  EXPECT_EQ(hi["opened"], 1);
  EXPECT_EQ(ids(hi["open_list"]), (std::vector<std::string>{i8}));
  EXPECT_EQ(hi["open_by_priority"], json({{"P1", 0}, {"P2", 0}, {"P3", 1}, {"P4", 0}}));
  EXPECT_EQ(hi["resolved"], 0);
  EXPECT_EQ(hi["time_to_acknowledge"]["mean_s"], 45 * k_min);
  EXPECT_TRUE(hi["time_to_resolve"]["mean_s"].is_null());  // not resolved by the day's end
  ASSERT_EQ(thu["escalations"].size(), 1u);
  EXPECT_EQ(thu["escalations"][0]["to"], "dev2");  // dev1's shift ended at 14:00: dev2 is on shift
  ASSERT_EQ(thu["sla_breaches"].size(), 1u);
  EXPECT_EQ(thu["sla_breaches"][0]["kind"], "resolution");
  EXPECT_EQ(thu["sla_breaches"][0]["due"], ist("2026-11-26 18:00"));  // 10:00 + 8h
  EXPECT_TRUE(thu["sla_breaches"][0]["met_at"].is_null());           // as of Thursday's end
  // No result that day; Wed 23:00's stands until 01:00: 1 h known, up; 23 h unknown.
  EXPECT_EQ(thu["health"]["results"], 0);
  EXPECT_EQ(thu["health"]["uptime"]["up_s"], k_hour);
  EXPECT_EQ(thu["health"]["uptime"]["unknown_s"], 23 * k_hour);

  // ---- Fri 11-27: I9 opened and never acknowledged, I8 resolved.
  auto fri = daily("2026-11-27");
  const auto& fi = fri["incidents"];
  EXPECT_EQ(fi["opened"], 1);
  EXPECT_EQ(ids(fi["resolved_list"]), (std::vector<std::string>{i8}));
  EXPECT_EQ(fi["resolved_list"][0]["time_to_resolve_s"], 23 * k_hour);
  EXPECT_TRUE(fi["resolved_list"][0]["resolution_breached"].get<bool>());
  EXPECT_EQ(ids(fi["open_list"]), (std::vector<std::string>{i9}));
  EXPECT_TRUE(fi["time_to_acknowledge"]["mean_s"].is_null());
  ASSERT_EQ(fri["sla_breaches"].size(), 1u);
  EXPECT_EQ(fri["sla_breaches"][0]["incident"], i9);
  EXPECT_EQ(fri["sla_breaches"][0]["due"], ist("2026-11-27 16:00"));  // 12:00 + 4h
  EXPECT_EQ(fri["health"]["results"], 0);
  EXPECT_EQ(fri["health"]["uptime"]["unknown_s"], 24 * k_hour);
  EXPECT_TRUE(fri["health"]["uptime"]["percent"].is_null());  // nothing measured: no data, not 100 %
}

TEST_F(SeedWeek, TheSummaryGateMatchesTheHandComputedFigures) {
  auto s = report({"summary", "--check"}, 1);
  const auto& inc = s["incidents"];
  // Counted: I1 P1, I7 P1, I4 P2, I2 P3, I8 P3, I3 P4, I9 P4 = 7; I5 and I6 left out.
  EXPECT_EQ(inc["total"], 7);
  EXPECT_EQ(inc["excluded"], 2);
  EXPECT_EQ(inc["by_priority"]["P1"]["count"], 2);
  EXPECT_EQ(inc["by_priority"]["P2"]["count"], 1);
  EXPECT_EQ(inc["by_priority"]["P3"]["count"], 2);
  EXPECT_EQ(inc["by_priority"]["P4"]["count"], 2);
  EXPECT_EQ(inc["all"]["open"], 1);  // I9
  // Response times under the priority at the ack: P1 {I7 10m}; P2 {I1 20m, I4 10m} → 15m;
  // P3 {I2 30m, I8 45m} → 37m30s; P4 {I3 5h}. All: (20+30+300+10+10+45)m / 6 = 415m / 6 = 4150 s.
  EXPECT_EQ(inc["by_priority"]["P1"]["response"]["mean_s"], 10 * k_min);
  EXPECT_EQ(inc["by_priority"]["P2"]["response"]["mean_s"], 15 * k_min);
  EXPECT_EQ(inc["by_priority"]["P3"]["response"]["mean_s"], 37 * k_min + 30);
  EXPECT_EQ(inc["by_priority"]["P4"]["response"]["mean_s"], 5 * k_hour);
  EXPECT_EQ(inc["all"]["response"]["mean_s"], 4150);
  // Resolution under the priority at the resolve: P1 {I1 1h30m, I7 1h30m}; P2 {I4 2h};
  // P3 {I2 3h35m, I8 23h} → 13h17m30s; P4 {I3 8h}.
  // All: (90+90+120+215+1380+480)m / 6 = 2375m / 6 = 395.83m = 23750 s = 6h35m50s.
  EXPECT_EQ(inc["by_priority"]["P1"]["resolution"]["mean_s"], 90 * k_min);
  EXPECT_EQ(inc["by_priority"]["P2"]["resolution"]["mean_s"], 2 * k_hour);
  EXPECT_EQ(inc["by_priority"]["P3"]["resolution"]["mean_s"], 13 * k_hour + 17 * k_min + 30);
  EXPECT_EQ(inc["by_priority"]["P4"]["resolution"]["mean_s"], 8 * k_hour);
  EXPECT_EQ(inc["all"]["resolution"]["mean_s"], 23750);
  // Per day (opened, counted): Mon P1+P3, Tue P2+P4, Wed P1, Thu P3, Fri P4.
  ASSERT_EQ(inc["per_day"].size(), 5u);
  EXPECT_EQ(inc["top_components"][0], json({{"name", "web"}, {"incidents", 3}}));  // I3, I7, I9

  // Uptime: 73 h known (72 results, the last standing 2 h), 1 h down: 72/73 = 98.630 %, over
  // 73/120 h = 60.83 % of the window: below min_coverage 90 %, so not judged.
  EXPECT_EQ(s["uptime"]["period"]["up_s"], 72 * k_hour);
  EXPECT_EQ(s["uptime"]["period"]["down_s"], k_hour);
  EXPECT_EQ(s["uptime"]["results"], 72);

  // Satisfaction: 3 of the 4 answers in the window are 4 or 5: 75 %.
  EXPECT_EQ(s["satisfaction"]["responses"], 4);
  EXPECT_EQ(s["satisfaction"]["positive"], 3);
  EXPECT_EQ(s["satisfaction"]["percent"], 75.0);
  // Escalations: Tue 1 (I3), Thu 1 (I8): worst day 1, mean 2/5 = 0.4.
  EXPECT_EQ(s["escalations"]["total"], 2);
  EXPECT_EQ(s["escalations"]["max_per_day"], 1);
  EXPECT_EQ(s["escalations"]["mean_per_day"], 0.4);

  std::map<std::string, json> t;
  for (const auto& row : s["targets"]) t[row["key"]] = row;
  EXPECT_EQ(t["uptime"]["status"], "not enough data");
  EXPECT_NEAR(t["uptime"]["actual"].get<double>(), 100.0 * 72 / 73, 1e-9);
  EXPECT_NEAR(t["uptime"]["coverage_percent"].get<double>(), 100.0 * 73 / 120, 1e-9);
  EXPECT_EQ(t["p1_count"]["actual"], 2);
  EXPECT_EQ(t["p1_count"]["status"], "missed");  // ≤ 0
  EXPECT_EQ(t["p2_count"]["status"], "met");     // 1 ≤ 4
  EXPECT_EQ(t["avg_resolution"]["actual"], 23750);
  EXPECT_EQ(t["avg_resolution"]["status"], "missed");  // 6h35m50s > 4h
  EXPECT_EQ(t["p1_mean_resolution"]["actual"], 90 * k_min);
  EXPECT_EQ(t["p1_mean_resolution"]["status"], "met");  // 1h30m ≤ 4h
  EXPECT_EQ(t["critical_response"]["actual"], 10 * k_min);
  EXPECT_EQ(t["critical_response"]["status"], "met");  // I1's 20m counts under P2, where it was acked
  EXPECT_EQ(t["satisfaction"]["status"], "missed");    // 75 % < 80 %
  EXPECT_EQ(t["escalations_per_day"]["status"], "met");
  EXPECT_EQ(s["met"], false);
  EXPECT_EQ(s["missed"].size(), 3u);

  // System performance from Prometheus: 288 points a day (every 5 min).
  // P95 latency: days 200, 250, (287 × 300 + 1500) / 288 = 304.1667, 350, 400 ms; the week
  // (288 × 1500 + 1200) / 1440 = 300.8333 ms, peak 1500 ms (Wed 12:00), minimum 200 ms.
  const auto& lat = s["performance"]["latency_p95"];
  EXPECT_EQ(lat["source"], "prometheus");
  EXPECT_EQ(lat["query"], "app_p95_seconds");
  EXPECT_EQ(lat["samples"], 1440);
  EXPECT_NEAR(lat["mean"].get<double>(), 433200.0 / 1440, 1e-6);
  EXPECT_NEAR(lat["peak"].get<double>(), 1500, 1e-6);
  EXPECT_NEAR(lat["min"].get<double>(), 200, 1e-6);
  ASSERT_EQ(lat["days"].size(), 5u);
  EXPECT_NEAR(lat["days"][2]["mean"].get<double>(), (287 * 300.0 + 1500) / 288, 1e-6);
  EXPECT_NEAR(lat["days"][2]["min"].get<double>(), 300, 1e-6);
  EXPECT_NEAR(lat["days"][4]["peak"].get<double>(), 400, 1e-6);
  // Error rate: days 0.1 .. 0.5 %, the week 0.3 %, peak 0.5 %, minimum 0.1 %.
  const auto& err = s["performance"]["error_rate"];
  EXPECT_EQ(err["source"], "prometheus");
  EXPECT_EQ(err["unit"], "percent");
  EXPECT_NEAR(err["mean"].get<double>(), 0.3, 1e-6);
  EXPECT_NEAR(err["peak"].get<double>(), 0.5, 1e-6);
  EXPECT_NEAR(err["min"].get<double>(), 0.1, 1e-6);
  EXPECT_NEAR(err["days"][1]["mean"].get<double>(), 0.2, 1e-6);

  // The Markdown says the same, naming the source.
  auto md = hc({"report", "summary"}, {{"HYPERCARE_NOW", "2026-11-30T06:00:00Z"}});
  ASSERT_EXIT_CODE(md, 0);
  EXPECT_NE(md.out.find("From Prometheus at " + prometheus.url() + ": `app_p95_seconds`, one point every 5m."),
            std::string::npos) << md.out;
  EXPECT_NE(md.out.find("Average 301 ms, peak 1500 ms, minimum 200 ms."), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| 2026-11-25 | 304 ms | 1500 ms | 300 ms | 288 |"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("Average 0.30%, peak 0.50%, minimum 0.10%."), std::string::npos) << md.out;

  // --allow-partial does not judge the uptime, but the three misses still fail the gate.
  auto partial = hc({"report", "summary", "--check", "--allow-partial"}, {{"HYPERCARE_NOW", "2026-11-30T06:00:00Z"}});
  EXPECT_EXIT_CODE(partial, 1);
}

TEST_F(SeedWeek, WithoutPrometheusTheFiguresComeFromTheHttpChecksAndSaySo) {
  prometheus.stop();
  auto r = hc({"report", "summary", "--format", "json"}, {{"HYPERCARE_NOW", "2026-11-30T06:00:00Z"}});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.err.find("hypercare: warning: report: Prometheus at " + prometheus.url() + " did not answer"), std::string::npos)
      << r.err;
  auto s = json::parse(r.out);
  // Daily P95 of the http results: Mon 120, Tue (24 values, rank ceil(22.8) = 23: 120; the
  // 5000 is the 24th) 120, Wed 120, Thu and Fri no results. Error rate: Tue 1/24 = 4.1667 %,
  // the week 1/72 = 1.3889 %, peak Tue, minimum 0 %.
  const auto& lat = s["performance"]["latency_p95"];
  EXPECT_EQ(lat["source"], "http_checks");
  EXPECT_NE(lat["fallback"].get<std::string>().find("did not answer"), std::string::npos);
  EXPECT_EQ(lat["mean"], 120.0);
  EXPECT_TRUE(lat["days"][3]["mean"].is_null());
  const auto& err = s["performance"]["error_rate"];
  EXPECT_EQ(err["source"], "http_checks");
  EXPECT_NEAR(err["mean"].get<double>(), 100.0 / 72, 1e-4);
  EXPECT_NEAR(err["peak"].get<double>(), 100.0 / 24, 1e-4);
  EXPECT_NEAR(err["min"].get<double>(), 0, 1e-9);
}

TEST_F(SeedWeek, BauListsWhatIsStillOpen) {
  auto b = report({"bau"});
  // Only I9 is unresolved when the window ends.
  EXPECT_EQ(ids(b["known_issues"]["incidents"]), (std::vector<std::string>{i9}));
  EXPECT_TRUE(b["known_issues"]["recurring_checks"].empty());  // one failure is not recurring (3 needed)
  EXPECT_EQ(b["escalation_chain"],
            "primary: the engineer on shift → secondary: the next engineer on the rota → tertiary: the lead, Project Lead (P1)");
}

// A query Prometheus cannot evaluate is named, and that series falls back on its own.
TEST_F(SeedWeek, ABadQueryIsNamedAndOnlyItsSeriesFallsBack) {
  auto toml = slurp(ops / "hypercare.toml");
  toml.replace(toml.find("latency_p95 = \"app_p95_seconds\""), 31, "latency_p95 = \"sum(rate(x[5m]\"");
  spit(ops / "hypercare.toml", toml);
  auto r = hc({"report", "summary", "--format", "json"}, {{"HYPERCARE_NOW", "2026-11-30T06:00:00Z"}});
  ASSERT_EXIT_CODE(r, 0);
  auto s = json::parse(r.out);
  EXPECT_EQ(s["performance"]["latency_p95"]["source"], "http_checks");
  EXPECT_NE(s["performance"]["latency_p95"]["fallback"].get<std::string>().find("could not evaluate `sum(rate(x[5m]`"),
            std::string::npos)
      << s["performance"]["latency_p95"].dump();
  EXPECT_EQ(s["performance"]["error_rate"]["source"], "prometheus");
}

}  // namespace
