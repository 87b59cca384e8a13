// `rota export` (iCalendar parsed by Debian's python3-icalendar, CSV, JSON, -o), `rota stats`,
// and the exit codes for a broken or missing rota.toml.
#include <algorithm>
#include <set>

#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

class CliRotaExport : public CliTest {
 protected:
  void SetUp() override { init_ops(false); }
};

// Debian's module lives under /usr/bin/python3, not whichever python3 is first on PATH.
const char* k_parse = R"PY(
import icalendar, json, sys
raw = open(sys.argv[1], "rb").read()
cal = icalendar.Calendar.from_ical(raw)
fmt = "%Y-%m-%dT%H:%M:%SZ"
events = []
for e in cal.walk("VEVENT"):
    s, t, st = e.decoded("DTSTART"), e.decoded("DTEND"), e.decoded("DTSTAMP")
    events.append({"uid": str(e["UID"]), "start": s.strftime(fmt), "end": t.strftime(fmt), "stamp": st.strftime(fmt),
                   "utc": all(x.utcoffset() is not None and x.utcoffset().total_seconds() == 0 for x in (s, t, st)),
                   "summary": str(e["SUMMARY"]), "description": str(e["DESCRIPTION"])})
print(json.dumps({"version": str(cal["VERSION"]), "prodid": str(cal["PRODID"]), "events": events}, ensure_ascii=False))
)PY";

json parse_ics(const fs::path& file, const Env& env) {
  auto r = run({"/usr/bin/python3", "-c", k_parse, file.string()}, env);
  EXPECT_EQ(r.exit, 0) << "python3-icalendar could not parse it (tests/deps.sh installs it)\n" << r.describe();
  auto j = json::parse(r.out, nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

TEST_F(CliRotaExport, IcalParsesWithPythonIcalendarAndUidsAreStable) {
  // Unicode and TEXT specials in a name: escaped in SUMMARY, folded without splitting a character.
  auto toml = slurp(ops / "rota.toml");
  auto pos = toml.find("name = \"Dev 1\"");
  ASSERT_NE(pos, std::string::npos);
  spit(ops / "rota.toml", toml.replace(pos, 14, "name = \"Ānanya Śarmā, \\\"AŚ\\\"; नमस्ते दुनिया\""));
  auto a = hc({"rota", "export", "--from", "2026-11-27", "--days", "3", "-o", "week.ics"});
  ASSERT_EXIT_CODE(a, 0);
  EXPECT_EQ(a.out, "✓ wrote 9 shifts to " + (root / "week.ics").string() + "\n");
  EXPECT_EQ(a.err, "");
  const auto raw = slurp(root / "week.ics");
  EXPECT_EQ(count_of(raw, "\r\n"), count_of(raw, "\n")) << "every line ends with CRLF";
  for (const auto& line : split_lines(raw)) EXPECT_LE(line.size(), 76u) << line;  // 75 + the CR
  EXPECT_EQ(raw.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hypercare//hypercare ", 0), 0u);
  EXPECT_EQ(raw.substr(raw.size() - 15), "END:VCALENDAR\r\n");

  auto cal = parse_ics(root / "week.ics", env);
  EXPECT_EQ(cal["version"], "2.0");
  ASSERT_EQ(cal["events"].size(), 9u);
  const auto& ev = cal["events"];
  EXPECT_EQ(ev[0]["start"], "2026-11-27T00:30:00Z");
  EXPECT_EQ(ev[0]["end"], "2026-11-27T08:30:00Z");
  EXPECT_EQ(ev[0]["summary"], "On call: Dev 2 (slot A)");
  EXPECT_EQ(ev[2]["start"], "2026-11-27T16:30:00Z");
  EXPECT_EQ(ev[2]["end"], "2026-11-28T00:30:00Z");
  EXPECT_EQ(ev[2]["summary"], "On call: Ānanya Śarmā, \"AŚ\"; नमस्ते दुनिया (slot C)");
  EXPECT_EQ(ev[2]["description"], "Slot C 22:00–06:00 (wall clock in Asia/Kolkata), day 2026-11-27.\n"
                                  "Email: dev1@example.com");
  EXPECT_EQ(ev[8]["end"], "2026-11-30T00:30:00Z");
  std::set<std::string> uids;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    EXPECT_TRUE(ev[i]["utc"].get<bool>()) << i;
    EXPECT_EQ(ev[i]["stamp"], k_now);
    if (i) {
      EXPECT_EQ(ev[i]["start"], ev[i - 1]["end"]) << i;
    }
    uids.insert(ev[i]["uid"].get<std::string>());
  }
  EXPECT_EQ(uids.size(), 9u);

  // Exported again two days later (a different DTSTAMP), the same shifts keep their UIDs.
  auto b = hc({"rota", "export", "--from", "2026-11-28", "--days", "2", "-o", "-"}, {{"HYPERCARE_NOW", "2026-11-29T10:00:00Z"}});
  ASSERT_EXIT_CODE(b, 0);
  spit(root / "later.ics", b.out);
  auto later = parse_ics(root / "later.ics", env);
  ASSERT_EQ(later["events"].size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(later["events"][i]["uid"], ev[i + 3]["uid"]) << i;
    EXPECT_EQ(later["events"][i]["start"], ev[i + 3]["start"]);
    EXPECT_EQ(later["events"][i]["stamp"], "2026-11-29T10:00:00Z");
  }
}

TEST_F(CliRotaExport, OverridesAndOneMembersCalendar) {
  ASSERT_EXIT_CODE(hc({"rota", "override", "lead", "--from", "2026-11-27 22:00", "--to", "2026-11-28 01:00"}), 0);
  auto r = hc({"rota", "export", "--member", "lead", "--from", "2026-11-27", "--days", "1"});
  ASSERT_EXIT_CODE(r, 0);
  spit(root / "lead.ics", r.out);
  auto cal = parse_ics(root / "lead.ics", env);
  ASSERT_EQ(cal["events"].size(), 1u);
  EXPECT_EQ(cal["events"][0]["summary"], "On call: Project Lead (slot C) — override");
  EXPECT_EQ(cal["events"][0]["start"], "2026-11-27T16:30:00Z");
  EXPECT_EQ(cal["events"][0]["end"], "2026-11-27T19:30:00Z");
  EXPECT_NE(r.out.find("X-WR-CALNAME:Smart Dairy on call — lead\r\n"), std::string::npos) << r.out;
}

TEST_F(CliRotaExport, CsvAndJson) {
  auto csv = hc({"rota", "export", "--format", "csv", "--from", "2026-11-27", "--days", "1"});
  ASSERT_EXIT_CODE(csv, 0);
  EXPECT_EQ(csv.out, "start,end,day,slot,member,name,override\r\n"
                     "2026-11-27T00:30:00Z,2026-11-27T08:30:00Z,2026-11-27,A,dev2,Dev 2,\r\n"
                     "2026-11-27T08:30:00Z,2026-11-27T16:30:00Z,2026-11-27,B,dev3,Dev 3,\r\n"
                     "2026-11-27T16:30:00Z,2026-11-28T00:30:00Z,2026-11-27,C,dev1,Dev 1,\r\n");
  auto j = hc({"rota", "export", "--format", "json", "--member", "dev2", "--days", "2"});
  ASSERT_EXIT_CODE(j, 0);
  EXPECT_EQ(json::parse(j.out), json::parse(R"([
    {"start":"2026-11-27T00:30:00Z","end":"2026-11-27T08:30:00Z","day":"2026-11-27","slot":"A","member":"dev2","override":false},
    {"start":"2026-11-28T16:30:00Z","end":"2026-11-29T00:30:00Z","day":"2026-11-28","slot":"C","member":"dev2","override":false}])"));
  // The default range is 28 days from today.
  EXPECT_EQ(json::parse(hc({"rota", "export", "--format", "json"}).out).size(), 84u);
  auto bad = hc({"rota", "export", "-o", (ops / "hypercare.toml/x.ics").string()});
  EXPECT_EXIT_CODE(bad, 73);
  EXPECT_EQ(bad.out, "");
}

TEST_F(CliRotaExport, StatsForTheHypercareWindow) {
  auto r = hc({"rota", "stats"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_EQ(r.out, "2026-11-23 to 2026-11-27 (5 days)\n"
                   "MEMBER  HOURS  SHIFTS  NIGHTS  WEEKENDS\n"
                   "dev1    40.0   5       2       1\n"
                   "dev2    40.0   5       1       0\n"
                   "dev3    40.0   5       2       0\n"
                   "spread  0.0    0       1       1\n");
  auto j = json::parse(hc({"rota", "stats", "--from", "2026-11-28", "--to", "2026-11-29", "--json"}).out);
  EXPECT_EQ(j, json::parse(R"({"from":"2026-11-28","to":"2026-11-29",
    "people":[{"member":"dev1","hours":16.0,"shifts":2,"nights":0,"weekends":2},
              {"member":"dev2","hours":16.0,"shifts":2,"nights":1,"weekends":2},
              {"member":"dev3","hours":16.0,"shifts":2,"nights":1,"weekends":2}],
    "spread":{"hours":0.0,"shifts":0,"nights":1,"weekends":0}})"));
}

TEST_F(CliRotaExport, ABrokenRotaTomlIsExit78WithFileLineColumn) {
  auto toml = slurp(ops / "rota.toml");
  auto pos = toml.find("end = \"14:00\"");
  ASSERT_NE(pos, std::string::npos);
  auto line = std::count(toml.begin(), toml.begin() + long(pos), '\n') + 1;
  spit(ops / "rota.toml", toml.replace(pos, 13, "end = \"14:75\""));
  for (std::vector<std::string> a : {std::vector<std::string>{"rota", "show"}, {"rota", "now"}, {"rota", "check"}}) {
    auto r = hc(a);
    EXPECT_EXIT_CODE(r, 78);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind("hypercare: " + (ops / "rota.toml").string() + ":" + std::to_string(line) +
                              ":7: slot[0].end: '14:75' is not a time of day HH:MM", 0), 0u) << r.err;
  }
  // Escalation needs the rota: 78 too. Commands that only read it warn and carry on.
  auto id = new_incident("x", "P1");
  EXPECT_EQ(show(id)["assignee"], "");
  EXPECT_EXIT_CODE(hc({"incident", "escalate", id}), 78);
  auto st = hc({"status"});
  EXPECT_EXIT_CODE(st, 0);
  EXPECT_NE(st.err.find("rota.toml:" + std::to_string(line) + ":7: slot[0].end"), std::string::npos) << st.err;
  EXPECT_EQ(st.out.find("on call"), std::string::npos);
  EXPECT_EXIT_CODE(hc({"incident", "list"}), 0);
}

TEST_F(CliRotaExport, HandEditedChangesAreCheckedAndMalformedOnesRefused) {
  fs::create_directories(ops / "rota");
  spit(ops / "rota/changes.jsonl",
       R"({"v":1,"id":"01M8DF42W067WTE8MGXJ6MFJQZ","ts":"2026-11-27T03:00:00Z","actor":"x","type":"override",)"
       R"("override":"OV-20261127-ZZZZ","member":"ghost","from":"2026-11-28T00:30:00Z","to":"2026-11-28T08:30:00Z"})" "\n");
  auto r = hc({"rota", "check", "--from", "2026-11-28", "--days", "1", "--json"});
  EXPECT_EXIT_CODE(r, 1);
  auto j = json::parse(r.out);
  ASSERT_EQ(j["problems"].size(), 1u) << r.out;
  EXPECT_EQ(j["problems"][0]["kind"], "unknown_member");
  EXPECT_EQ(j["problems"][0]["message"], "override OV-20261127-ZZZZ gives shifts to 'ghost', who is not in rota.toml");
  append_bytes(ops / "rota/changes.jsonl", "{\"v\":1,\"bad\n");
  // A line that cannot be read is skipped with a warning naming it: the rest of the rota still
  // says who is on call (rota check still fails for the unknown member).
  for (std::vector<std::string> a : {std::vector<std::string>{"rota", "show"}, {"rota", "check"}, {"rota", "now"}}) {
    auto bad = hc(a);
    EXPECT_EXIT_CODE(bad, a[1] == "check" ? 1 : 0);
    EXPECT_EQ(bad.err.rfind("hypercare: warning: skipped " + (ops / "rota/changes.jsonl").string() + ":2: ", 0), 0u)
        << bad.err;
    EXPECT_NE(bad.err.find("hypercare doctor --fix"), std::string::npos) << bad.err;
  }
}

// Found by fuzz_rota_changes: a hand-edited override from the year 1013 made `rota check` lay out
// a thousand years of shifts (11 s under ASan). Only the checked week is laid out now, and an
// override reaching outside it is not called dangling.
TEST_F(CliRotaExport, AnOverrideSpanningCenturiesIsCheckedWithinTheWeek) {
  fs::create_directories(ops / "rota");
  spit(ops / "rota/changes.jsonl",
       R"({"v":1,"id":"01M8DF42W067WTE8MGXJ6MFJQZ","ts":"2026-11-25T10:00:00Z","actor":"dev1","type":"override",)"
       R"("override":"OV-20261125-4XQ2","member":"dev3","from":"1013-11-27T08:30:00Z","to":"2026-11-27T12:30:00Z","replacing":"dev2"})" "\n");
  auto r = hc({"rota", "check", "--from", "2026-11-28", "--days", "7", "--json"});
  EXPECT_EXIT_CODE(r, 0);
  auto j = json::parse(r.out);
  EXPECT_EQ(j["problems"].size(), 0u) << r.out;
  auto week = hc({"rota", "check", "--from", "2026-11-23", "--days", "7", "--json"});
  for (const auto& p : json::parse(week.out)["problems"]) EXPECT_NE(p["kind"], "dangling_override") << week.out;
}

TEST_F(CliRotaExport, NoRotaOrNoOpsDirIsExit66) {
  fs::remove(ops / "rota.toml");
  auto r = hc({"rota", "show"});
  EXPECT_EXIT_CODE(r, 66);
  EXPECT_EQ(r.err.rfind("hypercare: " + ops.string() + " has no rota.toml: the rota is not set up\n", 0), 0u) << r.err;
  EXPECT_EXIT_CODE(hc({"rota", "now"}), 66);
  // Without a rota, status still works and new incidents are unassigned.
  EXPECT_EXIT_CODE(hc({"status"}), 0);
  EXPECT_EQ(show(new_incident("x", "P3"))["assignee"], "");
  EXPECT_EXIT_CODE(hc({"rota", "show"}, {{"HYPERCARE_OPS", (root / "nowhere").string()}}), 66);
}

}  // namespace
