// `report daily | summary | bau` on the hand-built fixture (report_fixture.hpp): every figure
// below was computed by hand from the fixture's events.
#include <fstream>

#include "report_fixture.hpp"

namespace hctest {
namespace {

using nlohmann::json;

class Report : public CliTest {
 protected:
  void SetUp() override {
    init_ops(false);
    write_report_fixture(ops);
    spit(root / "survey.csv", survey_csv());
    ASSERT_EXIT_CODE(hc({"feedback", "import", (root / "survey.csv").string()}), 0);
    ASSERT_EXIT_CODE(hc({"feedback", "add", "--score", "5", "--at", "2026-11-26 10:00", "--from", "e@example.com"}), 0);
    ASSERT_EXIT_CODE(hc({"feedback", "add", "--score", "2", "--at", "2026-11-26 20:00", "--comment", "still slow"}), 0);
  }
  Env after() const { return {{"HYPERCARE_NOW", k_after_window}}; }
  json summary_json() {
    auto r = hc({"report", "summary", "--json"}, after());
    EXPECT_EXIT_CODE(r, 0);
    return json::parse(r.out, nullptr, false);
  }
};

json target(const json& s, const std::string& key) {
  for (const auto& t : s["targets"])
    if (t["key"] == key) return t;
  ADD_FAILURE() << "no target " << key;
  return json::object();
}

TEST_F(Report, SummaryFiguresMatchTheHandComputedValues) {
  auto s = summary_json();
  ASSERT_TRUE(s.is_object());
  EXPECT_EQ(s["period"]["first_day"], "2026-11-23");
  EXPECT_EQ(s["period"]["last_day"], "2026-11-27");
  EXPECT_EQ(s["incidents"]["total"], 6);  // G opened before the window
  const auto& p = s["incidents"]["by_priority"];
  // MTTA: P1 (10m + 20m) / 2 = 15m; P2 (30m + 40m) / 2 = 35m.
  EXPECT_EQ(p["P1"]["response"]["mean_s"], 900);
  EXPECT_EQ(p["P2"]["response"]["mean_s"], 2100);
  // MTTR: P1 (1h30m + 3h) / 2 = 2h15m; P2 (2h + 6h) / 2 = 4h, P95 (nearest rank 2 of 2) = 6h.
  EXPECT_EQ(p["P1"]["resolution"]["mean_s"], 8100);
  EXPECT_EQ(p["P2"]["resolution"]["mean_s"], 14400);
  EXPECT_EQ(p["P2"]["resolution"]["p95_s"], 21600);
  EXPECT_EQ(p["P3"]["resolution"]["mean_s"], 14400);
  EXPECT_TRUE(p["P4"]["resolution"]["mean_s"].is_null());  // F is open: no data, not 0
  EXPECT_EQ(p["P4"]["open"], 1);
  // All five resolved: 1.5, 2, 3, 4, 6 h: mean 3h18m, P50 rank 3 = 3h, P95 rank 5 = 6h.
  const auto& all = s["incidents"]["all"]["resolution"];
  EXPECT_EQ(all["count"], 5);
  EXPECT_EQ(all["mean_s"], 11880);
  EXPECT_EQ(all["p50_s"], 10800);
  EXPECT_EQ(all["p95_s"], 21600);
  // B was created 11-23 20:00Z = 11-24 01:30 IST: it counts on the 24th.
  EXPECT_EQ(s["incidents"]["per_day"][0]["by_priority"]["P1"], 1);
  EXPECT_EQ(s["incidents"]["per_day"][1]["by_priority"]["P1"], 1);
  EXPECT_EQ(s["incidents"]["top_components"][0]["name"], "api");
  EXPECT_EQ(s["incidents"]["top_tags"][0]["name"], "gateway");
  EXPECT_EQ(s["incidents"]["top_tags"][0]["incidents"], 2);

  // Uptime: 11-24 23 of 24 h up; 11-25 12 of 13 measured hours up (11 results of 1 h, the last
  // standing 2 h = twice the interval), 11 h unknown; the other days
  // have no results: no data, never 0 % or 100 %.
  const auto& days = s["uptime"]["days"];
  ASSERT_EQ(days.size(), 5u);
  EXPECT_TRUE(days[0]["percent"].is_null());
  EXPECT_NEAR(days[1]["percent"].get<double>(), 100.0 * 23 / 24, 1e-9);
  EXPECT_EQ(days[1]["down_s"], 3600);
  EXPECT_EQ(days[1]["unknown_s"], 0);
  EXPECT_NEAR(days[2]["percent"].get<double>(), 100.0 * 12 / 13, 1e-9);
  EXPECT_EQ(days[2]["unknown_s"], 39600);
  EXPECT_NEAR(days[2]["coverage_percent"].get<double>(), 100.0 * 13 / 24, 1e-9);
  EXPECT_TRUE(days[3]["percent"].is_null());
  EXPECT_TRUE(days[4]["percent"].is_null());
  const auto& whole = s["uptime"]["period"];
  EXPECT_EQ(whole["up_s"], 35 * 3600);
  EXPECT_EQ(whole["down_s"], 2 * 3600);
  EXPECT_EQ(whole["unknown_s"], 83 * 3600);
  EXPECT_NEAR(whole["percent"].get<double>(), 100.0 * 35 / 37, 1e-9);
  // Latency of the 36 http results, 100..450 ms: P50 rank 18 = 270, P95 rank 35 = 440.
  EXPECT_EQ(s["latency_ms"]["count"], 36);
  EXPECT_EQ(s["latency_ms"]["p50"], 270);
  EXPECT_EQ(s["latency_ms"]["p95"], 440);
  EXPECT_EQ(s["latency_ms"]["max"], 450);
  EXPECT_EQ(s["latency_ms"]["mean"], 275);
  // Satisfaction: 5, 4, 3, 5, 2 in the window (the 11-20 answer is before it): 3 of 5.
  EXPECT_EQ(s["satisfaction"]["responses"], 5);
  EXPECT_EQ(s["satisfaction"]["positive"], 3);
  EXPECT_DOUBLE_EQ(s["satisfaction"]["percent"].get<double>(), 60.0);
  // Escalations per IST day: 0, 1 (B), 1 (D), 2 (E), 0: 4 in 5 days, worst 2 on the 26th.
  EXPECT_EQ(s["escalations"]["total"], 4);
  EXPECT_DOUBLE_EQ(s["escalations"]["mean_per_day"].get<double>(), 0.8);
  EXPECT_EQ(s["escalations"]["max_per_day"], 2);
  EXPECT_EQ(s["escalations"]["worst_day"], "2026-11-26");
  EXPECT_EQ(s["escalations"]["days"][1]["escalations"], 1);

  // Uptime 94.595% was measured over (126 000 + 7 200) s of the 432 000 s window: 30.8%, below
  // the default min_coverage of 90%, so it is not judged (issue 14, bug 6).
  EXPECT_EQ(target(s, "uptime")["status"], "not enough data");
  EXPECT_DOUBLE_EQ(target(s, "uptime")["coverage_percent"].get<double>(), 100.0 * 133200 / 432000);
  EXPECT_EQ(target(s, "p1_count")["status"], "missed");
  EXPECT_EQ(target(s, "p1_count")["actual"], 2);
  EXPECT_EQ(target(s, "p2_count")["status"], "met");
  EXPECT_EQ(target(s, "avg_resolution")["status"], "met");
  EXPECT_EQ(target(s, "p1_mean_resolution")["status"], "met");
  EXPECT_EQ(target(s, "critical_response")["status"], "met");  // 15m against ≤ 15m
  EXPECT_EQ(target(s, "critical_response")["actual"], 900);
  EXPECT_EQ(target(s, "satisfaction")["status"], "missed");
  EXPECT_EQ(target(s, "escalations_per_day")["status"], "met");
  EXPECT_EQ(s["met"], false);
}

TEST_F(Report, SummaryMarkdownShowsTheExecutiveTable) {
  auto r = hc({"report", "summary"}, after());
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("| System uptime | ≥ 99.9% | 94.595% over 30.8% of the period (at least 90% needed) | not enough data |"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Not judged, too little was measured: System uptime"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| Critical response time (P1 mean time to acknowledge) | ≤ 15m | 15m | met |"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| User satisfaction (scores ≥ 4) | ≥ 80% | 60.0% (3 of 5) | missed |"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| 2026-11-23 | no data |"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| P2 | 2 | 2 | 0 | 35m | 4h | 6h | 6h |"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 of 8 targets missed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("### What went well"), std::string::npos);  // the lessons template
  EXPECT_NE(r.out.find("No hotfixes recorded."), std::string::npos);
  EXPECT_EQ(r.out.find("<svg"), std::string::npos);
}

TEST_F(Report, CheckExitsOneNamingTheMissedTargets) {
  auto r = hc({"report", "summary", "--check"}, after());
  EXPECT_EXIT_CODE(r, 1);
  EXPECT_NE(r.err.find("2 of 8 target(s) missed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("P1 incidents (2, target ≤ 0)"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("# Smart Dairy — hypercare summary report"), std::string::npos);
  // 11-27 alone: no P1/P2 and no escalation (met); no uptime, resolution or feedback data, which
  // is not a miss.
  auto ok = hc({"report", "summary", "--check", "--from", "2026-11-27", "--to", "2026-11-27"}, after());
  EXPECT_EXIT_CODE(ok, 0);
  EXPECT_NE(ok.err.find("check passed: 3 of 8 target(s) met, 5 without (enough) data (not judged)"), std::string::npos) << ok.err;
}

// Issue 14, bug 6: uptime judged on 30.8% coverage. With only an uptime target of 90% (94.595%
// would meet it), --check fails for want of data unless --allow-partial; with min_coverage = 30
// the figure is judged, and met.
TEST_F(Report, UptimeOnTooLittleDataIsNotJudged) {
  auto toml = slurp(ops / "hypercare.toml");
  auto a = toml.find("[targets]");
  auto b = toml.find("\n[", a);
  ASSERT_NE(a, std::string::npos);
  auto with_targets = [&](const std::string& targets) { spit(ops / "hypercare.toml", toml.substr(0, a) + targets + toml.substr(b)); };
  with_targets("[targets]\nuptime = 90\n");
  auto r = hc({"report", "summary", "--check"}, after());
  EXPECT_EXIT_CODE(r, 1);
  EXPECT_NE(r.err.find("not enough data to judge 1 target(s): System uptime (94.595% over 30.8% of the period (at least 90% "
                       "needed))"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--allow-partial"), std::string::npos) << r.err;
  auto partial = hc({"report", "summary", "--check", "--allow-partial"}, after());
  EXPECT_EXIT_CODE(partial, 0);
  EXPECT_NE(partial.err.find("check passed: 0 of 1 target(s) met, 1 without (enough) data (not judged)"), std::string::npos)
      << partial.err;
  with_targets("[targets]\nuptime = 90\nmin_coverage = 30\n");
  auto judged = hc({"report", "summary", "--check", "--json"}, after());
  EXPECT_EXIT_CODE(judged, 0);
  auto t = target(json::parse(judged.out), "uptime");
  EXPECT_EQ(t["status"], "met");
  EXPECT_EQ(t["actual_text"], "94.595% (coverage 30.8%)");
  with_targets("[targets]\nuptime = 90\nmin_coverage = 120\n");
  auto bad = hc({"report", "summary"}, after());
  EXPECT_EXIT_CODE(bad, 78);
  EXPECT_NE(bad.err.find("targets.min_coverage"), std::string::npos) << bad.err;
}

TEST_F(Report, DailyReportForOneIstDay) {
  auto r = hc({"report", "daily", "--date", "2026-11-25", "--json"}, after());
  ASSERT_EXIT_CODE(r, 0);
  auto d = json::parse(r.out);
  EXPECT_EQ(d["date"], "2026-11-25");
  EXPECT_EQ(d["partial"], false);
  EXPECT_EQ(d["incidents"]["opened"], 1);
  EXPECT_EQ(d["incidents"]["opened_by_priority"]["P2"], 1);
  EXPECT_EQ(d["incidents"]["resolved"], 1);  // D, resolved 17:30 IST
  EXPECT_EQ(d["incidents"]["opened_list"][0]["time_to_acknowledge_s"], 2400);
  EXPECT_EQ(d["incidents"]["opened_list"][0]["time_to_resolve_s"], 21600);
  ASSERT_EQ(d["escalations"].size(), 1u);
  EXPECT_EQ(d["escalations"][0]["incident"], "INC-20261125-DDDD");
  EXPECT_EQ(d["escalations"][0]["to"], "dev3");
  ASSERT_EQ(d["sla_breaches"].size(), 2u);
  EXPECT_EQ(d["sla_breaches"][0]["kind"], "response");
  EXPECT_EQ(d["sla_breaches"][0]["due"], "2026-11-25T06:30:00Z");
  EXPECT_EQ(d["sla_breaches"][0]["met_at"], "2026-11-25T06:40:00Z");
  EXPECT_EQ(d["sla_breaches"][1]["kind"], "resolution");
  EXPECT_NEAR(d["health"]["uptime"]["percent"].get<double>(), 100.0 * 12 / 13, 1e-9);
  EXPECT_EQ(d["health"]["uptime"]["unknown_s"], 39600);
  ASSERT_EQ(d["health"]["failed_checks"].size(), 1u);
  EXPECT_EQ(d["health"]["failed_checks"][0]["failures"], 1);
  EXPECT_EQ(d["hotfixes"].size(), 0u);
  EXPECT_EQ(d["handovers"].size(), 0u);

  auto md = hc({"report", "daily", "--date", "2026-11-25"}, after());
  ASSERT_EXIT_CODE(md, 0);
  EXPECT_NE(md.out.find("# Smart Dairy — daily report 2026-11-25"), std::string::npos);
  EXPECT_NE(md.out.find("| INC-20261125-DDDD | P2 | api incident DDDD | resolved | api | 11:30 | 40m | 6h | response breached, resolution breached |"),
            std::string::npos) << md.out;
  EXPECT_NE(md.out.find("No hotfixes recorded."), std::string::npos);
  EXPECT_NE(md.out.find("No handovers recorded."), std::string::npos);
  // B's response deadline (11-23 20:15Z) is 01:45 on the 24th in IST.
  auto d24 = json::parse(hc({"report", "daily", "--date", "2026-11-24", "--json"}, after()).out);
  EXPECT_EQ(d24["incidents"]["opened_by_priority"]["P1"], 1);
  EXPECT_EQ(d24["sla_breaches"][0]["incident"], "INC-20261123-BBBB");
}

TEST_F(Report, TodayIsPartialAndAnEmptyDayHasNoData) {
  auto r = hc({"report", "daily", "--json"});  // HYPERCARE_NOW 11-27 03:00Z = 08:30 IST
  ASSERT_EXIT_CODE(r, 0);
  auto d = json::parse(r.out);
  EXPECT_EQ(d["date"], "2026-11-27");
  EXPECT_EQ(d["partial"], true);
  EXPECT_EQ(d["period"]["until"], k_now);
  EXPECT_TRUE(d["health"]["uptime"]["percent"].is_null());
  auto md = hc({"report", "daily"});
  // Bug 8 of issue 14: one day reads as a day, not "(1 day, day)" and "the period".
  EXPECT_NE(md.out.find("2026-11-27 (Friday); times in Asia/Kolkata; as of 2026-11-27 08:30 IST. The day is not over: "
                        "figures run to 2026-11-27 08:30 IST."),
            std::string::npos)
      << md.out;
  EXPECT_EQ(md.out.find("1 day, day"), std::string::npos) << md.out;
  // An incident opened in the very second of the report is open at its end.
  auto now_open = new_incident("Opened this second", "P2");
  auto again = json::parse(hc({"report", "daily", "--json"}).out);
  EXPECT_EQ(again["incidents"]["open"], d["incidents"]["open"].get<int>() + 1) << now_open;
  EXPECT_NE(md.out.find("No health-check results recorded that day: uptime has no data."), std::string::npos) << md.out;
  EXPECT_EQ(md.out.find("100.000%"), std::string::npos);
  EXPECT_EQ(md.out.find("0.000%"), std::string::npos);
}

TEST_F(Report, BauDocumentComputesTheChecklist) {
  fs::create_directories(ops / "runbooks");
  spit(ops / "runbooks" / "payments.md", "# Payments gateway\nRestart the api pods, then ...\n");
  auto r = hc({"report", "bau", "--json"}, after());
  ASSERT_EXIT_CODE(r, 0);
  auto b = json::parse(r.out);
  EXPECT_EQ(b["support_tiers"].size(), 3u);
  EXPECT_EQ(b["support_tiers"][0]["team"], "Helpdesk");
  EXPECT_EQ(b["alert_routing"][0]["route_to"], "L2 + L3");
  EXPECT_EQ(b["escalation_path"].size(), 4u);
  ASSERT_EQ(b["known_issues"]["incidents"].size(), 1u);
  EXPECT_EQ(b["known_issues"]["incidents"][0]["id"], "INC-20261127-FFFF");
  EXPECT_EQ(b["checklist"][0]["item"], "All P1/P2 issues resolved");
  EXPECT_EQ(b["checklist"][0]["state"], "done");
  EXPECT_EQ(b["checklist"][2]["state"], "not_done");  // runbooks: frontend has none (api is in payments.md)
  EXPECT_NE(b["checklist"][2]["evidence"].get<std::string>().find("frontend"), std::string::npos);
  EXPECT_EQ(b["checklist"][3]["state"], "manual");
  EXPECT_EQ(b["checklist"][4]["state"], "no_data");  // no results in the last 48 h
  EXPECT_EQ(b["signoff"].size(), 4u);
  auto md = hc({"report", "bau"}, after());
  EXPECT_NE(md.out.find("| L1 | Helpdesk | User issues, basic troubleshooting | 15 min | 24/7 |"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("L1 → L2 → L3 → Vendor (if applicable)"), std::string::npos);
  EXPECT_NE(md.out.find("- [x] All P1/P2 issues resolved — no P1 or P2 incident is open"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| Project Manager |"), std::string::npos);
  // The seed's knowledge-transfer and maintenance parts, "not set" where the config is silent.
  EXPECT_NE(md.out.find("## Knowledge transfer\n\n### Documentation locations\n\n"
                        "- Technical docs: not set ([bau.documentation] technical)\n"
                        "- Runbooks: runbooks/ in the ops repository (1 file)\n"),
            std::string::npos)
      << md.out;
  EXPECT_NE(md.out.find("- Weekly: Review alert noise and tune the thresholds\n"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("- Monthly restore test: Restore the latest backup to staging"), std::string::npos) << md.out;
  EXPECT_EQ(b["maintenance"]["quarterly"][0], "Rotate credentials and review who has access");
  EXPECT_EQ(b["not_set"], json::array({"[[bau.contact]]", "[bau.documentation] technical", "[bau.documentation] faq",
                                       "[bau.documentation] training"}));
  // --check fails on what is not set, naming it, and passes once it is.
  auto check = hc({"report", "bau", "--check"}, after());
  EXPECT_EXIT_CODE(check, 1);
  EXPECT_NE(check.err.find("the BAU document has 4 parts not set: [[bau.contact]], [bau.documentation] technical"),
            std::string::npos)
      << check.err;
  std::ofstream(ops / "hypercare.toml", std::ios::app)
      << "\n[[bau.contact]]\nrole = \"Support Lead\"\nname = \"Asha\"\n"
         "\n[bau.documentation]\ntechnical = \"wiki/odoo\"\nfaq = \"wiki/faq\"\ntraining = \"lms/odoo\"\n";
  EXPECT_EXIT_CODE(hc({"report", "bau", "--check"}, after()), 0);
}

TEST_F(Report, OutputFileIsWrittenAtomicallyAndFormatsAgree) {
  auto r = hc({"report", "summary", "--format", "html", "-o", "out/summary.html", "--json"}, after());
  ASSERT_EXIT_CODE(r, 0);
  auto j = json::parse(r.out);
  EXPECT_EQ(j["format"], "html");
  auto html = slurp(root / "out" / "summary.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count_of(html, "<svg"), 3u);  // per day by priority, resolution per priority, uptime per day
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("94.595%"), std::string::npos);
  // No temp files are left beside it.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(root / "out")) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
  // --json with --format html and no -o is a contradiction.
  auto bad = hc({"report", "summary", "--format", "html", "--json"}, after());
  EXPECT_EXIT_CODE(bad, 64);
  // An -o into a directory that cannot be created.
  spit(root / "blocker", "x");
  auto cant = hc({"report", "daily", "-o", (root / "blocker" / "x.md").string()}, after());
  EXPECT_EXIT_CODE(cant, 73);
}

TEST_F(Report, BadInputIsAUsageError) {
  auto r = hc({"report", "summary", "--from", "2026-13-01"});
  EXPECT_EXIT_CODE(r, 64);
  EXPECT_NE(r.err.find("--from: invalid date '2026-13-01'"), std::string::npos) << r.err;
  r = hc({"report", "summary", "--from", "2026-11-27", "--to", "2026-11-23"});
  EXPECT_EXIT_CODE(r, 64);
  r = hc({"report", "daily", "--format", "pdf"});
  EXPECT_EXIT_CODE(r, 64);
  r = hc({"report", "dialy"});
  EXPECT_EXIT_CODE(r, 64);
  EXPECT_NE(r.err.find("did you mean: hypercare report daily?"), std::string::npos) << r.err;
}

// [report.prometheus] is checked like every setting: a wrong value or key is 78 with file:line:col.
TEST_F(Report, PrometheusSettingsAreChecked) {
  auto base = slurp(ops / "hypercare.toml");
  auto lines = std::count(base.begin(), base.end(), '\n');
  spit(ops / "hypercare.toml", base + "\n[report.prometheus]\nerror_rate = \"app_error_ratio\"\nstep = \"1s\"\n");
  auto r = hc({"report", "summary"}, after());
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find(fmt::format("hypercare.toml:{}:8: report.prometheus.step: must be from 10s to 1h", lines + 4)),
            std::string::npos)
      << r.err;
  spit(ops / "hypercare.toml", base + "\n[report.prometheus]\nerror_rates = \"app_error_ratio\"\n");
  r = hc({"report", "summary"}, after());
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find("report.prometheus.error_rates"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error_rate"), std::string::npos) << r.err;
  spit(ops / "hypercare.toml", base + "\n[report.prometheus]\nurl = \"127.0.0.1:9090\"\n");
  r = hc({"report", "summary"}, after());
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find("report.prometheus.url: must start with http:// or https://"), std::string::npos) << r.err;
}

class ReportEmpty : public CliTest {};

TEST_F(ReportEmpty, NoDataIsNeverZeroOrHundredPercent) {
  init_ops(false);
  auto r = hc({"report", "summary", "--json"}, {{"HYPERCARE_NOW", k_after_window}});
  ASSERT_EXIT_CODE(r, 0);
  auto s = json::parse(r.out);
  EXPECT_TRUE(s["uptime"]["period"]["percent"].is_null());
  EXPECT_TRUE(s["satisfaction"]["percent"].is_null());
  EXPECT_EQ(target(s, "uptime")["status"], "no data");
  EXPECT_EQ(target(s, "satisfaction")["status"], "no data");
  EXPECT_EQ(target(s, "critical_response")["status"], "no data");
  EXPECT_EQ(target(s, "p1_count")["status"], "met");  // zero P1 incidents is a count, not a gap
  auto md = hc({"report", "summary"}, {{"HYPERCARE_NOW", k_after_window}});
  EXPECT_NE(md.out.find("| System uptime | ≥ 99.9% | no data | no data |"), std::string::npos) << md.out;
  EXPECT_EQ(md.out.find("100.000%"), std::string::npos);
  // Before the window starts nothing can be judged, not even counts.
  auto before = hc({"report", "summary", "--json"}, {{"HYPERCARE_NOW", "2026-11-01T00:00:00Z"}});
  EXPECT_EQ(target(json::parse(before.out), "p1_count")["status"], "no data");
  // lessons.md replaces the template.
  spit(ops / "lessons.md", "### What went well\n1. The rota held.\n");
  md = hc({"report", "summary"}, {{"HYPERCARE_NOW", k_after_window}});
  EXPECT_NE(md.out.find("1. The rota held."), std::string::npos);
  EXPECT_EQ(md.out.find("this template is what to fill in"), std::string::npos);
  // Its own "# Lessons learned" is not a second heading; Markdown is rendered in HTML, not shown.
  spit(ops / "lessons.md", "# Lessons learned\n\n**Alerts** were noisy:\n\n- disk\n  - on db-1\n\n```\nkubectl top\n```\n");
  md = hc({"report", "summary"}, {{"HYPERCARE_NOW", k_after_window}});
  EXPECT_EQ(count_of(md.out, "Lessons learned"), 1u) << md.out;
  auto html = hc({"report", "summary", "--format", "html"}, {{"HYPERCARE_NOW", k_after_window}});
  EXPECT_EQ(count_of(html.out, "Lessons learned"), 1u);
  EXPECT_NE(html.out.find("<p><strong>Alerts</strong> were noisy:</p>"), std::string::npos);
  EXPECT_NE(html.out.find("<li>disk<ul>\n<li>on db-1</li>"), std::string::npos);
  EXPECT_NE(html.out.find("<pre><code>kubectl top\n</code></pre>"), std::string::npos);
}

TEST_F(ReportEmpty, TargetsLeftOutAreNotJudged) {
  init_ops(false);
  auto cfg = slurp(ops / "hypercare.toml");
  auto a = cfg.find("[targets]"), b = cfg.find("# Optional per-priority");
  ASSERT_NE(a, std::string::npos);
  spit(ops / "hypercare.toml", cfg.substr(0, a) + cfg.substr(b));
  auto r = hc({"report", "summary", "--check"}, {{"HYPERCARE_NOW", k_after_window}});
  EXPECT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("No targets are set"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace hctest
