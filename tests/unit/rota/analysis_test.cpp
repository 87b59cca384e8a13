// `rota check` findings, one kind at a time, and `rota stats` for the seed rota.
#include "hypercare/rota/analysis.hpp"

#include <gtest/gtest.h>

namespace hypercare::rota {
namespace {

using namespace std::chrono;

core::TimePoint T(const char* s) { return *core::parse_rfc3339(s); }
Day D(unsigned m, unsigned d) { return sys_days{year{2026} / month{m} / day{d}}; }

std::string slot(const char* name, const char* start, const char* end) {
  return std::string("[[slot]]\nname = \"") + name + "\"\nstart = \"" + start + "\"\nend = \"" + end + "\"\n";
}
const std::string k_seed_slots = slot("A", "06:00", "14:00") + slot("B", "14:00", "22:00") + slot("C", "22:00", "06:00");

struct Rota {
  config::RotaConfig cfg;
  Changes changes;
  Schedule schedule() const { return Schedule(cfg, changes); }
};

// 2026-11-23 is a Monday. Members dev1..dev{n} and a lead.
Rota make(int n, const std::string& slots, const std::string& extra = "", const char* zone = "Asia/Kolkata",
          const char* head = "") {
  std::string t = std::string("timezone = \"") + zone + "\"\nstart = 2026-11-23\n" + head + "[lead]\nid = \"lead\"\n";
  for (int i = 1; i <= n; ++i) t += "[[member]]\nid = \"dev" + std::to_string(i) + "\"\n";
  auto f = config::TomlFile::parse(t + slots + extra, "rota.toml");
  EXPECT_TRUE(f) << f.error().message;
  config::HypercareConfig team;
  auto c = config::parse_rota_config(*f, team);
  EXPECT_TRUE(c) << c.error().message;
  return Rota{*c, {}};
}

Override ov(const char* id, const char* member, const char* from, const char* to, const char* replacing = "") {
  Override o;
  o.id = id, o.member = member, o.from = T(from), o.to = T(to), o.replacing = replacing;
  return o;
}

std::vector<std::string> kinds(const std::vector<Finding>& f) {
  std::vector<std::string> out;
  for (const auto& x : f) out.push_back(x.kind);
  return out;
}

TEST(RotaCheck, TheSeedRotaIsClean) {
  auto r = make(3, k_seed_slots);
  EXPECT_TRUE(check(r.schedule(), D(11, 23), 14).empty());
  // min_rest is "8h" there by default and C → next day's B is exactly 8 h: not shorter.
  EXPECT_EQ(r.cfg.min_rest, hours(8));
}

TEST(RotaCheck, GapBetweenSlots) {
  auto r = make(3, slot("A", "06:00", "14:00") + slot("B", "15:00", "22:00") + slot("C", "22:00", "06:00"));
  auto f = check(r.schedule(), D(11, 23), 2);
  ASSERT_EQ(kinds(f), (std::vector<std::string>{"gap", "gap"}));
  EXPECT_EQ(f[0].message, "nobody is on call from 2026-11-23 14:00 IST to 2026-11-23 15:00 IST (between slot A and slot B)");
  EXPECT_EQ(f[0].at, T("2026-11-23T08:30:00Z"));
  EXPECT_EQ(f[1].at, T("2026-11-24T08:30:00Z"));
}

TEST(RotaCheck, OverlappingSlots) {
  auto r = make(3, slot("A", "06:00", "15:00") + slot("B", "14:00", "22:00") + slot("C", "22:00", "06:00"));
  auto f = check(r.schedule(), D(11, 23), 1);
  ASSERT_EQ(kinds(f), (std::vector<std::string>{"overlap"}));
  EXPECT_EQ(f[0].message, "slots A and B overlap from 2026-11-23 14:00 IST to 2026-11-23 15:00 IST");
  EXPECT_EQ(f[0].at, T("2026-11-23T08:30:00Z"));
}

TEST(RotaCheck, RestShorterThanMinRest) {
  auto r = make(3, k_seed_slots, "", "Asia/Kolkata", "min_rest = \"9h\"\n");
  auto f = check(r.schedule(), D(11, 23), 2);
  // dev2: B on day 1 (until 22:00), A on day 2 (06:00); dev3: C on day 1 (until 06:00), B on day 2.
  ASSERT_EQ(kinds(f), (std::vector<std::string>{"rest", "rest"}));
  EXPECT_EQ(f[0].message, "dev2 rests only 8h between the shift ending 2026-11-23 22:00 IST and the one starting "
                          "2026-11-24 06:00 IST (min_rest 9h)");
  EXPECT_EQ(f[0].at, T("2026-11-24T00:30:00Z"));
  EXPECT_EQ(f[1].message, "dev3 rests only 8h between the shift ending 2026-11-24 06:00 IST and the one starting "
                          "2026-11-24 14:00 IST (min_rest 9h)");
  EXPECT_EQ(f[1].at, T("2026-11-24T08:30:00Z"));
}

TEST(RotaCheck, BackToBackShiftsOfOnePersonHaveNoRest) {
  auto r = make(3, k_seed_slots, "[[assignment]]\ndate = 2026-11-23\nslot = \"B\"\nmember = \"dev1\"\n");
  auto f = check(r.schedule(), D(11, 23), 1);
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].kind, "rest");
  EXPECT_EQ(f[0].at, T("2026-11-23T08:30:00Z"));
  EXPECT_EQ(f[0].message.rfind("dev1 ", 0), 0u) << f[0].message;
}

// A two-hour cover in the middle of someone's shift is not a "rest" between two of their shifts.
TEST(RotaCheck, ACoverInsideAShiftIsNotAShortRest) {
  auto r = make(3, k_seed_slots);
  r.changes.overrides = {ov("OV-1", "lead", "2026-11-24T03:00:00Z", "2026-11-24T05:00:00Z")};
  auto f = check(r.schedule(), D(11, 23), 3);
  EXPECT_EQ(kinds(f), std::vector<std::string>{}) << (f.empty() ? "" : f[0].message);
}

// The lead covers 13:00–15:00 IST on 2026-11-27, across the A/B boundary: one stint of two hours,
// neither "two shifts back to back" nor two shifts in the stats.
TEST(RotaCheck, OneOverrideAcrossASlotBoundaryIsOneStint) {
  auto r = make(3, k_seed_slots);
  r.changes.overrides = {ov("OV-1", "lead", "2026-11-27T07:30:00Z", "2026-11-27T09:30:00Z")};
  auto sch = r.schedule();
  auto f = check(sch, D(11, 27), 1);
  EXPECT_EQ(kinds(f), std::vector<std::string>{}) << (f.empty() ? "" : f[0].message);
  auto st = stats(sch, sch.shifts(D(11, 27), 1));
  ASSERT_EQ(st.people.size(), 4u);
  EXPECT_DOUBLE_EQ(st.people[3].hours, 2);
  EXPECT_EQ(st.people[3].shifts, 1);
}

TEST(RotaCheck, OverrideForSomeoneNotInTheRota) {
  auto r = make(3, k_seed_slots);
  // The whole of dev2's A shift on day 2, so nobody's shift is split.
  r.changes.overrides = {ov("OV-1", "ghost", "2026-11-24T00:30:00Z", "2026-11-24T08:30:00Z")};
  auto f = check(r.schedule(), D(11, 23), 3);
  ASSERT_EQ(kinds(f), (std::vector<std::string>{"unknown_member"}));
  EXPECT_EQ(f[0].message, "override OV-1 gives shifts to 'ghost', who is not in rota.toml");
  EXPECT_EQ(f[0].at, T("2026-11-24T00:30:00Z"));
  // Outside the checked window it is not reported.
  EXPECT_TRUE(check(r.schedule(), D(11, 26), 3).empty());
}

TEST(RotaCheck, OverrideReplacingSomeoneWhoIsNotOnCallThen) {
  auto r = make(3, k_seed_slots);
  // 2026-11-23 A (00:30Z–08:30Z) is dev1's; dev3 has no shift then.
  r.changes.overrides = {ov("OV-2", "dev2", "2026-11-23T01:00:00Z", "2026-11-23T02:00:00Z", "dev3"),
                         ov("OV-3", "dev1", "2026-11-23T00:00:00Z", "2026-11-24T00:30:00Z", "dev3")};
  r.changes.overrides[1].cancelled = true;
  auto f = check(r.schedule(), D(11, 23), 2);
  ASSERT_EQ(kinds(f), (std::vector<std::string>{"dangling_override"}));
  EXPECT_EQ(f[0].message, "override OV-2 replaces dev3, who has no shift between 2026-11-23 06:30 IST and "
                          "2026-11-23 07:30 IST: it changes nothing");
}

TEST(RotaCheck, SwapNamingAnUnknownSlot) {
  auto r = make(3, k_seed_slots);
  Swap s;
  s.id = "SW-1", s.day_a = D(11, 23), s.slot_a = "A", s.day_b = D(11, 24), s.slot_b = "Q";
  r.changes.swaps = {s};
  auto f = check(r.schedule(), D(11, 23), 2);
  ASSERT_EQ(kinds(f), (std::vector<std::string>{"dangling_swap"}));
  EXPECT_EQ(f[0].message, "swap SW-1 names a slot that rota.toml does not have (A / Q)");
  EXPECT_FALSE(f[0].at);
}

TEST(RotaCheck, UnfairSpread) {
  // One 24-hour slot, four members; assignments give dev1 every other day (never two in a row).
  std::string as;
  for (auto [d, m] : {std::pair{"2026-11-25", "dev1"}, {"2026-11-29", "dev1"}, {"2026-11-28", "dev3"}})
    as += std::string("[[assignment]]\ndate = ") + d + "\nslot = \"D\"\nmember = \"" + m + "\"\n";
  auto r = make(4, slot("D", "09:00", "09:00"), as);
  auto f = check(r.schedule(), D(11, 23), 8);
  ASSERT_EQ(kinds(f), (std::vector<std::string>{"unfair"}));
  EXPECT_EQ(f[0].message, "uneven spread over 8 days: dev1 4 shifts/4 nights/2 weekend, dev2 1 shifts/1 nights/0 weekend, "
                          "dev3 1 shifts/1 nights/1 weekend, dev4 2 shifts/2 nights/0 weekend");
}

TEST(RotaStats, TheSeedRotaOverItsFiveDays) {
  auto r = make(3, k_seed_slots);
  auto sch = r.schedule();
  auto st = stats(sch, sch.shifts(D(11, 23), 5));
  ASSERT_EQ(st.people.size(), 3u);
  // C on Fri 2026-11-27 (dev1) runs into Saturday; every C touches 00:00–06:00.
  const std::tuple<const char*, double, int, int, int> want[] = {
      {"dev1", 40, 5, 2, 1}, {"dev2", 40, 5, 1, 0}, {"dev3", 40, 5, 2, 0}};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(st.people[i].id, std::get<0>(want[i]));
    EXPECT_DOUBLE_EQ(st.people[i].hours, std::get<1>(want[i])) << i;
    EXPECT_EQ(st.people[i].shifts, std::get<2>(want[i])) << i;
    EXPECT_EQ(st.people[i].nights, std::get<3>(want[i])) << i;
    EXPECT_EQ(st.people[i].weekends, std::get<4>(want[i])) << i;
  }
  EXPECT_EQ(st.shift_spread, 0);
  EXPECT_EQ(st.night_spread, 1);
  EXPECT_EQ(st.weekend_spread, 1);
  EXPECT_DOUBLE_EQ(st.hours_spread, 0);
}

TEST(RotaStats, OverridesMoveHoursAndAnOutsiderIsListedAfterTheMembers) {
  auto r = make(3, k_seed_slots);
  // The lead covers two hours in the middle of dev2's A shift on 2026-11-27 (Friday).
  r.changes.overrides = {ov("OV-1", "lead", "2026-11-27T03:00:00Z", "2026-11-27T05:00:00Z")};
  auto sch = r.schedule();
  auto st = stats(sch, sch.shifts(D(11, 27), 1));
  ASSERT_EQ(st.people.size(), 4u);
  EXPECT_EQ(st.people[3].id, "lead");
  EXPECT_DOUBLE_EQ(st.people[3].hours, 2);
  EXPECT_EQ(st.people[3].shifts, 1);
  EXPECT_DOUBLE_EQ(st.people[1].hours, 6);  // dev2
  EXPECT_DOUBLE_EQ(st.hours_spread, 2);     // members only: 8, 6, 8
  // dev2 still worked one shift, interrupted for two hours.
  EXPECT_EQ(st.people[1].shifts, 1);
}

TEST(RotaStats, NightsCountAnyPartBetweenMidnightAndSixAcrossDst) {
  auto r = make(2, slot("E", "18:00", "00:00") + slot("M", "00:00", "18:00"), "", "Europe/London");
  auto sch = r.schedule();
  // The evening slot ends exactly at midnight: not a night shift. The other one is.
  auto st = stats(sch, sch.shifts(D(10, 24), 2));
  EXPECT_EQ(st.people[0].nights + st.people[1].nights, 2);
  EXPECT_EQ(st.people[0].shifts + st.people[1].shifts, 4);
  EXPECT_DOUBLE_EQ(st.people[0].hours + st.people[1].hours, 49);  // the autumn night adds an hour
  EXPECT_EQ(st.people[0].weekends + st.people[1].weekends, 4);     // Sat and Sun
}

}  // namespace
}  // namespace hypercare::rota
