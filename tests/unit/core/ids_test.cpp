#include "hypercare/core/ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace hypercare::core {
namespace {

Random counter() {
  auto n = std::make_shared<std::uint64_t>(0);
  return [n] { return (*n)++ * 0x9E3779B97F4A7C15ull; };
}

TEST(Ids, RecordIdHasUtcDateAndCrockfordTail) {
  auto t = *parse_rfc3339("2026-11-27T23:59:00Z");
  auto id = new_record_id("INC", t, counter());
  ASSERT_EQ(id.size(), 17u);
  EXPECT_EQ(id.substr(0, 13), "INC-20261127-");
  for (char c : id.substr(13)) EXPECT_NE(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c), std::string::npos);
}

TEST(Ids, EventIdsSortByTime) {
  auto r = counter();
  auto a = new_event_id(*parse_rfc3339("2026-11-27T03:00:00Z"), r);
  auto b = new_event_id(*parse_rfc3339("2026-11-27T03:00:01Z"), r);
  EXPECT_EQ(a.size(), 26u);
  EXPECT_LT(a, b);
}

TEST(Ids, NextEventIdIsGreater) {
  EXPECT_GT(next_event_id("01ABC"), "01ABC");
  EXPECT_EQ(next_event_id("01ABZ"), "01AC0");
}

TEST(Ids, MatchExactPrefixAndTail) {
  std::vector<std::string> ids = {"INC-20261127-7K2M", "INC-20261127-7K3M", "INC-20261128-AAAA"};
  EXPECT_EQ(match_id("INC-20261127-7K2M", ids).candidates, std::vector<std::string>{"INC-20261127-7K2M"});
  EXPECT_EQ(match_id("7k2m", ids).candidates, std::vector<std::string>{"INC-20261127-7K2M"});
  EXPECT_EQ(match_id("20261128", ids).candidates, std::vector<std::string>{"INC-20261128-AAAA"});
  EXPECT_EQ(match_id("INC-20261127", ids).candidates.size(), 2u);
  EXPECT_EQ(match_id("M", ids).candidates.size(), 2u);
  EXPECT_TRUE(match_id("ZZZZ", ids).candidates.empty());
  // Crockford look-alikes: O reads as 0, I and L as 1.
  std::vector<std::string> zero = {"INC-20261127-10AB"};
  EXPECT_EQ(match_id("lOab", zero).candidates.size(), 1u);
}

}  // namespace
}  // namespace hypercare::core
