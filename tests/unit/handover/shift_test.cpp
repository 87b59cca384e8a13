// Shift changes on the rota: consecutive shifts of one person are one duty, overrides are their
// own, and the change nearest to now is the one a handover is about.
#include "hypercare/handover/shift.hpp"

#include <gtest/gtest.h>

namespace hypercare::handover {
namespace {

core::TimePoint T(const char* s) { return *core::parse_rfc3339(s); }

std::string slot(const char* name, const char* start, const char* end) {
  return std::string("[[slot]]\nname = \"") + name + "\"\nstart = \"" + start + "\"\nend = \"" + end + "\"\n";
}

config::RotaConfig make(int members, const std::string& slots, const std::string& extra = "") {
  std::string t = "timezone = \"Asia/Kolkata\"\nstart = 2026-11-23\n";
  for (int i = 1; i <= members; ++i) t += "[[member]]\nid = \"dev" + std::to_string(i) + "\"\n";
  auto f = config::TomlFile::parse(t + slots + extra, "rota.toml");
  EXPECT_TRUE(f) << f.error().message;
  config::HypercareConfig team;
  auto c = config::parse_rota_config(*f, team);
  EXPECT_TRUE(c) << c.error().message;
  return *c;
}

const std::string k_seed = slot("A", "06:00", "14:00") + slot("B", "14:00", "22:00") + slot("C", "22:00", "06:00");

TEST(ShiftChange, TheComingChangeWhenItIsNearer) {
  auto cfg = make(3, k_seed);
  rota::Changes changes;
  rota::Schedule s(cfg, changes);
  // 2026-11-27 21:45 IST: dev3 (B) hands over to dev1 (C) at 22:00.
  auto c = nearest_change(s, T("2026-11-27T16:15:00Z"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->at, T("2026-11-27T16:30:00Z"));
  EXPECT_EQ(c->outgoing.member, "dev3");
  EXPECT_EQ(c->outgoing.slot, "B");
  EXPECT_EQ(c->outgoing.start, T("2026-11-27T08:30:00Z"));
  EXPECT_EQ(c->incoming.member, "dev1");
  EXPECT_EQ(c->incoming.slot, "C");
  EXPECT_EQ(c->incoming.end, T("2026-11-28T00:30:00Z"));
}

TEST(ShiftChange, TheChangeThatJustPassedWhenItIsNearer) {
  auto cfg = make(3, k_seed);
  rota::Changes changes;
  rota::Schedule s(cfg, changes);
  // 22:20 IST: the 22:00 change is 20 minutes old, the next one (06:00) 7h40m away.
  auto c = nearest_change(s, T("2026-11-27T16:50:00Z"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->at, T("2026-11-27T16:30:00Z"));
  EXPECT_EQ(c->outgoing.member, "dev3");
  auto last = last_change(s, T("2026-11-27T16:50:00Z"));
  ASSERT_TRUE(last);
  EXPECT_EQ(last->at, T("2026-11-27T16:30:00Z"));
}

TEST(ShiftChange, ConsecutiveShiftsOfOnePersonAreOneDuty) {
  // One member: nobody ever takes over.
  auto solo = make(1, k_seed);
  rota::Changes none;
  rota::Schedule s1(solo, none);
  EXPECT_FALSE(nearest_change(s1, T("2026-11-27T16:15:00Z")));
  EXPECT_FALSE(last_change(s1, T("2026-11-27T16:15:00Z")));
  // dev3 holds C on 11-26, A on 11-27 by assignment and B on 11-27: one duty from 22:00 to 22:00.
  auto cfg = make(3, k_seed, "[[assignment]]\ndate = 2026-11-27\nslot = \"A\"\nmember = \"dev3\"\n");
  rota::Schedule s(cfg, none);
  auto c = nearest_change(s, T("2026-11-27T08:00:00Z"));  // 13:30 IST
  ASSERT_TRUE(c);
  EXPECT_EQ(c->outgoing.member, "dev3");
  EXPECT_EQ(c->outgoing.start, T("2026-11-26T16:30:00Z"));
  EXPECT_EQ(c->outgoing.slot, "C");
  EXPECT_EQ(c->at, T("2026-11-27T16:30:00Z"));
  EXPECT_EQ(c->incoming.member, "dev1");
}

}  // namespace
}  // namespace hypercare::handover
