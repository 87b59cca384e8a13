#include "hypercare/health/uptime.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace hypercare::health {
namespace {

using namespace std::chrono_literals;

config::ChecksConfig five_minutes() {
  config::ChecksConfig cfg;
  cfg.interval = 5min;
  config::CheckSpec c;
  c.name = "api";
  c.interval = 5min;
  cfg.checks.push_back(c);
  return cfg;
}

TEST(HealthUptime, EachDayIsMeasuredOnItsOwn) {
  auto start = *core::parse_rfc3339("2026-11-01T00:00:00Z");
  std::vector<Recorded> rs;
  for (auto t = start; t < start + 48h; t += 5min) {
    Recorded r;
    r.at = t;
    r.check = "api";
    r.service = "api";
    // Down for one hour on the second day.
    r.status = (t >= start + 30h && t < start + 31h) ? Status::fail : Status::ok;
    rs.push_back(r);
  }
  auto cfg = five_minutes();
  for (int day = 0; day < 2; ++day) {
    auto a = start + std::chrono::hours(24 * day), b = a + 24h;
    auto rep = uptime(window(rs, cfg, a, b), cfg, a, b);
    const auto& u = rep.services.at("api");
    EXPECT_EQ((u.up + u.down + u.unknown).count(), 86400) << "day " << day;
    EXPECT_EQ(u.unknown.count(), 0) << "day " << day;
    EXPECT_EQ(u.down, day == 0 ? 0s : 1h) << "day " << day;
  }
}

TEST(HealthUptime, GapsAreUnknownNotUp) {
  auto start = *core::parse_rfc3339("2026-11-01T00:00:00Z");
  std::vector<Recorded> rs;
  Recorded r;
  r.at = start;
  r.check = "api";
  r.service = "api";
  rs.push_back(r);  // one ok result, then nothing for an hour
  r.at = start + 1h;
  rs.push_back(r);
  auto cfg = five_minutes();
  auto rep = uptime(rs, cfg, start, start + 1h + 10min);
  EXPECT_EQ(rep.overall.up, 20min);  // each result counts for at most 2 × 5m
  EXPECT_EQ(rep.overall.unknown, 50min);
  EXPECT_DOUBLE_EQ(rep.overall.percent(), 100.0);
}

TEST(HealthUptime, ResultLinesWithEscapesReadLikeThePlainOnes) {
  auto dir = std::filesystem::temp_directory_path() / ("hc-uptime-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "health");
  {
    std::ofstream f(dir / "health" / "2026-11-01.jsonl");
    f << R"({"check":"api","kind":"http","latency_ms":12,"message":"HTTP 200","run":"HC-1","service":"api","status":"ok","ts":"2026-11-01T00:00:00Z","type":"result","v":1,"value":200.0})" << "\n";
    f << R"({"check":"api","kind":"http","latency_ms":7,"message":"said \"no\"\nthen left","run":"HC-2","service":"api","status":"fail","ts":"2026-11-01T00:05:00Z","type":"result","v":1,"value":null})" << "\n";
  }
  std::vector<std::string> warnings;
  auto rs = read_results(dir, *core::parse_rfc3339("2026-11-01T00:00:00Z"), *core::parse_rfc3339("2026-11-02T00:00:00Z"),
                         [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(rs) << rs.error().message;
  ASSERT_EQ(rs->size(), 2u);
  EXPECT_EQ((*rs)[0].latency_ms, 12);
  EXPECT_EQ((*rs)[0].value, 200.0);
  EXPECT_EQ((*rs)[1].message, "said \"no\"\nthen left");
  EXPECT_EQ((*rs)[1].status, Status::fail);
  EXPECT_FALSE((*rs)[1].value);
  EXPECT_TRUE(warnings.empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hypercare::health
