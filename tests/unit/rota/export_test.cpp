// Export: RFC 5545 folding (75 octets, never inside a UTF-8 sequence), TEXT escaping, the whole
// calendar for one day, CSV quoting and the JSON shape of a shift.
#include "hypercare/rota/export.hpp"

#include <gtest/gtest.h>

namespace hypercare::rota {
namespace {

using namespace std::chrono;

std::vector<std::string> physical_lines(const std::string& folded) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < folded.size()) {
    auto crlf = folded.find("\r\n", pos);
    EXPECT_NE(crlf, std::string::npos) << "not CRLF-terminated";
    if (crlf == std::string::npos) break;
    out.push_back(folded.substr(pos, crlf - pos));
    pos = crlf + 2;
  }
  return out;
}

std::string unfold(std::string s) {
  for (auto p = s.find("\r\n "); p != std::string::npos; p = s.find("\r\n ", p)) s.erase(p, 3);
  return s;
}

bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

TEST(RotaIcalFold, ShortAndExactlySeventyFiveOctetLinesStayWhole) {
  EXPECT_EQ(ical_fold(""), "\r\n");
  EXPECT_EQ(ical_fold("BEGIN:VEVENT"), "BEGIN:VEVENT\r\n");
  std::string s75(75, 'x');
  EXPECT_EQ(ical_fold(s75), s75 + "\r\n");
  EXPECT_EQ(ical_fold(s75 + "y"), s75 + "\r\n y\r\n");
  std::string s200(200, 'a');
  EXPECT_EQ(ical_fold(s200), std::string(75, 'a') + "\r\n " + std::string(74, 'a') + "\r\n " + std::string(51, 'a') + "\r\n");
}

TEST(RotaIcalFold, AMultibyteCharacterAtTheBoundaryMovesWhole) {
  const std::string e = "\xC3\xA9";            // é, 2 octets
  const std::string dash = "\xE2\x80\x93";     // –, 3 octets
  const std::string face = "\xF0\x9F\x98\x80";  // 😀, 4 octets
  // Fits exactly: 73 + 2 = 75.
  EXPECT_EQ(ical_fold(std::string(73, 'x') + e), std::string(73, 'x') + e + "\r\n");
  // Would straddle octet 75: the whole character goes to the next line.
  EXPECT_EQ(ical_fold(std::string(74, 'x') + e), std::string(74, 'x') + "\r\n " + e + "\r\n");
  EXPECT_EQ(ical_fold(std::string(73, 'x') + dash), std::string(73, 'x') + "\r\n " + dash + "\r\n");
  EXPECT_EQ(ical_fold(std::string(72, 'x') + dash), std::string(72, 'x') + dash + "\r\n");
  for (int pad = 70; pad <= 75; ++pad) {
    auto folded = ical_fold(std::string(std::size_t(pad), 'x') + face + "z");
    auto lines = physical_lines(folded);
    ASSERT_EQ(lines.size(), pad <= 70 ? 1u : 2u) << pad;
    EXPECT_LE(lines[0].size(), 75u);
    if (pad > 70) {
      EXPECT_EQ(lines[1], pad == 71 ? std::string(" z") : " " + face + "z") << pad;
    }
  }
}

TEST(RotaIcalFold, LongUnicodeTextFoldsOnCharacterBoundariesAndUnfoldsBack) {
  for (const std::string ch : {"\xC3\xA9", "\xE2\x80\x93", "\xF0\x9F\x98\x80", "\xE0\xA4\xA6\xE0\xA5\x87"}) {
    for (std::size_t prefix = 0; prefix < 5; ++prefix) {
      std::string line = "SUMMARY:" + std::string(prefix, 'p');
      for (int i = 0; i < 60; ++i) line += ch;
      auto folded = ical_fold(line);
      ASSERT_GE(folded.size(), 2u);
      EXPECT_EQ(folded.substr(folded.size() - 2), "\r\n");
      auto lines = physical_lines(folded);
      ASSERT_GT(lines.size(), 1u);
      for (std::size_t i = 0; i < lines.size(); ++i) {
        EXPECT_LE(lines[i].size(), 75u) << i;
        if (i) {
          ASSERT_EQ(lines[i][0], ' ');
          EXPECT_FALSE(continuation_byte(lines[i][1])) << "line " << i << " starts inside a UTF-8 sequence";
          // A line is only cut when the next character would not fit.
          EXPECT_GT(lines[i - 1].size() + ch.size(), 75u) << "line " << i - 1 << " was cut early";
        }
      }
      EXPECT_EQ(unfold(folded), line + "\r\n");
    }
  }
}

TEST(RotaIcalEscape, EscapesBackslashSemicolonCommaAndNewlines) {
  EXPECT_EQ(ical_escape("plain text: ok"), "plain text: ok");
  EXPECT_EQ(ical_escape("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
  EXPECT_EQ(ical_escape("crlf\r\nend"), "crlf\\nend");
  EXPECT_EQ(ical_escape("\"quoted\" Dév"), "\"quoted\" Dév");
  EXPECT_EQ(ical_escape(""), "");
}

struct Fixture {
  config::RotaConfig cfg;
  Changes changes;
};

Fixture seed(const std::string& dev1_name) {
  std::string t = "timezone = \"Asia/Kolkata\"\nstart = 2026-11-23\n[lead]\nid = \"lead\"\nname = \"Project Lead\"\n"
                  "[[member]]\nid = \"dev1\"\nname = \"" + dev1_name + "\"\nemail = \"dev1@example.com\"\nphone = \"+91 1\"\n"
                  "[[member]]\nid = \"dev2\"\nname = \"Dev 2\"\n[[member]]\nid = \"dev3\"\n"
                  "[[slot]]\nname = \"A\"\nstart = \"06:00\"\nend = \"14:00\"\n"
                  "[[slot]]\nname = \"B\"\nstart = \"14:00\"\nend = \"22:00\"\n"
                  "[[slot]]\nname = \"C\"\nstart = \"22:00\"\nend = \"06:00\"\n";
  auto f = config::TomlFile::parse(t, "rota.toml");
  EXPECT_TRUE(f) << f.error().message;
  config::HypercareConfig team;
  auto c = config::parse_rota_config(*f, team);
  EXPECT_TRUE(c) << c.error().message;
  return Fixture{*c, {}};
}

TEST(RotaExport, CsvQuotesCommasQuotesAndNewlines) {
  auto fx = seed("Doe, \\\"JJ\\\"\\nNight");
  Override o;
  o.id = "OV-20261127-AB12";
  o.member = "lead";
  o.from = *core::parse_rfc3339("2026-11-27T17:00:00Z");
  o.to = *core::parse_rfc3339("2026-11-27T18:00:00Z");
  fx.changes.overrides = {o};
  Schedule sch(fx.cfg, fx.changes);
  EXPECT_EQ(to_csv(sch.shifts(sys_days{year{2026} / 11 / 27}, 1), fx.cfg),
            "start,end,day,slot,member,name,override\r\n"
            "2026-11-27T00:30:00Z,2026-11-27T08:30:00Z,2026-11-27,A,dev2,Dev 2,\r\n"
            "2026-11-27T08:30:00Z,2026-11-27T16:30:00Z,2026-11-27,B,dev3,dev3,\r\n"
            "2026-11-27T16:30:00Z,2026-11-27T17:00:00Z,2026-11-27,C,dev1,\"Doe, \"\"JJ\"\"\nNight\",\r\n"
            "2026-11-27T17:00:00Z,2026-11-27T18:00:00Z,2026-11-27,C,lead,Project Lead,OV-20261127-AB12\r\n"
            "2026-11-27T18:00:00Z,2026-11-28T00:30:00Z,2026-11-27,C,dev1,\"Doe, \"\"JJ\"\"\nNight\",\r\n");
  EXPECT_EQ(to_csv({}, fx.cfg), "start,end,day,slot,member,name,override\r\n");
}

TEST(RotaExport, ShiftJsonHasTheDocumentedFields) {
  auto fx = seed("Dev 1");
  Schedule sch(fx.cfg, fx.changes);
  auto j = shift_json(sch.base(sys_days{year{2026} / 11 / 27}, 2), fx.cfg);
  EXPECT_EQ(j, nlohmann::json::parse(R"({"start":"2026-11-27T16:30:00Z","end":"2026-11-28T00:30:00Z","day":"2026-11-27",
                                         "slot":"C","member":"dev1","override":false})"));
  EXPECT_EQ(person_json(fx.cfg.person("dev1")),
            nlohmann::json::parse(R"({"id":"dev1","name":"Dev 1","email":"dev1@example.com","phone":"+91 1"})"));
  EXPECT_EQ(person_json(fx.cfg.person("dev3")), nlohmann::json::parse(R"({"id":"dev3","name":"dev3"})"));
  EXPECT_TRUE(person_json(nullptr).is_null());
}

TEST(RotaExport, IcalForOneDayIsExactAndItsUidsIgnoreTheExportTime) {
  auto fx = seed("Ānanya Śarmā; on-call, lead");
  Schedule sch(fx.cfg, fx.changes);
  auto shifts = sch.shifts(sys_days{year{2026} / 11 / 27}, 1);
  shifts.erase(shifts.begin(), shifts.begin() + 2);  // only slot C (dev1)
  auto now = *core::parse_rfc3339("2026-11-27T03:00:00Z");
  auto ics = to_ical(shifts, {fx.cfg, "Smart Dairy on call", now});
  const std::string want =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hypercare//hypercare " HYPERCARE_VERSION "//EN\r\n"
      "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Smart Dairy on call\r\n"
      "BEGIN:VEVENT\r\nUID:20261127T163000Z-C-dev1@hypercare\r\nDTSTAMP:20261127T030000Z\r\n"
      "DTSTART:20261127T163000Z\r\nDTEND:20261128T003000Z\r\n"
      "SUMMARY:On call: Ānanya Śarmā\\; on-call\\, lead (slot C)\r\n"
      "DESCRIPTION:Slot C 22:00–06:00 (wall clock in Asia/Kolkata)\\, day 2026-11\r\n"
      " -27.\\nEmail: dev1@example.com\\nPhone: +91 1\r\n"
      "END:VEVENT\r\nEND:VCALENDAR\r\n";
  EXPECT_EQ(ics, want);
  auto later = to_ical(shifts, {fx.cfg, "Smart Dairy on call", now + days(3)});
  EXPECT_NE(later, ics);
  EXPECT_EQ(later.find("UID:20261127T163000Z-C-dev1@hypercare\r\n"), ics.find("UID:20261127T163000Z-C-dev1@hypercare\r\n"));
  for (const auto& l : physical_lines(ics)) EXPECT_LE(l.size(), 75u) << l;
}

}  // namespace
}  // namespace hypercare::rota
