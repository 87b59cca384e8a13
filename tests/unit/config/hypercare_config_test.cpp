#include "hypercare/config/hypercare_config.hpp"

#include <gtest/gtest.h>

namespace hypercare::config {
namespace {

using namespace std::chrono_literals;

core::Result<HypercareConfig> parse(std::string_view text) {
  auto f = TomlFile::parse(text, "ops/hypercare.toml");
  if (!f) return std::unexpected(f.error());
  return parse_hypercare_config(*f);
}

// The issue's example, verbatim.
constexpr std::string_view k_issue_example = R"(
[team]
name = "Smart Dairy"
timezone = "Asia/Kolkata"

[hypercare]
start = 2026-11-23     # Day 726
days = 5

[priorities.P1]
label = "Critical"
description = "System down"
response = "15m"
resolve = "2h"

[priorities.P2]
label = "High"
description = "Major feature broken"
response = "30m"
resolve = "4h"

[priorities.P3]
label = "Medium"
description = "Feature degraded"
response = "2h"
resolve = "8h"

[priorities.P4]
label = "Low"
description = "Minor issues"
response = "4h"
resolve = "24h"

[targets]
uptime = 99.9                 # percent
critical_response = "15m"
p1_resolution = "4h"
satisfaction = 80             # percent of feedback scores >= 4
max_escalations_per_day = 5
max_p1 = 0
max_p2 = 4

[git]
autocommit = true
)";

TEST(HypercareConfig, LoadsTheIssueExampleExactly) {
  auto c = parse(k_issue_example);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->team_name, "Smart Dairy");
  EXPECT_EQ(c->timezone, "Asia/Kolkata");
  EXPECT_EQ(core::format_date(*c->start), "2026-11-23");
  EXPECT_EQ(c->days, 5);
  EXPECT_EQ(c->level(Priority::P1).response, 15min);
  EXPECT_EQ(c->level(Priority::P2).resolve, 4h);
  EXPECT_EQ(c->level(Priority::P4).resolve, 24h);
  EXPECT_EQ(c->level(Priority::P3).label, "Medium");
  ASSERT_TRUE(c->targets.uptime && c->targets.resolution[0].mean && c->targets.max_p2);
  EXPECT_DOUBLE_EQ(*c->targets.uptime, 99.9);
  EXPECT_EQ(*c->targets.resolution[0].mean, 4h);
  EXPECT_EQ(*c->targets.max_p2, 4);
  EXPECT_TRUE(c->git_autocommit);
}

TEST(HypercareConfig, EmptyFileGetsTheSeedDefaults) {
  auto c = parse("");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->timezone, "UTC");
  EXPECT_EQ(c->level(Priority::P1).resolve, 2h);
  EXPECT_TRUE(c->level(Priority::P1).escalate_to_lead);
  EXPECT_FALSE(c->level(Priority::P2).escalate_to_lead);
  EXPECT_FALSE(c->targets.any());  // a target left out is not judged
}

TEST(HypercareConfig, SyntaxErrorNamesFileLineAndColumn) {
  auto c = parse("[team]\nname = \"x\nzone = 1\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, core::ErrorKind::config);
  EXPECT_EQ(c.error().message.rfind("ops/hypercare.toml:2:", 0), 0u) << c.error().message;
}

TEST(HypercareConfig, BadValuesNameTheKeyAndPosition) {
  struct Case {
    const char* text;
    const char* expect;
  } cases[] = {
      {"[team]\ntimezone = \"Mars/Base\"\n", "ops/hypercare.toml:2:12: team.timezone: unknown time zone"},
      {"[priorities.P1]\nresponse = \"soon\"\n", "ops/hypercare.toml:2:12: priorities.P1.response: invalid duration"},
      {"[priorities.P7]\nresponse = \"1m\"\n", "priorities.P7: unknown priority level"},
      {"[hypercare]\ndays = 0\n", "ops/hypercare.toml:2:8: hypercare.days: must be between 1 and 366"},
      {"[targets]\nuptime = 120\n", "targets.uptime: must be a percentage"},
      {"[targets.resolution]\nP9 = { mean = \"1h\" }\n", "targets.resolution.P9: unknown priority level"},
      {"[targets.resolution]\nP2 = { avg = \"1h\" }\n", "targets.resolution.P2.avg: unknown key"},
      {"[targets]\np1_resolution = \"4h\"\n[targets.resolution]\nP1 = { mean = \"2h\" }\n", "targets.resolution.P1.mean: is set twice"},
      {"[targets]\nmax_p1 = -1\n", "targets.max_p1: must be zero or more"},
      {"[git]\nautocommit = \"yes\"\n", "git.autocommit: must be true or false"},
      {"[hypercare]\nstart = \"soon\"\n", "hypercare.start: invalid date"},
      {"[priorities.P2]\nresponse = \"4h\"\nresolve = \"1h\"\n", "priorities.P2.resolve: must not be shorter"},
  };
  for (const auto& c : cases) {
    auto r = parse(c.text);
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error().kind, core::ErrorKind::config);
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << r.error().message;
  }
}

TEST(HypercareConfig, SecretsAreRefused) {
  auto r = parse("[notify]\nurl = \"https://hooks.slack.com/services/T000/B000/XXXX\"\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::config);
  EXPECT_NE(r.error().message.find("notify.url"), std::string::npos);
  EXPECT_EQ(r.error().message.find("XXXX"), std::string::npos) << "the secret must not be echoed";
  auto k = parse("[[notify.channel]]\nrouting_key = \"0123456789abcdef0123456789abcdef\"\n");
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().message.find("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace hypercare::config
