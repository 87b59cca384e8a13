// The escalation chain at an instant: primary on shift, secondary = the next distinct engineer,
// tertiary = the lead where the priority allows it.
#include "hypercare/rota/on_call.hpp"

#include <gtest/gtest.h>

namespace hypercare::rota {
namespace {

using namespace std::chrono;

core::TimePoint T(const char* s) { return *core::parse_rfc3339(s); }

std::string slot(const char* name, const char* start, const char* end) {
  return std::string("[[slot]]\nname = \"") + name + "\"\nstart = \"" + start + "\"\nend = \"" + end + "\"\n";
}

struct Rota {
  config::RotaConfig cfg;
  Changes changes;
};

Rota make(int n, const std::string& slots, const std::string& extra = "") {
  std::string t = "timezone = \"Asia/Kolkata\"\nstart = 2026-11-23\n[lead]\nid = \"lead\"\n";
  for (int i = 1; i <= n; ++i) t += "[[member]]\nid = \"dev" + std::to_string(i) + "\"\n";
  auto f = config::TomlFile::parse(t + slots + extra, "rota.toml");
  EXPECT_TRUE(f) << f.error().message;
  config::HypercareConfig team;
  auto c = config::parse_rota_config(*f, team);
  EXPECT_TRUE(c) << c.error().message;
  return Rota{*c, {}};
}
const std::string k_seed = slot("A", "06:00", "14:00") + slot("B", "14:00", "22:00") + slot("C", "22:00", "06:00");

std::string id(const config::Person* p) { return p ? p->id : "-"; }
std::string chain(const OnCall& oc) {
  std::string out;
  for (const auto* p : {oc.primary, oc.secondary, oc.tertiary}) out += (out.empty() ? "" : ",") + id(p);
  return out;
}

TEST(RotaOnCall, TheSeedChainWithAndWithoutTheLead) {
  auto r = make(3, k_seed);
  Schedule s(r.cfg, r.changes);
  auto p1 = on_call(s, T("2026-11-27T03:00:00Z"), true);
  EXPECT_EQ(chain(p1), "dev2,dev3,lead");
  ASSERT_TRUE(p1.current);
  EXPECT_EQ(r.cfg.slots[p1.current->slot].name, "A");
  EXPECT_EQ(p1.current->end, T("2026-11-27T08:30:00Z"));
  ASSERT_TRUE(p1.next);
  EXPECT_EQ(p1.next->member, "dev3");
  EXPECT_EQ(p1.next->start, T("2026-11-27T08:30:00Z"));
  EXPECT_EQ(chain(on_call(s, T("2026-11-27T03:00:00Z"), false)), "dev2,dev3,-");
  // At the very boundary the new shift is current.
  EXPECT_EQ(chain(on_call(s, T("2026-11-27T08:30:00Z"), false)), "dev3,dev1,-");
  EXPECT_EQ(chain(on_call(s, T("2026-11-28T00:29:59Z"), true)), "dev1,dev3,lead");
}

TEST(RotaOnCall, SecondaryIsTheNextDistinctEngineer) {
  // dev2 also holds B on 2026-11-27: the secondary is C's dev1.
  auto r = make(3, k_seed, "[[assignment]]\ndate = 2026-11-27\nslot = \"B\"\nmember = \"dev2\"\n");
  Schedule s(r.cfg, r.changes);
  auto oc = on_call(s, T("2026-11-27T03:00:00Z"), true);
  EXPECT_EQ(chain(oc), "dev2,dev1,lead");
  ASSERT_TRUE(oc.next);
  EXPECT_EQ(oc.next->member, "dev2");
  // A single engineer has nobody to hand over to.
  auto solo = make(1, k_seed);
  Schedule one(solo.cfg, solo.changes);
  EXPECT_EQ(chain(on_call(one, T("2026-11-27T03:00:00Z"), true)), "dev1,-,lead");
}

TEST(RotaOnCall, AnOverrideIsPrimaryWhileItLasts) {
  auto r = make(3, k_seed);
  Override o;
  o.id = "OV-1", o.member = "dev1", o.from = T("2026-11-27T02:00:00Z"), o.to = T("2026-11-27T04:00:00Z");
  r.changes.overrides = {o};
  Schedule s(r.cfg, r.changes);
  auto oc = on_call(s, T("2026-11-27T03:00:00Z"), false);
  EXPECT_EQ(chain(oc), "dev1,dev2,-");  // dev2 takes A back at 04:00
  ASSERT_TRUE(oc.current);
  EXPECT_EQ(oc.current->override_id, "OV-1");
  EXPECT_EQ(oc.current->end, T("2026-11-27T04:00:00Z"));
  ASSERT_TRUE(oc.next);
  EXPECT_EQ(oc.next->member, "dev2");
}

// The lead covering a stretch later is not "the next engineer": the secondary stays a member,
// and for P2–P4 (no lead) the lead must not appear in the chain at all.
TEST(RotaOnCall, TheLeadCoveringLaterIsNotTheSecondary) {
  auto r = make(3, k_seed);
  Override o;
  o.id = "OV-L", o.member = "lead", o.from = T("2026-11-27T05:00:00Z"), o.to = T("2026-11-27T05:30:00Z");
  r.changes.overrides = {o};
  Schedule s(r.cfg, r.changes);
  EXPECT_EQ(chain(on_call(s, T("2026-11-27T03:00:00Z"), false)), "dev2,dev3,-");
  EXPECT_EQ(chain(on_call(s, T("2026-11-27T03:00:00Z"), true)), "dev2,dev3,lead");
}

TEST(RotaOnCall, InAGapNobodyIsPrimaryAndTheNextShiftIsShown) {
  auto r = make(2, slot("D", "09:00", "17:00"));
  Schedule s(r.cfg, r.changes);
  auto oc = on_call(s, T("2026-11-27T00:00:00Z"), true);  // 05:30 IST
  EXPECT_FALSE(oc.current);
  EXPECT_EQ(oc.primary, nullptr);
  ASSERT_TRUE(oc.next);
  EXPECT_EQ(oc.next->start, T("2026-11-27T03:30:00Z"));
  EXPECT_EQ(oc.next->member, "dev1");  // d = 4, n = 2
  EXPECT_EQ(id(oc.secondary), "dev1");
  EXPECT_EQ(id(oc.tertiary), "lead");
}

}  // namespace
}  // namespace hypercare::rota
