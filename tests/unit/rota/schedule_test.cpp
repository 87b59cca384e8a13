// Schedule: the pattern members[(d + s) mod n], assignments, swaps, overrides (partial, newest
// wins, replacing, cancelled), and wall-clock slots across DST (skipped and repeated hours).
#include "hypercare/rota/schedule.hpp"

#include <gtest/gtest.h>

namespace hypercare::rota {
namespace {

using namespace std::chrono;
using core::TimePoint;

TimePoint T(const char* s) { return *core::parse_rfc3339(s); }
std::string iso(TimePoint t) { return core::format_rfc3339(t); }
Day D(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }

std::string slot_toml(const std::string& name, const std::string& start, const std::string& end) {
  return "[[slot]]\nname = \"" + name + "\"\nstart = \"" + start + "\"\nend = \"" + end + "\"\n";
}
const std::string k_seed_slots = slot_toml("A", "06:00", "14:00") + slot_toml("B", "14:00", "22:00") + slot_toml("C", "22:00", "06:00");

std::string fmt_member(int i) {
  return "[[member]]\nid = \"dev" + std::to_string(i + 1) + "\"\nname = \"Dev " + std::to_string(i + 1) + "\"\n";
}

// A rota of members m0..m{n-1} (or dev1..dev3 with the seed's names) in `zone`, starting 2026-11-23.
config::RotaConfig make(const std::string& zone, int n, const std::string& slots, const std::string& tail = "",
                        bool seed_names = false) {
  std::string t = "timezone = \"" + zone + "\"\nstart = 2026-11-23\n[lead]\nid = \"lead\"\n";
  for (int i = 0; i < n; ++i)
    t += seed_names ? fmt_member(i) : "[[member]]\nid = \"m" + std::to_string(i) + "\"\n";
  auto f = config::TomlFile::parse(t + slots + tail, "rota.toml");
  EXPECT_TRUE(f) << f.error().message;
  config::HypercareConfig team;
  auto c = config::parse_rota_config(*f, team);
  EXPECT_TRUE(c) << c.error().message;
  return *c;
}

// Fixture-free helpers keep config and changes alive for the schedule's references.
struct Fixture {
  config::RotaConfig cfg;
  Changes changes;
  Schedule schedule() const { return Schedule(cfg, changes); }
};

Override ov(std::string id, std::string member, const char* from, const char* to, std::size_t order, std::string replacing = "") {
  Override o;
  o.id = std::move(id);
  o.member = std::move(member);
  o.from = T(from);
  o.to = T(to);
  o.order = order;
  o.replacing = std::move(replacing);
  return o;
}

// "start end member [override]" per stretch, for exact comparisons.
std::vector<std::string> lines(const std::vector<Shift>& shifts, const config::RotaConfig& cfg) {
  std::vector<std::string> out;
  for (const auto& s : shifts)
    out.push_back(iso(s.start) + " " + iso(s.end) + " " + cfg.slots[s.slot].name + " " + s.member +
                  (s.is_override() ? " " + s.override_id : "") + (s.swap_id.empty() ? "" : " ~" + s.swap_id));
  return out;
}

TEST(RotaSchedule, PatternIsMembersOfDayPlusSlotModN) {
  const std::vector<std::string> layouts[] = {
      {"00:00", "12:00"}, {"06:00", "14:00", "22:00"}, {"00:00", "06:00", "12:00", "18:00"}};
  for (int n = 1; n <= 4; ++n)
    for (const auto& starts : layouts) {
      std::string slots;
      for (std::size_t s = 0; s < starts.size(); ++s)
        slots += slot_toml(std::string(1, char('A' + s)), starts[s], starts[(s + 1) % starts.size()]);
      Fixture fx{make("UTC", n, slots), {}};
      auto sch = fx.schedule();
      for (int d = -7; d < 20; ++d)
        for (std::size_t s = 0; s < starts.size(); ++s) {
          auto sh = sch.base(D(2026, 11, 23) + days(d), s);
          int want = (((d + int(s)) % n) + n) % n;
          EXPECT_EQ(sh.member, "m" + std::to_string(want)) << "n=" << n << " slots=" << starts.size() << " d=" << d << " s=" << s;
          EXPECT_EQ(sh.day, D(2026, 11, 23) + days(d));
          EXPECT_FALSE(sh.is_override());
        }
    }
}

TEST(RotaSchedule, ReproducesTheSeedTableForThreeMembers) {
  Fixture fx{make("Asia/Kolkata", 3, k_seed_slots, "", true), {}};
  auto sch = fx.schedule();
  const char* want[5][3] = {{"dev1", "dev2", "dev3"}, {"dev2", "dev3", "dev1"}, {"dev3", "dev1", "dev2"},
                            {"dev1", "dev2", "dev3"}, {"dev2", "dev3", "dev1"}};  // days 726..730
  for (int d = 0; d < 5; ++d)
    for (std::size_t s = 0; s < 3; ++s) EXPECT_EQ(sch.base(D(2026, 11, 23) + days(d), s).member, want[d][s]) << d << s;
  EXPECT_EQ(lines(sch.shifts(D(2026, 11, 27), 1), fx.cfg),
            (std::vector<std::string>{"2026-11-27T00:30:00Z 2026-11-27T08:30:00Z A dev2",
                                      "2026-11-27T08:30:00Z 2026-11-27T16:30:00Z B dev3",
                                      "2026-11-27T16:30:00Z 2026-11-28T00:30:00Z C dev1"}));
}

TEST(RotaSchedule, AssignmentsWinOverThePatternAndSwapsExchangeMembers) {
  Fixture fx{make("Asia/Kolkata", 3, k_seed_slots,
                  "[[assignment]]\ndate = 2026-11-27\nslot = \"C\"\nmember = \"dev2\"\n", true), {}};
  Swap sw;
  sw.id = "SW-1";
  sw.day_a = D(2026, 11, 28), sw.slot_a = "B", sw.day_b = D(2026, 11, 29), sw.slot_b = "b";
  Swap sw2 = sw;  // chained: 28/B (now dev2) with 30/B (dev3)
  sw2.id = "SW-2", sw2.day_b = D(2026, 11, 30), sw2.slot_b = "B";
  Swap gone = sw;
  gone.id = "SW-3", gone.day_a = D(2026, 11, 27), gone.slot_a = "A", gone.cancelled = true;
  Swap dangling = sw;
  dangling.id = "SW-4", dangling.slot_b = "Z";
  fx.changes.swaps = {sw, sw2, gone, dangling};
  auto sch = fx.schedule();
  EXPECT_EQ(sch.base(D(2026, 11, 27), 2).member, "dev2");  // assignment (pattern: dev1)
  EXPECT_EQ(sch.base(D(2026, 11, 27), 1).member, "dev3");  // untouched
  EXPECT_EQ(sch.base(D(2026, 11, 26), 2).member, "dev3");  // other days keep the pattern
  EXPECT_EQ(sch.base(D(2026, 11, 27), 0).member, "dev2");  // the cancelled swap did nothing
  EXPECT_EQ(lines(sch.shifts(D(2026, 11, 28), 3), fx.cfg)[1], "2026-11-28T08:30:00Z 2026-11-28T16:30:00Z B dev3 ~SW-2");
  EXPECT_EQ(sch.base(D(2026, 11, 29), 1).member, "dev1");
  EXPECT_EQ(sch.base(D(2026, 11, 29), 1).swap_id, "SW-1");
  EXPECT_EQ(sch.base(D(2026, 11, 30), 1).member, "dev2");
  EXPECT_EQ(sch.base(D(2026, 11, 30), 1).swap_id, "SW-2");
  EXPECT_EQ(sch.base(D(2026, 11, 29), 0).swap_id, "");
}

class RotaOverrides : public ::testing::Test {
 protected:
  Fixture fx{make("Asia/Kolkata", 3, k_seed_slots, "", true), {}};
  std::vector<std::string> day27() {
    auto sch = fx.schedule();
    return lines(sch.shifts(D(2026, 11, 27), 1), fx.cfg);
  }
};

TEST_F(RotaOverrides, APartialOverrideSplitsTheShift) {
  fx.changes.overrides = {ov("OV-1", "dev3", "2026-11-27T04:30:00Z", "2026-11-27T06:30:00Z", 0)};
  EXPECT_EQ(day27(), (std::vector<std::string>{"2026-11-27T00:30:00Z 2026-11-27T04:30:00Z A dev2",
                                               "2026-11-27T04:30:00Z 2026-11-27T06:30:00Z A dev3 OV-1",
                                               "2026-11-27T06:30:00Z 2026-11-27T08:30:00Z A dev2",
                                               "2026-11-27T08:30:00Z 2026-11-27T16:30:00Z B dev3",
                                               "2026-11-27T16:30:00Z 2026-11-28T00:30:00Z C dev1"}));
  auto sch = fx.schedule();
  auto at = sch.at(T("2026-11-27T05:00:00Z"));
  ASSERT_TRUE(at);
  EXPECT_EQ(at->member, "dev3");
  EXPECT_EQ(at->override_id, "OV-1");
  EXPECT_EQ(sch.at(T("2026-11-27T06:30:00Z"))->member, "dev2");  // the end is exclusive
}

TEST_F(RotaOverrides, TheNewestOverrideCoveringAnInstantWins) {
  fx.changes.overrides = {ov("OV-old", "dev3", "2026-11-27T04:00:00Z", "2026-11-27T07:00:00Z", 0),
                          ov("OV-new", "lead", "2026-11-27T05:00:00Z", "2026-11-27T06:00:00Z", 1)};
  auto got = day27();
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + 5),
            (std::vector<std::string>{"2026-11-27T00:30:00Z 2026-11-27T04:00:00Z A dev2",
                                      "2026-11-27T04:00:00Z 2026-11-27T05:00:00Z A dev3 OV-old",
                                      "2026-11-27T05:00:00Z 2026-11-27T06:00:00Z A lead OV-new",
                                      "2026-11-27T06:00:00Z 2026-11-27T07:00:00Z A dev3 OV-old",
                                      "2026-11-27T07:00:00Z 2026-11-27T08:30:00Z A dev2"}));
  // The same two, the wide one newer: it hides the short one entirely.
  fx.changes.overrides[0].order = 1;
  fx.changes.overrides[1].order = 0;
  got = day27();
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + 3),
            (std::vector<std::string>{"2026-11-27T00:30:00Z 2026-11-27T04:00:00Z A dev2",
                                      "2026-11-27T04:00:00Z 2026-11-27T07:00:00Z A dev3 OV-old",
                                      "2026-11-27T07:00:00Z 2026-11-27T08:30:00Z A dev2"}));
}

TEST_F(RotaOverrides, ReplacingOnlyTouchesThatMembersShiftsAndCancelledOnesNothing) {
  fx.changes.overrides = {ov("OV-r", "dev1", "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z", 0, "dev3"),
                          ov("OV-c", "lead", "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z", 1)};
  fx.changes.overrides[1].cancelled = true;
  EXPECT_EQ(day27(), (std::vector<std::string>{"2026-11-27T00:30:00Z 2026-11-27T08:30:00Z A dev2",
                                               "2026-11-27T08:30:00Z 2026-11-27T16:30:00Z B dev1 OV-r",
                                               "2026-11-27T16:30:00Z 2026-11-28T00:30:00Z C dev1"}));
}

TEST_F(RotaOverrides, AnOverrideAcrossShiftsCoversEachAndBetweenFindsThem) {
  fx.changes.overrides = {ov("OV-x", "dev1", "2026-11-27T06:30:00Z", "2026-11-27T20:00:00Z", 0)};
  EXPECT_EQ(day27(), (std::vector<std::string>{"2026-11-27T00:30:00Z 2026-11-27T06:30:00Z A dev2",
                                               "2026-11-27T06:30:00Z 2026-11-27T08:30:00Z A dev1 OV-x",
                                               "2026-11-27T08:30:00Z 2026-11-27T16:30:00Z B dev1 OV-x",
                                               "2026-11-27T16:30:00Z 2026-11-27T20:00:00Z C dev1 OV-x",
                                               "2026-11-27T20:00:00Z 2026-11-28T00:30:00Z C dev1"}));
  auto sch = fx.schedule();
  auto b = sch.between(T("2026-11-27T08:00:00Z"), T("2026-11-27T17:00:00Z"));
  EXPECT_EQ(lines(b, fx.cfg), (std::vector<std::string>{"2026-11-27T06:30:00Z 2026-11-27T08:30:00Z A dev1 OV-x",
                                                        "2026-11-27T08:30:00Z 2026-11-27T16:30:00Z B dev1 OV-x",
                                                        "2026-11-27T16:30:00Z 2026-11-27T20:00:00Z C dev1 OV-x"}));
}

// ---- Time zones and DST -------------------------------------------------------------------

TEST(RotaDst, KolkataHasNoDstAndEveryShiftIsEightHours) {
  Fixture fx{make("Asia/Kolkata", 3, k_seed_slots), {}};
  auto sch = fx.schedule();
  for (const auto& s : sch.shifts(D(2026, 1, 1), 365)) EXPECT_EQ(s.end - s.start, hours(8)) << iso(s.start);
  EXPECT_EQ(iso(sch.wall(D(2026, 3, 8), 150)), "2026-03-07T21:00:00Z");
}

TEST(RotaDst, NightSlotIsNineHoursInAutumnAndSevenInSpring) {
  struct Case {
    const char* zone;
    Day spring_eve, autumn_eve;
    const char *spring_start, *spring_end, *autumn_start, *autumn_end;
  } cases[] = {
      {"America/New_York", D(2026, 3, 7), D(2026, 10, 31), "2026-03-08T03:00:00Z", "2026-03-08T10:00:00Z",
       "2026-11-01T02:00:00Z", "2026-11-01T11:00:00Z"},
      {"Europe/London", D(2026, 3, 28), D(2026, 10, 24), "2026-03-28T22:00:00Z", "2026-03-29T05:00:00Z",
       "2026-10-24T21:00:00Z", "2026-10-25T06:00:00Z"},
  };
  for (const auto& c : cases) {
    Fixture fx{make(c.zone, 3, k_seed_slots), {}};
    auto sch = fx.schedule();
    auto spring = sch.base(c.spring_eve, 2), autumn = sch.base(c.autumn_eve, 2);
    EXPECT_EQ(iso(spring.start), c.spring_start) << c.zone;
    EXPECT_EQ(iso(spring.end), c.spring_end) << c.zone;
    EXPECT_EQ(spring.end - spring.start, hours(7)) << c.zone;
    EXPECT_EQ(iso(autumn.start), c.autumn_start) << c.zone;
    EXPECT_EQ(iso(autumn.end), c.autumn_end) << c.zone;
    EXPECT_EQ(autumn.end - autumn.start, hours(9)) << c.zone;
    // The day slots next to the night keep their 8 hours and touch it exactly.
    for (Day eve : {c.spring_eve, c.autumn_eve}) {
      EXPECT_EQ(sch.base(eve, 1).end, sch.base(eve, 2).start);
      EXPECT_EQ(sch.base(eve, 2).end, sch.base(eve + days(1), 0).start);
      EXPECT_EQ(sch.base(eve + days(1), 0).end - sch.base(eve + days(1), 0).start, hours(8));
    }
  }
}

TEST(RotaDst, ABoundaryInASkippedHourIsTheFirstValidInstant) {
  Fixture ny{make("America/New_York", 2, slot_toml("A", "02:30", "14:30") + slot_toml("B", "14:30", "02:30")), {}};
  auto sch = ny.schedule();
  EXPECT_EQ(iso(sch.wall(D(2026, 3, 8), 150)), "2026-03-08T07:00:00Z");  // 03:00 EDT
  EXPECT_EQ(iso(sch.base(D(2026, 3, 8), 0).start), "2026-03-08T07:00:00Z");
  EXPECT_EQ(iso(sch.base(D(2026, 3, 7), 1).end), "2026-03-08T07:00:00Z");  // the slot before ends there too
  EXPECT_EQ(sch.base(D(2026, 3, 7), 1).end - sch.base(D(2026, 3, 7), 1).start, hours(11) + minutes(30));
  EXPECT_EQ(iso(sch.base(D(2026, 3, 8), 0).end), "2026-03-08T18:30:00Z");
  Fixture uk{make("Europe/London", 2, slot_toml("A", "01:30", "13:30") + slot_toml("B", "13:30", "01:30")), {}};
  auto lon = uk.schedule();
  EXPECT_EQ(iso(lon.base(D(2026, 3, 29), 0).start), "2026-03-29T01:00:00Z");  // 02:00 BST
  EXPECT_EQ(iso(lon.base(D(2026, 3, 28), 1).end), "2026-03-29T01:00:00Z");
}

TEST(RotaDst, ARepeatedWallTimeIsItsFirstOccurrenceForBothSlots) {
  Fixture ny{make("America/New_York", 2, slot_toml("A", "01:30", "13:30") + slot_toml("B", "13:30", "01:30")), {}};
  auto sch = ny.schedule();
  auto before = sch.base(D(2026, 10, 31), 1), after = sch.base(D(2026, 11, 1), 0);
  EXPECT_EQ(iso(before.end), "2026-11-01T05:30:00Z");  // 01:30 EDT
  EXPECT_EQ(iso(after.start), "2026-11-01T05:30:00Z");
  EXPECT_EQ(before.end - before.start, hours(12));
  EXPECT_EQ(after.end - after.start, hours(13));
  ASSERT_TRUE(sch.at(T("2026-11-01T06:00:00Z")));  // 01:00 EST, the second 01:00
  EXPECT_EQ(sch.at(T("2026-11-01T06:00:00Z"))->slot, 0u);
  Fixture uk{make("Europe/London", 2, slot_toml("A", "01:30", "13:30") + slot_toml("B", "13:30", "01:30")), {}};
  auto lon = uk.schedule();
  EXPECT_EQ(iso(lon.base(D(2026, 10, 24), 1).end), "2026-10-25T00:30:00Z");  // 01:30 BST
  EXPECT_EQ(iso(lon.base(D(2026, 10, 25), 0).start), "2026-10-25T00:30:00Z");
}

TEST(RotaDst, AWholeYearHasNoGapAndNoOverlapInNewYorkAndLondon) {
  // Boundaries inside both the skipped and the repeated hour of each zone.
  const std::string slots = slot_toml("A", "01:30", "02:30") + slot_toml("B", "02:30", "12:00") +
                            slot_toml("C", "12:00", "22:00") + slot_toml("D", "22:00", "01:30");
  for (const char* zone : {"America/New_York", "Europe/London"}) {
    Fixture fx{make(zone, 3, slots), {}};
    auto sch = fx.schedule();
    auto all = sch.shifts(D(2026, 1, 1), 365);
    ASSERT_EQ(all.size(), 365u * 4);
    seconds total{};
    for (std::size_t i = 0; i < all.size(); ++i) {
      EXPECT_LT(all[i].start, all[i].end) << zone << " " << iso(all[i].start);
      if (i) {
        EXPECT_EQ(all[i - 1].end, all[i].start) << zone << " " << iso(all[i].start);
      }
      total += all[i].end - all[i].start;
    }
    EXPECT_EQ(total, sch.wall(D(2027, 1, 1), 90) - sch.wall(D(2026, 1, 1), 90)) << zone;
    EXPECT_EQ(total, hours(24 * 365)) << zone;  // one hour lost in spring, one gained in autumn
    // Every instant of the year belongs to exactly one shift.
    for (auto t = all.front().start; t < all.back().end; t += minutes(97)) {
      auto s = sch.at(t);
      ASSERT_TRUE(s) << zone << " " << iso(t);
      EXPECT_TRUE(s->start <= t && t < s->end);
    }
  }
}

TEST(RotaSchedule, AGapInTheSlotsIsNobodyOnCall) {
  Fixture fx{make("UTC", 2, slot_toml("A", "09:00", "17:00")), {}};
  auto sch = fx.schedule();
  EXPECT_FALSE(sch.at(T("2026-11-27T08:59:59Z")));
  ASSERT_TRUE(sch.at(T("2026-11-27T09:00:00Z")));
  EXPECT_EQ(sch.at(T("2026-11-27T09:00:00Z"))->member, "m0");  // d = 4, n = 2
  EXPECT_FALSE(sch.at(T("2026-11-27T17:00:00Z")));
}

}  // namespace
}  // namespace hypercare::rota
