// Unknown keys in the TOML files are errors naming file:line:col, the key and the key it
// resembles (core::closest / did_you_mean); doctor gets all of them at once; a secret under an
// unknown key is reported as a secret.
#include "hypercare/config/schema.hpp"

#include <gtest/gtest.h>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/config/rota_config.hpp"
#include "hypercare/core/suggest.hpp"

namespace hypercare::config {
namespace {

std::string error_of(const core::Result<HypercareConfig>& c) {
  EXPECT_FALSE(c);
  if (c) return "";
  EXPECT_EQ(c.error().kind, core::ErrorKind::config);
  return c.error().message;
}

core::Result<HypercareConfig> parse_hypercare(std::string_view text) {
  auto f = TomlFile::parse(text, "ops/hypercare.toml");
  if (!f) return std::unexpected(f.error());
  return parse_hypercare_config(*f);
}

core::Result<RotaConfig> parse_rota(std::string_view text) {
  HypercareConfig team;
  team.timezone = "UTC";
  team.zone = *core::find_zone("UTC");
  team.priorities = default_priorities();
  auto f = TomlFile::parse(text, "ops/rota.toml");
  if (!f) return std::unexpected(f.error());
  return parse_rota_config(*f, team);
}

// The messages of unknown_keys, for comparing whole lists.
std::vector<std::string> unknown_in(std::string_view text, const Schema& schema,
                                    const std::string& path = "ops/hypercare.toml") {
  auto f = TomlFile::parse(text, path);
  EXPECT_TRUE(f) << f.error().message;
  if (!f) return {};
  std::vector<std::string> out;
  for (const auto& e : unknown_keys(*f, schema)) {
    EXPECT_EQ(e.kind, core::ErrorKind::config);
    out.push_back(e.message);
  }
  return out;
}

TEST(Schema, AKeyTypoNamesItsPlaceAndTheKeyItResembles) {
  // The position is the value's (column 11), as in hotfix.toml's unknown-key errors.
  EXPECT_EQ(error_of(parse_hypercare("[targets]\nmax_p1s = 0\n")),
            "ops/hypercare.toml:2:11: targets.max_p1s: unknown key in [targets]; did you mean 'max_p1' or 'max_p2'?");
}

TEST(Schema, ATableTypoNamesTheTableItResembles) {
  auto c = parse_rota("[leed]\nid = \"lead\"\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, core::ErrorKind::config);
  EXPECT_EQ(c.error().message, "ops/rota.toml:1:1: leed: unknown key at the top level; did you mean 'lead'?");
}

TEST(Schema, AKeyLikeNoneListsTheKnownKeys) {
  EXPECT_EQ(error_of(parse_hypercare("[targets]\nzzz = 1\n")),
            "ops/hypercare.toml:2:7: targets.zzz: unknown key in [targets]; the keys here are uptime, min_coverage, satisfaction, "
            "critical_response, avg_resolution, max_escalations_per_day, max_p1, max_p2, p1_resolution, resolution");
  auto c = parse_rota("zzz = 1\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            "ops/rota.toml:1:7: zzz: unknown key at the top level; the keys here are timezone, start, min_rest, lead, "
            "member, slot, assignment");
}

TEST(Schema, TheRealFilesAcceptTheirKnownKeys) {
  EXPECT_TRUE(unknown_in("[team]\nname = \"x\"\n[targets]\nmax_p1 = 0\n[targets.resolution.P1]\nmean = \"4h\"\n"
                         "[priorities.P1]\nresponse = \"15m\"\n[ingest.severity_map]\nanything = \"P1\"\n"
                         "[[notify.channel]]\nname = \"s\"\nurl_env = \"SLACK_URL\"\n",
                         hypercare_schema())
                  .empty());
  EXPECT_TRUE(unknown_in("start = 2026-11-23\n[lead]\nid = \"l\"\n[[member]]\nid = \"a\"\nslack = \"@a\"\n",
                         rota_schema(), "ops/rota.toml")
                  .empty());
}

constexpr std::string_view k_three_typos_alphabetical =
    "[git]\nautocomit = true\n[targets]\nmax_p1s = 0\n[team]\nnmae = \"Smart Dairy\"\n";

TEST(Schema, UnknownKeysReportsEveryTypoAtOnce) {
  EXPECT_EQ(unknown_in(k_three_typos_alphabetical, hypercare_schema()),
            (std::vector<std::string>{
                "ops/hypercare.toml:2:13: git.autocomit: unknown key in [git]; did you mean 'autocommit'?",
                "ops/hypercare.toml:4:11: targets.max_p1s: unknown key in [targets]; did you mean 'max_p1' or 'max_p2'?",
                "ops/hypercare.toml:6:8: team.nmae: unknown key in [team]; did you mean 'name'?",
            }));
}

// The same three typos with the tables in another order: the errors follow the file, not the
// alphabet (toml++ keeps a table's keys sorted).
TEST(Schema, UnknownKeysAreInFileOrder) {
  constexpr std::string_view text = "[team]\nnmae = \"Smart Dairy\"\n[targets]\nmax_p1s = 0\n[git]\nautocomit = true\n";
  EXPECT_EQ(unknown_in(text, hypercare_schema()),
            (std::vector<std::string>{
                "ops/hypercare.toml:2:8: team.nmae: unknown key in [team]; did you mean 'name'?",
                "ops/hypercare.toml:4:11: targets.max_p1s: unknown key in [targets]; did you mean 'max_p1' or 'max_p2'?",
                "ops/hypercare.toml:6:13: git.autocomit: unknown key in [git]; did you mean 'autocommit'?",
            }));
  // The parser reports the first one in the file.
  EXPECT_EQ(error_of(parse_hypercare(text)),
            "ops/hypercare.toml:2:8: team.nmae: unknown key in [team]; did you mean 'name'?");
}

TEST(Schema, ASecretUnderAnUnknownKeyIsReportedAsASecret) {
  auto e = error_of(parse_hypercare("[[notify.channel]]\nname = \"pd\"\nkind = \"pagerduty\"\n"
                                    "routing_key = \"0123456789abcdef0123456789abcdef\"\n"));
  EXPECT_TRUE(e.starts_with("ops/hypercare.toml:4:15: notify.channel[0].routing_key: looks like a secret ")) << e;
  EXPECT_EQ(e.find("unknown key"), std::string::npos) << e;
  EXPECT_EQ(e.find("0123456789abcdef"), std::string::npos) << e;
}

// A schema of its own: "*" admits any key, any() any contents, arrays of tables are checked
// element by element.
TEST(Schema, WildcardsAnyAndArraysOfTables) {
  const Schema schema{
      {"a", {{"b", {}}}},
      {"list", {{"x", {}}}},
      {"data", Schema::any()},
      {"map", {{"*", {{"v", {}}}}}},
  };
  constexpr std::string_view text =
      "[a]\nb = 1\n[[list]]\nx = 1\n[[list]]\ny = 2\n[data]\nwhatever = 1\n[data.deep]\nx = 1\n"
      "[map.one]\nv = 1\n[map.two]\nv = 2\nw = 3\n";
  EXPECT_EQ(unknown_in(text, schema, "t.toml"),
            (std::vector<std::string>{
                "t.toml:6:5: list[1].y: unknown key in [list[1]]; did you mean 'x'?",
                "t.toml:15:5: map.two.w: unknown key in [map.two]; did you mean 'v'?",
            }));
  auto f = TomlFile::parse(text, "t.toml");
  ASSERT_TRUE(f);
  auto first = check_schema(*f, schema);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().kind, core::ErrorKind::config);
  EXPECT_EQ(first.error().message, "t.toml:6:5: list[1].y: unknown key in [list[1]]; did you mean 'x'?");
  auto good = TomlFile::parse("[a]\nb = 1\n", "t.toml");
  ASSERT_TRUE(good);
  EXPECT_TRUE(check_schema(*good, schema));
}

TEST(SchemaSuggest, EditDistanceCountsASwapAsOne) {
  EXPECT_EQ(core::edit_distance("lsit", "list"), 1u);
  EXPECT_EQ(core::edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(core::edit_distance("", "abc"), 3u);
  EXPECT_EQ(core::edit_distance("same", "same"), 0u);
}

TEST(SchemaSuggest, ClosestComesFirst) {
  EXPECT_EQ(core::closest("deploy", {"deploy_timeout", "redeploy", "deploys", "rollback"}),
            (std::vector<std::string>{"deploys", "redeploy", "deploy_timeout"}));
  EXPECT_EQ(core::closest("max_p1s", {"uptime", "max_p2", "max_p1"}), (std::vector<std::string>{"max_p1", "max_p2"}));
}

TEST(SchemaSuggest, ClosestAdmitsPrefixesOfTwoLettersOrMore) {
  EXPECT_EQ(core::closest("sm", {"smoke_retry_delay", "smoke_retries", "deploy"}),
            (std::vector<std::string>{"smoke_retries", "smoke_retry_delay"}));
  EXPECT_EQ(core::closest("s", {"smoke"}), std::vector<std::string>{});
}

TEST(SchemaSuggest, ClosestIgnoresCaseKeepsTheCandidatesSpellingAndDropsDuplicates) {
  EXPECT_EQ(core::closest("LEED", {"lead", "member"}), std::vector<std::string>{"lead"});
  EXPECT_EQ(core::closest("Lead", {"lead", "lead"}), std::vector<std::string>{"lead"});
  EXPECT_EQ(core::closest("zzz", {"lead", "member", "slot"}), std::vector<std::string>{});
}

TEST(SchemaSuggest, DidYouMeanNamesAtMostTwo) {
  EXPECT_EQ(core::did_you_mean({}), "");
  EXPECT_EQ(core::did_you_mean({"lead"}), "did you mean 'lead'?");
  EXPECT_EQ(core::did_you_mean({"max_p1", "max_p2", "max_p3"}), "did you mean 'max_p1' or 'max_p2'?");
}

}  // namespace
}  // namespace hypercare::config
