// --scheduled "TIME ACTIVITY" in the team zone.
#include "hypercare/handover/scheduled.hpp"

#include <gtest/gtest.h>

#include "hypercare/handover/markdown.hpp"

namespace hypercare::handover {
namespace {

core::TimePoint T(const char* s) { return *core::parse_rfc3339(s); }
core::Zone ist() { return *core::find_zone("Asia/Kolkata"); }
const core::TimePoint k_now = T("2026-11-27T16:15:00Z");  // 21:45 IST

TEST(Scheduled, ClockTimesAreTheirNextOccurrence) {
  auto s = parse_scheduled("02:00 DB backup verification", ist(), k_now);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->at, T("2026-11-27T20:30:00Z"));  // 02:00 IST tomorrow
  EXPECT_EQ(s->activity, "DB backup verification");
  auto later = parse_scheduled("22:30: restart celery", ist(), k_now);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->at, T("2026-11-27T17:00:00Z"));  // today
  EXPECT_EQ(later->activity, "restart celery");
}

TEST(Scheduled, DatesZonesAndSeparators) {
  auto s = parse_scheduled("2026-11-28 09:15 IST: vendor call", ist(), k_now);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->at, T("2026-11-28T03:45:00Z"));
  EXPECT_EQ(s->activity, "vendor call");
  auto rfc = parse_scheduled("2026-11-28T03:45:00Z - vendor call", ist(), k_now);
  ASSERT_TRUE(rfc);
  EXPECT_EQ(rfc->at, T("2026-11-28T03:45:00Z"));
  EXPECT_EQ(rfc->activity, "vendor call");
  // What the document writes reads back to the same.
  auto text = format_scheduled_time(s->at, ist()) + ": " + s->activity;
  auto again = parse_scheduled(text, ist(), k_now);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->at, s->at);
  EXPECT_EQ(again->activity, s->activity);
}

TEST(Scheduled, BadInputIsAUsageError) {
  for (const char* bad : {"", "later restart", "25:00 restart", "2026-13-01 10:00 x", "02:00", "02:00 IST:"}) {
    auto s = parse_scheduled(bad, ist(), k_now);
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.error().kind, core::ErrorKind::usage) << bad;
    EXPECT_NE(s.error().message.find(std::string("--scheduled '") + bad + "'"), std::string::npos) << s.error().message;
    EXPECT_FALSE(s.error().hint.empty());
  }
}

}  // namespace
}  // namespace hypercare::handover
