// `hypercare site`: the static site for a fixed ops dir — golden files, the same bytes twice, only
// changed files rewritten, the public page naming nobody, hostile record text escaped — checked by
// the real tools: headless Chromium (layout at 1280, 375 and 320 px, every link followed through
// the DOM), tidy (every page valid HTML) and python3-icalendar (every feed).
#include <sys/stat.h>
#include <unistd.h>

#include <deque>
#include <regex>
#include <set>

#include "report_fixture.hpp"

namespace hctest {
namespace {

const fs::path k_golden_dir = fs::path(HYPERCARE_CLI_TEST_DIR) / "golden" / "site";
constexpr const char* k_during = "2026-11-26T12:00:00Z";  // day 4 of 5 (IST)

std::string tool(std::initializer_list<const char*> paths) {
  for (const char* p : paths)
    if (::access(p, X_OK) == 0) return p;
  return {};
}

// Every file below `dir`, by path relative to it (the manifest included).
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[e.path().lexically_relative(dir).string()] = slurp(e.path());
  return out;
}

// The ids hypercare draws at random (a maintenance window's, a handover's), made fixed for a
// comparison with the golden files.
std::string without_random_ids(std::string text) {
  static const std::regex ids(R"((MW|HO)-(\d{8})-[0-9A-Z]{4})");
  return std::regex_replace(text, ids, "$1-$2-XXXX");
}

class Site : public CliTest {
 protected:
  // The report fixture (seven incidents, a week of health results) plus the parts only the site
  // shows: an incident with hostile text, labels, a runbook and a note; a maintenance window; a
  // handover. Every name, note, contact and label below is something the public page must not show.
  void write_fixture() {
    init_ops(false);
    write_report_fixture(ops);
    write_incident(ops, "INC-20261126-HHHH", "P2", "2026-11-26T08:00:00Z", "ledger", {"drift"},
                   {{"2026-11-26T08:05:00Z", "note",
                     R"("message":"NOTE-7731 called the vendor <b>twice</b> & waited")"},
                    {"2026-11-26T08:10:00Z", "acknowledged", ""}});
    // The title and alert fields, as `incident ingest` writes them.
    auto file = ops / "incidents" / "2026-11" / "INC-20261126-HHHH.jsonl";
    auto text = slurp(file);
    text.replace(
        text.find("\"title\":\"ledger incident HHHH\""),
        std::string("\"title\":\"ledger incident HHHH\"").size(),
        R"("title":"Ledger <script>alert('x')</script> & \"drift\"","labels":{"team":"LABEL-5512"},)"
        R"~("runbook_url":"javascript:alert(1)","assignee":"dev2")~");
    spit(file, text);
    ASSERT_EXIT_CODE(hc({"maintenance", "start", "-c", "api", "--from", "2026-11-26 20:00", "--for",
                         "2h", "-m", "MAINT-9921 db upgrade"},
                        {{"HYPERCARE_NOW", "2026-11-26T09:00:00Z"}}),
                     0);
    ASSERT_EXIT_CODE(hc({"handover", "new", "--note", "HANDOVER-4410 watch the gateway"},
                        {{"HYPERCARE_NOW", "2026-11-26T08:25:00Z"}}),
                     0);
  }

  RunResult site(const fs::path& dir, const std::string& as_of,
                 std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"site", "-o", dir.string(), "--as-of", as_of, "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return hc(args, {{"HYPERCARE_NOW", "2026-12-01T00:00:00Z"}});
  }

  nlohmann::json built(const fs::path& dir, const std::string& as_of,
                       std::vector<std::string> extra = {}) {
    auto r = site(dir, as_of, std::move(extra));
    EXPECT_EXIT_CODE(r, 0);
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.describe();
    return j.is_object() ? j : nlohmann::json::object();
  }

  std::vector<std::string> chromium_args(const std::string& browser) const {
    return {browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--user-data-dir=" + (root / "chromium").string(),
            "--enable-logging=stderr",
            "--v=0"};
  }
};

TEST_F(Site, TheTeamSiteHasEveryPartAndMatchesItsGoldenFiles) {
  write_fixture();
  auto dir = root / "public";
  auto j = built(dir, k_after_window);
  auto files = tree(dir);
  // index, style, incidents list + 8 pages, rota page + team feed + 3 members, reports index +
  // 5 days + summary, and the manifest.
  EXPECT_EQ(j["files"], 23) << j.dump();
  EXPECT_EQ(j["written"], 23);
  EXPECT_EQ(files.size(), 24u);
  for (const char* f :
       {"index.html", "style.css", "incidents/index.html", "incidents/INC-20261123-AAAA.html",
        "rota/index.html", "rota/team.ics", "rota/dev1.ics", "rota/dev2.ics", "rota/dev3.ics",
        "reports/index.html", "reports/daily-2026-11-23.html", "reports/daily-2026-11-27.html",
        "reports/summary.html", ".hypercare-site"})
    EXPECT_TRUE(files.contains(f)) << f;

  const auto& index = files["index.html"];
  EXPECT_NE(index.find("Hypercare ended: 5 days, 2026-11-23 to 2026-11-27."), std::string::npos);
  EXPECT_NE(index.find("<h2 id=\"criteria\">Success criteria</h2>"),
            std::string::npos);  // the window has ended
  EXPECT_EQ(index.find("MAINT-9921"), std::string::npos)
      << "the maintenance window is over by then";
  EXPECT_NE(index.find("HANDOVER-4410"), std::string::npos);
  EXPECT_NE(index.find("dev1@example.com"), std::string::npos);  // contacts, in the team's site
  EXPECT_NE(index.find("<a href=\"incidents/INC-20261127-FFFF.html\">"),
            std::string::npos);  // open P4
  // The incident page: fields, SLA clocks, the whole timeline.
  const auto& page = files["incidents/INC-20261126-EEEE.html"];
  EXPECT_NE(page.find("<h2 id=\"sla\">SLA</h2>"), std::string::npos);
  EXPECT_EQ(count_of(page, "</td><td>dev1</td><td>"), 5u)
      << "created, acknowledged, two escalations, resolved";
  EXPECT_NE(files["reports/summary.html"].find("<a href=\"../index.html\">Dashboard</a>"),
            std::string::npos);

  const std::pair<const char*, const char*> goldens[] = {
      {"index.html", "index.html"},
      {"incidents/INC-20261126-HHHH.html", "incident.html"},
      {"rota/index.html", "rota.html"},
      {"reports/index.html", "reports.html"}};
  for (const auto& [name, golden_name] : goldens) {
    auto golden = k_golden_dir / golden_name;
    auto actual = without_random_ids(files[name]);
    if (::getenv("HYPERCARE_UPDATE_GOLDEN")) {
      fs::create_directories(k_golden_dir);
      spit(golden, actual);
    }
    EXPECT_EQ(actual, slurp(golden))
        << name << ": regenerate with HYPERCARE_UPDATE_GOLDEN=1 after checking the difference";
  }
  auto public_dir = root / "status";
  built(public_dir, k_after_window, {"--public"});
  auto golden = k_golden_dir / "public.html";
  if (::getenv("HYPERCARE_UPDATE_GOLDEN")) spit(golden, slurp(public_dir / "index.html"));
  EXPECT_EQ(slurp(public_dir / "index.html"), slurp(golden))
      << "regenerate with HYPERCARE_UPDATE_GOLDEN=1";
}

TEST_F(Site, TheSameRecordGivesTheSameBytesAndARebuildWritesOnlyWhatChanged) {
  write_fixture();
  auto a = root / "a", b = root / "b";
  built(a, k_during);
  built(b, k_during);
  EXPECT_EQ(tree(a), tree(b));

  // Nothing changed: nothing is written, and no file's mtime moves.
  struct stat before {};
  ASSERT_EQ(::stat((a / "incidents" / "INC-20261123-AAAA.html").c_str(), &before), 0);
  auto again = built(a, k_during);
  EXPECT_EQ(again["written"], 0) << again.dump();
  EXPECT_EQ(again["unchanged"], again["files"]);
  struct stat after {};
  ASSERT_EQ(::stat((a / "incidents" / "INC-20261123-AAAA.html").c_str(), &after), 0);
  EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
  EXPECT_EQ(before.st_ino, after.st_ino);

  // One new event: its incident's page, the lists that show it, and the reports of its day.
  auto r = hc({"incident", "note", "INC-20261126-HHHH", "-m", "second look"},
              {{"HYPERCARE_NOW", "2026-11-26T11:00:00Z"}});
  ASSERT_EXIT_CODE(r, 0);
  auto one = built(a, k_during);
  EXPECT_GE(one["written"], 1);
  EXPECT_LE(one["written"], 5) << one.dump();
  EXPECT_NE(slurp(a / "incidents" / "INC-20261126-HHHH.html").find("second look"),
            std::string::npos);
  EXPECT_EQ(slurp(a / "incidents" / "INC-20261123-AAAA.html"),
            slurp(b / "incidents" / "INC-20261123-AAAA.html"));

  // A file of someone else's in the site dir is left alone; what the site no longer has is removed.
  spit(a / "CNAME", "status.example.com\n");
  auto narrower = built(a, k_during, {"--public"});
  EXPECT_EQ(narrower["files"], 2);
  EXPECT_EQ(narrower["removed"], 19) << narrower.dump();
  EXPECT_FALSE(fs::exists(a / "incidents"));
  EXPECT_FALSE(fs::exists(a / "rota"));
  EXPECT_EQ(slurp(a / "CNAME"), "status.example.com\n");
}

TEST_F(Site, AResolvedIncidentsPageIsKeptUntilItsRecordChangesOrItsLaterEventsComeDue) {
  write_fixture();
  auto dir = root / "public";
  // A note on the resolved INC-…-CCCC from a clone whose clock is ahead: stamped 11-26 13:00Z.
  ASSERT_EXIT_CODE(hc({"incident", "note", "INC-20261124-CCCC", "-m", "postmortem booked"},
                      {{"HYPERCARE_NOW", "2026-11-26T13:00:00Z"}}),
                   0);
  built(dir, k_during);  // 12:00Z: the note is not due yet
  auto page = dir / "incidents" / "INC-20261124-CCCC.html";
  EXPECT_EQ(slurp(page).find("postmortem booked"), std::string::npos);
  auto manifest = slurp(dir / ".hypercare-site");
  EXPECT_NE(manifest.find("incidents/INC-20261123-AAAA.html\t"), std::string::npos) << manifest;
  EXPECT_EQ(manifest.find("incidents/INC-20261126-HHHH.html\t"), std::string::npos)
      << "an open incident's page is always made";
  // Later, with the record untouched: the note is due now and the page shows it.
  built(dir, "2026-11-26T14:00:00Z");
  EXPECT_NE(slurp(page).find("postmortem booked"), std::string::npos);
  // A page deleted by hand is made again; one whose record changed too.
  fs::remove(dir / "incidents" / "INC-20261123-AAAA.html");
  ASSERT_EXIT_CODE(hc({"incident", "note", "INC-20261123-BBBB", "-m", "vendor answered"},
                      {{"HYPERCARE_NOW", "2026-11-26T13:30:00Z"}}),
                   0);
  auto again = built(dir, "2026-11-26T14:00:00Z");
  EXPECT_EQ(again["written"], 2) << again.dump();
  EXPECT_TRUE(fs::exists(dir / "incidents" / "INC-20261123-AAAA.html"));
  EXPECT_NE(slurp(dir / "incidents" / "INC-20261123-BBBB.html").find("vendor answered"),
            std::string::npos);
  // Whatever the manifest says, nothing outside the site is removed.
  spit(root / "outside.txt", "keep me\n");
  append_bytes(dir / ".hypercare-site", "../outside.txt\n/etc/hostname\n");
  built(dir, "2026-11-26T14:00:00Z");
  EXPECT_EQ(slurp(root / "outside.txt"), "keep me\n");
}

TEST_F(Site, AClosedDaysReportIsKeptUntilAFileItIsMadeFromChanges) {
  write_fixture();
  auto dir = root / "public";
  auto daily = [&](const char* day) {
    return dir / "reports" / ("daily-" + std::string(day) + ".html");
  };
  auto report = [&](const char* day) {
    auto r = hc({"report", "daily", "--date", day, "--format", "html"},
                {{"HYPERCARE_NOW", k_after_window}});
    EXPECT_EXIT_CODE(r, 0);
    return r.out;
  };
  auto without_way_back = [](std::string html) {
    auto link = html.find("<p><a href=\"index.html\">Reports</a>");
    if (link != std::string::npos) html.erase(link, html.find('\n', link) + 1 - link);
    return html;
  };
  built(dir, k_after_window);  // every day of the window is over
  auto manifest = slurp(dir / ".hypercare-site");
  EXPECT_NE(manifest.find("reports/daily-2026-11-25.html\t"), std::string::npos) << manifest;
  struct stat before {};
  ASSERT_EQ(::stat(daily("2026-11-23").c_str(), &before), 0);

  // An incident opened on 11-25 by a clone whose clock was behind, and a result of 11-24 pulled
  // from another clone: those two days' pages are made again, with the report command's bytes
  // and their rows in the list; the others are left as they were.
  ASSERT_EXIT_CODE(hc({"incident", "new", "late arrival", "-p", "P3", "-c", "api"},
                      {{"HYPERCARE_NOW", "2026-11-25T10:00:00Z"}}),
                   0);
  append_bytes(ops / "health" / "2026-11-24.jsonl",
               R"({"check":"api-health","id":"01KZZZZZZZZZZZZZZZZZZZZZZZ","kind":"http",)"
               R"("latency_ms":90,"message":"503","run":"HC-20261124-LATE","service":"api",)"
               R"("status":"fail","ts":"2026-11-24T12:10:00Z","type":"result","v":1,"value":null})"
               "\n");
  built(dir, k_after_window);
  for (const char* day : {"2026-11-24", "2026-11-25"})
    EXPECT_EQ(without_way_back(slurp(daily(day))), report(day)) << day;
  EXPECT_NE(slurp(daily("2026-11-25")).find("late arrival"), std::string::npos);
  EXPECT_EQ(without_way_back(slurp(daily("2026-11-23"))), report("2026-11-23"));
  struct stat after {};
  ASSERT_EQ(::stat(daily("2026-11-23").c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino) << "a day nothing changed in is not written again";
  auto list = slurp(dir / "reports" / "index.html");
  auto fresh = root / "fresh";
  built(fresh, k_after_window);
  EXPECT_EQ(list, slurp(fresh / "reports" / "index.html"));
  EXPECT_EQ(tree(dir), tree(fresh));

  // A manifest line that is not what this build wrote makes the page again.
  auto text = slurp(dir / ".hypercare-site");
  auto at = text.find("reports/daily-2026-11-23.html\t");
  ASSERT_NE(at, std::string::npos);
  auto end = text.find('\n', at);
  text.replace(at, end - at, "reports/daily-2026-11-23.html\tnot-a-digest 9 9 x");
  spit(dir / ".hypercare-site", text);
  built(dir, k_after_window);
  EXPECT_EQ(slurp(dir / "reports" / "index.html"), slurp(fresh / "reports" / "index.html"));
  EXPECT_EQ(tree(dir), tree(fresh));
}

TEST_F(Site, ItsReportsAreTheReportCommandsOwn) {
  write_fixture();
  auto dir = root / "public";
  built(dir, k_after_window);
  auto strip = [](std::string html) {
    auto link = html.find("<p><a href=\"index.html\">Reports</a>");
    if (link != std::string::npos) html.erase(link, html.find('\n', link) + 1 - link);
    return html;
  };
  for (const char* day : {"2026-11-24", "2026-11-25", "2026-11-27"}) {
    auto r = hc({"report", "daily", "--date", day, "--format", "html"},
                {{"HYPERCARE_NOW", k_after_window}});
    ASSERT_EXIT_CODE(r, 0);
    EXPECT_EQ(strip(slurp(dir / "reports" / ("daily-" + std::string(day) + ".html"))), r.out)
        << day;
  }
  auto summary = hc({"report", "summary", "--format", "html"}, {{"HYPERCARE_NOW", k_after_window}});
  ASSERT_EXIT_CODE(summary, 0);
  EXPECT_EQ(strip(slurp(dir / "reports" / "summary.html")), summary.out);
}

TEST_F(Site, RefusesADirectoryItDidNotWriteAndBadFlags) {
  write_fixture();
  auto theirs = root / "theirs";
  fs::create_directories(theirs);
  spit(theirs / "index.html", "their own page\n");
  auto r = site(theirs, k_during);
  EXPECT_EXIT_CODE(r, 73);
  EXPECT_NE(r.err.find("is not empty and holds no .hypercare-site"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(theirs / "index.html"), "their own page\n");
  EXPECT_EQ(tree(theirs).size(), 1u);

  spit(root / "a-file", "x");
  EXPECT_EXIT_CODE(site(root / "a-file", k_during), 73);
  auto url = site(root / "s", k_during, {"--base-url", "ftp://example.com/"});
  EXPECT_EXIT_CODE(url, 64);
  EXPECT_NE(url.err.find("--base-url ftp://example.com/: not an http(s) URL"), std::string::npos)
      << url.err;
  auto when = site(root / "s", "yesterday-ish");
  EXPECT_EXIT_CODE(when, 64);
  EXPECT_NE(when.err.find("--as-of yesterday-ish"), std::string::npos) << when.err;
  EXPECT_EXIT_CODE(hc({"site"}), 64);
  EXPECT_FALSE(fs::exists(root / "s"));
}

TEST_F(Site, ThePublicPageNamesNobodyAndLinksNowhereInside) {
  write_fixture();
  auto dir = root / "status";
  auto j = built(dir, k_during, {"--public"});
  EXPECT_EQ(j["public"], true);
  auto files = tree(dir);
  EXPECT_EQ(files.size(), 3u);  // index.html, style.css, the manifest
  const auto& index = files["index.html"];
  EXPECT_NE(index.find("<h3>ledger</h3>"), std::string::npos) << "incidents by component";
  EXPECT_NE(index.find("<h2 id=\"services\">Services</h2>"), std::string::npos);
  EXPECT_NE(index.find("api uptime, day by day"), std::string::npos);
  // Names, ids, contacts, titles, notes, labels, maintenance reasons, handover notes, URLs.
  std::vector<std::string> secret = {"dev1",        "dev2",       "dev3",       "Dev 1",
                                     "Dev 2",       "Dev 3",      "lead",       "Lead",
                                     "example.com", "NOTE-7731",  "MAINT-9921", "HANDOVER-4410",
                                     "LABEL-5512",  "javascript", "Ledger",     "incident AAAA",
                                     "INC-",        "HO-",        "MW-",        "href=\"incidents",
                                     "rota",        "reports",    "mailto",     "tel:"};
  // And every member's name and mail address as rota.toml has them.
  auto rota = slurp(ops / "rota.toml");
  static const std::regex person(R"((?:name|email|phone|slack) = "([^"]+)\")");
  for (auto it = std::sregex_iterator(rota.begin(), rota.end(), person);
       it != std::sregex_iterator(); ++it)
    if ((*it)[1].length() > 2) secret.push_back((*it)[1]);  // not the slots' names ("A")
  for (const auto& [name, text] : files)
    for (const auto& s : secret)
      EXPECT_EQ(text.find(s), std::string::npos) << name << " shows " << s;
}

TEST_F(Site, EscapesEverythingTheRecordHolds) {
  write_fixture();
  auto dir = root / "public";
  built(dir, k_during);
  for (const auto& [name, text] : tree(dir)) {
    EXPECT_EQ(text.find("<script"), std::string::npos) << name;
    EXPECT_EQ(text.find("<b>twice"), std::string::npos) << name;
    EXPECT_EQ(text.find("href=\"javascript:"), std::string::npos) << name;
  }
  auto page = slurp(dir / "incidents" / "INC-20261126-HHHH.html");
  EXPECT_NE(
      page.find("Ledger &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;drift&quot;"),
      std::string::npos)
      << page;
  EXPECT_NE(page.find("NOTE-7731 called the vendor &lt;b&gt;twice&lt;/b&gt; &amp; waited"),
            std::string::npos);
  EXPECT_NE(page.find("<dd>javascript:alert(1)</dd>"), std::string::npos) << "shown, never linked";
  EXPECT_NE(page.find("<code>team=LABEL-5512</code>"), std::string::npos);
}

TEST_F(Site, CalendarFeedsParseAndTheBaseUrlMakesThemSubscribable) {
  write_fixture();
  auto dir = root / "public";
  built(dir, k_during, {"--base-url", "https://ops.example.com/hc"});
  auto rota = slurp(dir / "rota" / "index.html");
  EXPECT_NE(rota.find("<a href=\"https://ops.example.com/hc/rota/dev2.ics\">Dev 2</a> (subscribe: "
                      "<code>webcal://ops.example.com/hc/rota/dev2.ics</code>)"),
            std::string::npos)
      << rota;
  EXPECT_NE(slurp(dir / "index.html")
                .find("<link rel=\"canonical\" href=\"https://ops.example.com/hc/index.html\">"),
            std::string::npos);
  const char* script = R"(
import glob, icalendar, os, sys
counts = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], '*.ics'))):
    cal = icalendar.Calendar.from_ical(open(path, 'rb').read())
    events = cal.walk('VEVENT')
    for e in events:
        assert e.decoded('DTEND') > e.decoded('DTSTART'), path
    counts[os.path.basename(path)] = (len(events), str(cal.get('X-WR-CALNAME')), sorted({str(e.get('SUMMARY')) for e in events})[:1])
for name, c in sorted(counts.items()):
    print(name, c[0], c[1], c[2])
)";
  auto r = run({"/usr/bin/python3", "-c", script, (dir / "rota").string()}, env);
  ASSERT_EXIT_CODE(r, 0);
  // Five days, three slots a day: 15 shifts in all, 5 each.
  EXPECT_EQ(r.out,
            "dev1.ics 5 Smart Dairy on call: Dev 1 ['On call: Dev 1 (slot A)']\n"
            "dev2.ics 5 Smart Dairy on call: Dev 2 ['On call: Dev 2 (slot A)']\n"
            "dev3.ics 5 Smart Dairy on call: Dev 3 ['On call: Dev 3 (slot A)']\n"
            "team.ics 15 Smart Dairy on call ['On call: Dev 1 (slot A)']\n")
      << r.describe();
}

TEST_F(Site, EveryPageIsValidHtml) {
  auto tidy = tool({"/usr/bin/tidy"});
  HC_REQUIRE(!tidy.empty(), "tidy is not installed (tests/deps.sh installs it)");
  write_fixture();
  auto dir = root / "public";
  built(dir, k_during);
  built(root / "status", k_during, {"--public"});
  std::size_t pages = 0;
  for (const auto& base : {dir, root / "status"})
    for (const auto& [name, text] : tree(base)) {
      if (!name.ends_with(".html")) continue;
      ++pages;
      // 0: fine, 1: warnings (tidy 5.6 does not know aria-current), 2: errors.
      auto r = run({tidy, "-q", "-e", "--show-warnings", "no", (base / name).string()}, env);
      EXPECT_LT(r.exit, 2) << name << ":\n" << r.err;
      EXPECT_EQ(r.err.find("Error:"), std::string::npos) << name << ":\n" << r.err;
    }
  EXPECT_EQ(pages, 17u);  // the team's 16 (7 incidents, 4 days so far) and the status page
}

TEST_F(Site, InHeadlessChromiumEveryLinkResolvesAndNothingOverflows) {
  auto browser = tool({"/usr/bin/chromium", "/usr/bin/chromium-browser"});
  HC_REQUIRE(!browser.empty(), "chromium is not installed (tests/deps.sh installs it)");
  write_fixture();
  auto dir = root / "public";
  built(dir, k_during);

  // Follow every link from index.html through the DOM Chromium builds: each internal one must name
  // a file of the site (and an #id the page has); nothing may be fetched from elsewhere.
  static const std::regex link(R"~((?:href|src)="([^"]*)")~");
  std::deque<fs::path> queue = {dir / "index.html"};
  std::set<fs::path> seen = {dir / "index.html"};
  std::size_t links = 0;
  while (!queue.empty()) {
    auto page = queue.front();
    queue.pop_front();
    auto args = chromium_args(browser);
    args.insert(args.end(), {"--dump-dom", "file://" + page.string()});
    auto d = run(args, env, {}, root, std::chrono::seconds(180));
    ASSERT_EQ(d.exit, 0) << d.describe();
    EXPECT_NE(d.out.find("</html>"), std::string::npos) << page;
    EXPECT_EQ(d.err.find("Failed to load resource"), std::string::npos) << page << ": " << d.err;
    EXPECT_EQ(d.err.find("CONSOLE"), std::string::npos) << page << ": " << d.err;
    for (auto it = std::sregex_iterator(d.out.begin(), d.out.end(), link);
         it != std::sregex_iterator(); ++it) {
      std::string target = (*it)[1];
      if (target.starts_with("mailto:") || target.starts_with("tel:")) continue;
      EXPECT_EQ(target.find("://"), std::string::npos) << page << " links outside: " << target;
      ++links;
      auto hash = target.find('#');
      auto file = (page.parent_path() / target.substr(0, hash)).lexically_normal();
      ASSERT_TRUE(fs::is_regular_file(file))
          << page << " links to " << target << ", which is not there";
      EXPECT_EQ(file.string().rfind(dir.string(), 0), 0u)
          << page << " links out of the site: " << target;
      if (hash != std::string::npos) {
        EXPECT_NE(slurp(file).find("id=\"" + target.substr(hash + 1) + "\""), std::string::npos)
            << target;
      }
      if (file.extension() == ".html" && seen.insert(file).second) queue.push_back(file);
    }
  }
  EXPECT_EQ(seen.size(), 16u) << "every page is reachable from index.html";
  EXPECT_GT(links, 80u);

  // Layout: the page is exactly as wide as the viewport at 1280, 375 and 320 px (wide tables
  // scroll inside their own box). The probe measures each width in a frame of that size.
  spit(root / "probe.html",
       "<!DOCTYPE html><html><body><pre id=\"out\"></pre><script>\n"
       "var widths=[1280,375,320], left=widths.length, out=[];\n"
       "widths.forEach(function(w){var "
       "f=document.createElement('iframe');f.style.width=w+'px';f.style.height='900px';\n"
       "f.onload=function(){var d=f.contentDocument.documentElement;out.push(w+' '+d.scrollWidth+' "
       "'+d.clientWidth);\n"
       "if(--left===0)document.getElementById('out').textContent=out.sort().join(';');};\n"
       "f.src='public/index.html';document.body.appendChild(f);});\n</script></body></html>\n");
  auto args = chromium_args(browser);
  args.insert(args.end(), {"--allow-file-access-from-files", "--window-size=1400,1000",
                           "--virtual-time-budget=10000", "--dump-dom",
                           "file://" + (root / "probe.html").string()});
  auto probe = run(args, env, {}, root, std::chrono::seconds(180));
  ASSERT_EQ(probe.exit, 0) << probe.describe();
  static const std::regex measured(R"(<pre id="out">([^<]*)</pre>)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(probe.out, m, measured)) << probe.out;
  std::string widths = m[1];
  ASSERT_EQ(count_of(widths, ";"), 2u) << widths;
  static const std::regex each(R"((\d+) (\d+) (\d+))");
  for (auto it = std::sregex_iterator(widths.begin(), widths.end(), each);
       it != std::sregex_iterator(); ++it)
    EXPECT_EQ((*it)[2], (*it)[3]) << "at " << (*it)[1] << " px the page is " << (*it)[2]
                                  << " px wide: " << widths;

  // Screenshots of the dashboard, kept as artefacts.
  fs::path artefacts = HYPERCARE_ARTEFACTS;
  fs::create_directories(artefacts);
  for (int width : {1280, 375}) {
    auto png = artefacts / ("site-index-" + std::to_string(width) + ".png");
    fs::remove(png);
    auto shot = chromium_args(browser);
    shot.insert(shot.end(),
                {"--hide-scrollbars", "--window-size=" + std::to_string(width) + ",2400",
                 "--screenshot=" + png.string(), "file://" + (dir / "index.html").string()});
    auto s = run(shot, env, {}, root, std::chrono::seconds(180));
    ASSERT_EQ(s.exit, 0) << s.describe();
    ASSERT_TRUE(fs::exists(png)) << s.describe();
    EXPECT_GT(fs::file_size(png), 20000u);  // a page, not a blank one
    std::cout << "screenshot: " << png.string() << "\n";
  }
}

}  // namespace
}  // namespace hctest
