#include "hypercare/feedback/import.hpp"

#include <gtest/gtest.h>

namespace hypercare::feedback {
namespace {

TEST(Import, ScoresAsSurveyToolsWriteThem) {
  EXPECT_EQ(parse_score("4"), 4);
  EXPECT_EQ(parse_score(" 5 "), 5);
  EXPECT_EQ(parse_score("4.0"), 4);
  EXPECT_EQ(parse_score("3/5"), 3);
  EXPECT_EQ(parse_score("5 - Very satisfied"), 5);
  for (const char* bad : {"", "0", "6", "4.5", "great", "-1", "4x", "1e1"}) EXPECT_FALSE(parse_score(bad)) << bad;
}

TEST(Import, ColumnsFoundByHeaderNames) {
  auto c = map_columns({"Submitted At", "Overall rating", "Anything else? (comments)", "Email Address"}, "");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->ts, 0u);
  EXPECT_EQ(c->score, 1u);
  EXPECT_EQ(c->comment, 2u);
  EXPECT_EQ(c->from, 3u);
  auto two = map_columns({"date", "rating of app", "rating of support"}, "");
  ASSERT_FALSE(two);
  EXPECT_NE(two.error().message.find("more than one column could be the score"), std::string::npos);
  auto chosen = map_columns({"date", "rating of app", "rating of support"}, "score=rating of support");
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen->score, 2u);
  EXPECT_FALSE(map_columns({"a", "b"}, "ts=1,score=9"));
}

TEST(Import, IdsFollowTimeScoreAndPlaceOnly) {
  Response r;
  r.at = core::TimePoint{std::chrono::seconds(1795000000)};
  r.score = 4;
  r.comment = "ok";
  auto a = response_id(r, 0);
  EXPECT_EQ(a, response_id(r, 0));
  EXPECT_NE(a, response_id(r, 1));
  // The comment and from are not part of the identity: a column mapping may leave them out.
  r.comment = "ok!";
  r.from = "ravi";
  EXPECT_EQ(a, response_id(r, 0));
  r.score = 5;
  EXPECT_NE(a, response_id(r, 0));
  r.score = 4;
  r.at += std::chrono::seconds(1);
  EXPECT_NE(a, response_id(r, 0));
  EXPECT_EQ(a.size(), 26u);
}

TEST(Import, TimestampsInTheTeamZone) {
  auto zone = *core::find_zone("Asia/Kolkata");
  EXPECT_EQ(core::format_rfc3339(*parse_timestamp("2026-11-23 12:00", zone)), "2026-11-23T06:30:00Z");
  EXPECT_EQ(core::format_rfc3339(*parse_timestamp("2026/11/23 12:00:30", zone)), "2026-11-23T06:30:30Z");
  EXPECT_EQ(core::format_rfc3339(*parse_timestamp("2026-11-23T12:00:00Z", zone)), "2026-11-23T12:00:00Z");
  EXPECT_FALSE(parse_timestamp("11/23/2026", zone));
}

}  // namespace
}  // namespace hypercare::feedback
