#include "hypercare/report/metrics.hpp"

#include <gtest/gtest.h>

namespace hypercare::report {
namespace {

using namespace std::chrono_literals;

TEST(Metrics, NearestRankPercentile) {
  std::vector<Seconds> v;
  for (int i = 1; i <= 20; ++i) v.push_back(Seconds(i));
  EXPECT_EQ(percentile(v, 95), 19s);  // rank ceil(0.95 × 20) = 19
  EXPECT_EQ(percentile(v, 50), 10s);
  EXPECT_EQ(percentile(v, 100), 20s);
  std::vector<Seconds> one = {7s};
  EXPECT_EQ(percentile(one, 95), 7s);
  std::vector<Seconds> ten;
  for (int i = 1; i <= 10; ++i) ten.push_back(Seconds(i * 60));
  EXPECT_EQ(percentile(ten, 95), 600s);  // rank ceil(9.5) = 10
  auto s = duration_stats({3s, 1s, 2s});
  EXPECT_EQ(s.count, 3u);
  EXPECT_EQ(*s.mean, 2s);
  EXPECT_EQ(*s.max, 3s);
  auto none = duration_stats({});
  EXPECT_FALSE(none.mean || none.p95 || none.max);
}

TEST(Metrics, MeanRoundsToTheNearestSecond) {
  EXPECT_EQ(*duration_stats({1s, 2s}).mean, 2s);  // 1.5 → 2
  EXPECT_EQ(*duration_stats({1s, 1s, 2s}).mean, 1s);
}

TEST(Metrics, SatisfactionWithoutAnswersIsNoData) {
  std::vector<feedback::Response> none;
  auto t0 = core::TimePoint{};
  EXPECT_FALSE(satisfaction(none, t0, t0 + 24h).percent);
  std::vector<feedback::Response> some(4);
  int scores[] = {5, 4, 1, 3};
  for (int i = 0; i < 4; ++i) {
    some[std::size_t(i)].score = scores[i];
    some[std::size_t(i)].at = t0 + std::chrono::hours(i);
  }
  auto s = satisfaction(some, t0, t0 + 24h);
  EXPECT_EQ(s.positive, 2u);
  EXPECT_DOUBLE_EQ(*s.percent, 50.0);
}

TEST(Metrics, EscalationsPerDayCountOnlyDaysBegun) {
  auto utc = *core::find_zone("UTC");
  Day first = Day(std::chrono::days(20000));
  auto at = [&](int day, int hour) { return core::start_of_local_day(first + std::chrono::days(day), utc) + std::chrono::hours(hour); };
  std::vector<Escalation> e = {{"A", "", "", 1, at(0, 3)}, {"B", "", "", 1, at(1, 1)}, {"B", "", "", 2, at(1, 2)}};
  auto r = escalations_per_day(e, first, first + std::chrono::days(4), utc, at(1, 12));
  ASSERT_EQ(r.per_day.size(), 2u);  // days 3..5 have not begun
  EXPECT_EQ(r.total, 3u);
  EXPECT_DOUBLE_EQ(*r.mean, 1.5);
  EXPECT_EQ(*r.max, 2u);
  EXPECT_EQ(*r.worst_day, first + std::chrono::days(1));
  auto before = escalations_per_day(e, first, first + std::chrono::days(4), utc, at(0, 0) - 1h);
  EXPECT_FALSE(before.mean);
}

TEST(Metrics, FlappingCountsStatusChanges) {
  std::vector<health::Recorded> rs;
  auto t0 = core::TimePoint{};
  health::Status seq[] = {health::Status::ok, health::Status::fail, health::Status::ok, health::Status::warn, health::Status::ok};
  for (int i = 0; i < 5; ++i) {
    health::Recorded r;
    r.check = "c";
    r.at = t0 + std::chrono::minutes(i);
    r.status = seq[i];
    rs.push_back(r);
  }
  auto f = status_changes(rs);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].changes, 4u);
  auto fails = check_failures(rs);
  ASSERT_EQ(fails.size(), 1u);
  EXPECT_EQ(fails[0].failures, 1u);
  EXPECT_FALSE(fails[0].failing_now);
}

}  // namespace
}  // namespace hypercare::report
