// A hand-built ops dir for the report tests: incidents, escalations, health results with gaps and
// feedback whose every figure was computed by hand (the expected values are in report_test.cpp).
// Team zone Asia/Kolkata (UTC+5:30), hypercare window 2026-11-23 .. 2026-11-27.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness.hpp"

namespace hctest {

inline constexpr const char* k_after_window = "2026-11-28T00:00:00Z";  // the window is over

struct Event {
  std::string ts, type, extra;  // extra: more JSON members, without braces
};

inline std::string event_id(int n) {
  std::string id = "01JD0000000000000000000000";
  std::string digits = std::to_string(n);
  id.replace(id.size() - digits.size(), digits.size(), digits);
  return id;
}

// Writes incidents/YYYY-MM/ID.jsonl with a `created` event and `events`, as hypercare writes them.
inline void write_incident(const fs::path& ops, const std::string& id, const std::string& priority, const std::string& created,
                           const std::string& component, const std::vector<std::string>& tags, const std::vector<Event>& events) {
  static int n = 0;
  std::string tag_list;
  for (const auto& t : tags) tag_list += (tag_list.empty() ? "\"" : ",\"") + t + "\"";
  std::string origin = event_id(++n);
  std::string text = "{\"v\":1,\"id\":\"" + origin + "\",\"ts\":\"" + created +
                     "\",\"actor\":\"dev1\",\"type\":\"created\",\"incident\":\"" + id + "\",\"title\":\"" + component +
                     " incident " + id.substr(id.size() - 4) + "\",\"priority\":\"" + priority + "\",\"component\":\"" +
                     component + "\",\"tags\":[" + tag_list + "]}\n";
  for (const auto& e : events)
    text += "{\"v\":1,\"id\":\"" + event_id(++n) + "\",\"ts\":\"" + e.ts + "\",\"actor\":\"dev1\",\"type\":\"" + e.type +
            "\",\"origin\":\"" + origin + "\"" + (e.extra.empty() ? "" : "," + e.extra) + "}\n";
  auto dir = ops / "incidents" / (id.substr(4, 4) + "-" + id.substr(8, 2));
  fs::create_directories(dir);
  spit(dir / (id + ".jsonl"), text);
}

inline const char* k_resolved = R"("root_cause":"x","resolution":"y")";

// The incidents (times UTC; IST = UTC+5:30):
//   A P1 payments [gateway]  created 11-23 04:30 (IST 11-23), ack +10m, resolved +1h30m
//   B P1 payments            created 11-23 20:00 (IST 11-24 01:30), escalated 20:16, ack +20m, resolved +3h
//   C P2 api                 created 11-24 06:00, ack +30m, resolved +2h
//   D P2 api [gateway]       created 11-25 06:00, escalated 06:31, ack +40m, resolved +6h
//   E P3 frontend            created 11-26 10:00, ack +1h, escalated 12:10 and 13:00, resolved +4h
//   F P4 frontend            created 11-27 05:00, never acknowledged, open
//   G P2 api                 created 11-22 10:00 (IST 11-22: before the window), resolved +1h
inline void write_report_fixture(const fs::path& ops) {
  write_incident(ops, "INC-20261123-AAAA", "P1", "2026-11-23T04:30:00Z", "payments", {"gateway"},
                 {{"2026-11-23T04:40:00Z", "acknowledged", ""}, {"2026-11-23T06:00:00Z", "resolved", k_resolved}});
  write_incident(ops, "INC-20261123-BBBB", "P1", "2026-11-23T20:00:00Z", "payments", {},
                 {{"2026-11-23T20:16:00Z", "escalated", R"("level":1,"to":"dev2")"},
                  {"2026-11-23T20:20:00Z", "acknowledged", ""},
                  {"2026-11-23T23:00:00Z", "resolved", k_resolved}});
  write_incident(ops, "INC-20261124-CCCC", "P2", "2026-11-24T06:00:00Z", "api", {},
                 {{"2026-11-24T06:30:00Z", "acknowledged", ""}, {"2026-11-24T08:00:00Z", "resolved", k_resolved}});
  write_incident(ops, "INC-20261125-DDDD", "P2", "2026-11-25T06:00:00Z", "api", {"gateway"},
                 {{"2026-11-25T06:31:00Z", "escalated", R"("level":1,"to":"dev3")"},
                  {"2026-11-25T06:40:00Z", "acknowledged", ""},
                  {"2026-11-25T12:00:00Z", "resolved", k_resolved}});
  write_incident(ops, "INC-20261126-EEEE", "P3", "2026-11-26T10:00:00Z", "frontend", {},
                 {{"2026-11-26T11:00:00Z", "acknowledged", ""},
                  {"2026-11-26T12:10:00Z", "escalated", R"("level":1,"to":"dev2")"},
                  {"2026-11-26T13:00:00Z", "escalated", R"("level":2,"to":"lead")"},
                  {"2026-11-26T14:00:00Z", "resolved", k_resolved}});
  write_incident(ops, "INC-20261127-FFFF", "P4", "2026-11-27T05:00:00Z", "frontend", {}, {});
  write_incident(ops, "INC-20261122-GGGG", "P2", "2026-11-22T10:00:00Z", "api", {},
                 {{"2026-11-22T10:05:00Z", "acknowledged", ""}, {"2026-11-22T11:00:00Z", "resolved", k_resolved}});

  // One http check every hour (a result stands for at most 2 h). IST day 11-24 is covered
  // hourly from 11-23 18:30Z, one failure at 11-24 00:30Z; IST day 11-25 has 12 hourly results
  // from 11-24 18:30Z, one failure at 11-25 01:30Z, the last at 05:30Z standing until 07:30Z,
  // then nothing: 11 h unknown. Latencies 100, 110, ..., 450 ms in time order.
  spit(ops / "checks.toml", "[[check]]\nname = \"api-health\"\nkind = \"http\"\nservice = \"api\"\n"
                            "url = \"http://127.0.0.1:9/health\"\ninterval = \"1h\"\n");
  fs::create_directories(ops / "health");
  std::map<std::string, std::string> files;
  int i = 0;
  auto result = [&](const std::string& day, int hour, int minute, bool ok) {
    char ts[32];
    std::snprintf(ts, sizeof ts, "%sT%02d:%02d:00Z", day.c_str(), hour, minute);
    std::string line = std::string("{\"check\":\"api-health\",\"id\":\"") + event_id(1000 + i) +
                       "\",\"kind\":\"http\",\"latency_ms\":" + std::to_string(100 + 10 * i) +
                       ",\"message\":\"" + (ok ? "200" : "503") + "\",\"run\":\"HC-" + day.substr(0, 4) + day.substr(5, 2) +
                       day.substr(8, 2) + "-R" + std::to_string(i) + "\",\"service\":\"api\",\"status\":\"" +
                       (ok ? "ok" : "fail") + "\",\"ts\":\"" + ts + "\",\"type\":\"result\",\"v\":1,\"value\":null}\n";
    files[day + ".jsonl"] += line;
    ++i;
  };
  // IST 11-24: 11-23 18:30Z .. 11-24 17:30Z (24 results).
  for (int h = 18; h <= 23; ++h) result("2026-11-23", h, 30, true);
  for (int h = 0; h <= 17; ++h) result("2026-11-24", h, 30, h != 0);
  // IST 11-25: 11-24 18:30Z .. 11-25 05:30Z (12 results).
  for (int h = 18; h <= 23; ++h) result("2026-11-24", h, 30, true);
  for (int h = 0; h <= 5; ++h) result("2026-11-25", h, 30, h != 1);
  for (const auto& [name, text] : files) spit(ops / "health" / name, text);
}

// Feedback: five answers in the window (5, 4, 3, 5, 2: 3 of 5 positive) and one before it.
inline std::string survey_csv() {
  return "\xEF\xBB\xBFTimestamp,How satisfied are you? (rating 1-5),Any comments?,Email\r\n"
         "2026-11-23 12:00,5,\"Fast, and \"\"just works\"\"\",a@example.com\r\n"
         "2026-11-24 09:15,4,,b@example.com\r\n"
         "2026/11/25 18:40,3,\"slow reports\nsometimes\",c@example.com\r\n"
         "2026-11-20 10:00,1,before go-live,d@example.com\r\n";
}

}  // namespace hctest
