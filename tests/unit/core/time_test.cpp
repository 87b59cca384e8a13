#include "hypercare/core/time.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

#include <random>

namespace hypercare::core {
namespace {

using namespace std::chrono_literals;

TEST(Time, Rfc3339RoundTrips) {
  auto t = parse_rfc3339("2026-11-27T03:04:05Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339(*t), "2026-11-27T03:04:05Z");
}

// format_rfc3339 formats by hand: it must give what date::format gives, over every kind of stamp.
TEST(Time, Rfc3339FormatsAsDateDoes) {
  std::vector<TimePoint> stamps;
  for (std::int64_t s : {INT64_C(0), INT64_C(-1), INT64_C(86399), INT64_C(86400), INT64_C(951782400) /* 2000-02-29 */,
                         INT64_C(-62167219200) /* 0000-01-01 */, INT64_C(-62167219201), INT64_C(253402300799) /* 9999-12-31T23:59:59 */,
                         INT64_C(253402300800), INT64_C(-100000000000), INT64_C(4102444800)})
    stamps.push_back(TimePoint{Seconds{s}});
  std::mt19937_64 random(19);
  std::uniform_int_distribution<std::int64_t> any(INT64_C(-70000000000), INT64_C(260000000000));
  for (int i = 0; i < 20000; ++i) stamps.push_back(TimePoint{Seconds{any(random)}});
  for (auto t : stamps) ASSERT_EQ(format_rfc3339(t), date::format("%FT%TZ", t)) << t.time_since_epoch().count();
}

TEST(Time, Rfc3339AcceptsOffsetsAndFractions) {
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2026-11-27T08:34:05+05:30")), "2026-11-27T03:04:05Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2026-11-27T03:04:05.987Z")), "2026-11-27T03:04:05Z");
}

TEST(Time, Rfc3339RejectsGarbage) {
  for (auto bad : {"", "2026-11-27", "2026-13-01T00:00:00Z", "2026-11-27T25:00:00Z", "2026-11-27T03:04:05",
                   "2026-11-27T03:04:05+0530", "yesterday"}) {
    auto r = parse_rfc3339(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().kind, ErrorKind::usage);
    }
  }
}

TEST(Time, Durations) {
  EXPECT_EQ(*parse_duration("90s"), 90s);
  EXPECT_EQ(*parse_duration("15m"), 15min);
  EXPECT_EQ(*parse_duration("4h"), 4h);
  EXPECT_EQ(*parse_duration("2d"), 48h);
  EXPECT_EQ(*parse_duration("1h30m"), 90min);
  for (auto bad : {"", "15", "m", "1x", "-5m", "1.5h"}) EXPECT_FALSE(parse_duration(bad)) << bad;
  EXPECT_EQ(format_duration(45s), "45s");
  EXPECT_EQ(format_duration(12min), "12m");
  EXPECT_EQ(format_duration(80min), "1h20m");
  EXPECT_EQ(format_duration(52h), "2d4h");
}

TEST(Time, UserTimesAreInTheTeamZone) {
  auto kolkata = *find_zone("Asia/Kolkata");
  EXPECT_EQ(format_rfc3339(*parse_user_time("2026-11-27 22:00", kolkata)), "2026-11-27T16:30:00Z");
  EXPECT_EQ(format_rfc3339(*parse_user_time("2026-11-27", kolkata)), "2026-11-26T18:30:00Z");
  EXPECT_EQ(format_rfc3339(*parse_user_time("2026-11-27T01:00:00Z", kolkata)), "2026-11-27T01:00:00Z");
  EXPECT_FALSE(parse_user_time("tomorrow", kolkata));
}

TEST(Time, SkippedWallTimeStartsAtTheFirstValidInstant) {
  auto berlin = *find_zone("Europe/Berlin");
  // 2026-03-29 02:30 does not exist in Berlin: clocks jump from 02:00 to 03:00 (01:00Z).
  EXPECT_EQ(format_rfc3339(*parse_user_time("2026-03-29 02:30", berlin)), "2026-03-29T01:00:00Z");
}

TEST(Time, RelativeHints) {
  auto now = *parse_rfc3339("2026-11-27T03:00:00Z");
  EXPECT_EQ(relative(now - 12min, now), "12m ago");
  EXPECT_EQ(relative(now + 3min, now), "in 3m");
  EXPECT_EQ(relative(now + 10s, now), "now");
}

TEST(Time, UnknownZoneIsAUsageError) {
  auto z = find_zone("Mars/Olympus");
  ASSERT_FALSE(z);
  EXPECT_EQ(z.error().kind, ErrorKind::usage);
}

}  // namespace
}  // namespace hypercare::core
