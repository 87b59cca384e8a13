// rota.toml: the shipped example loads exactly; every validation error names file:line:col and
// the key (ErrorKind::config, exit 78).
#include "hypercare/config/rota_config.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace hypercare::config {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

HypercareConfig team() {
  HypercareConfig t;
  t.timezone = "Asia/Kolkata";
  t.zone = *core::find_zone("Asia/Kolkata");
  t.priorities = default_priorities();
  return t;
}

core::Result<RotaConfig> parse(std::string_view text, const HypercareConfig& t = team()) {
  auto f = TomlFile::parse(text, "ops/rota.toml");
  if (!f) return std::unexpected(f.error());
  return parse_rota_config(*f, t);
}

// A valid prefix the error cases append to.
constexpr std::string_view k_head =
    "timezone = \"UTC\"\nstart = 2026-11-23\n[[member]]\nid = \"a\"\n[[member]]\nid = \"b\"\n";
constexpr std::string_view k_slots = "[[slot]]\nname = \"A\"\nstart = \"00:00\"\nend = \"12:00\"\n"
                                     "[[slot]]\nname = \"B\"\nstart = \"12:00\"\nend = \"00:00\"\n";

TEST(RotaConfig, TheSmartDairyExampleLoadsExactly) {
  auto path = fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path() / "examples/smart-dairy";
  auto loaded = load_rota_config(path, team());
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_TRUE(loaded->has_value());
  const RotaConfig& c = **loaded;
  EXPECT_EQ(c.file, path / "rota.toml");
  EXPECT_EQ(c.timezone, "Asia/Kolkata");
  EXPECT_EQ(core::zone_name(c.zone), "Asia/Kolkata");
  EXPECT_EQ(core::format_date(c.start), "2026-11-23");
  EXPECT_EQ(c.min_rest, 8h);
  ASSERT_TRUE(c.lead);
  EXPECT_EQ(c.lead->id, "lead");
  EXPECT_EQ(c.lead->display(), "Project Lead");
  ASSERT_EQ(c.members.size(), 3u);
  EXPECT_EQ(c.members[0].id, "dev1");
  EXPECT_EQ(c.members[0].name, "Dev 1");
  EXPECT_EQ(c.members[0].email, "dev1@example.com");
  EXPECT_EQ(c.members[1].id, "dev2");
  EXPECT_EQ(c.members[1].email, "dev2@example.com");
  EXPECT_EQ(c.lead->email, "lead@example.com");
  EXPECT_EQ(c.members[2].display(), "Dev 3");
  ASSERT_EQ(c.slots.size(), 3u);
  const std::pair<const char*, std::pair<int, int>> want[] = {{"A", {360, 840}}, {"B", {840, 1320}}, {"C", {1320, 360}}};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(c.slots[i].name, want[i].first);
    EXPECT_EQ(c.slots[i].start, want[i].second.first);
    EXPECT_EQ(c.slots[i].end, want[i].second.second);
  }
  EXPECT_FALSE(c.slots[0].overnight());
  EXPECT_TRUE(c.slots[2].overnight());
  EXPECT_TRUE(c.assignments.empty());
  // Look-ups by id or name, case-insensitive; the lead is a person but not a member.
  EXPECT_EQ(c.person("DEV2"), &c.members[1]);
  EXPECT_EQ(c.person("dev 3"), &c.members[2]);
  EXPECT_EQ(c.person("Project Lead"), &*c.lead);
  EXPECT_EQ(c.person("nobody"), nullptr);
  EXPECT_EQ(c.member_index("Dev 1"), 0u);
  EXPECT_FALSE(c.member_index("lead"));
  EXPECT_EQ(c.slot_index("c"), 2u);
  EXPECT_FALSE(c.slot_index("D"));
  EXPECT_EQ(format_clock(1320), "22:00");
  EXPECT_EQ(format_clock(5), "00:05");
}

TEST(RotaConfig, NoRotaFileIsNoRota) {
  auto dir = fs::temp_directory_path() / ("hc-rota-none-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto r = load_rota_config(dir, team());
  fs::remove_all(dir);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_value());
}

TEST(RotaConfig, DefaultsComeFromTheTeamAndAssignmentsResolve) {
  HypercareConfig t = team();
  t.start = std::chrono::sys_days{std::chrono::year{2026} / 11 / 20};
  auto c = parse(std::string("[[member]]\nid = \"a\"\n[[member]]\nid = \"b\"\nname = \"Bea\"\n") + std::string(k_slots) +
                     "[[assignment]]\ndate = 2026-11-27\nslot = \"b\"\nmember = \"Bea\"\n",
                 t);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->timezone, "Asia/Kolkata");
  EXPECT_EQ(core::format_date(c->start), "2026-11-20");
  EXPECT_EQ(c->min_rest, 8h);
  EXPECT_FALSE(c->lead);
  ASSERT_EQ(c->assignments.size(), 1u);
  EXPECT_EQ(core::format_date(c->assignments[0].date), "2026-11-27");
  EXPECT_EQ(c->assignments[0].slot, 1u);
  EXPECT_EQ(c->assignments[0].member, 1u);
  // A single slot may cover the whole day.
  auto whole = parse(std::string(k_head) + "[[slot]]\nname = \"D\"\nstart = \"09:00\"\nend = \"09:00\"\n");
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_TRUE(whole->slots[0].overnight());
}

struct Case {
  std::string text;
  std::string expect;  // the whole message, or its beginning
};

TEST(RotaConfig, EveryValidationErrorNamesFileLineColumnAndKey) {
  const std::string h(k_head), s(k_slots);
  const Case cases[] = {
      {"timezone = \"Mars/Base\"\n" + h.substr(17) + s, "ops/rota.toml:1:12: timezone: unknown time zone"},
      {"timezone = \"UTC\"\nstart = \"soon\"\n" + h.substr(36) + s, "ops/rota.toml:2:9: start: invalid date"},
      {"min_rest = \"soon\"\n" + h + s, "ops/rota.toml:1:12: min_rest: invalid duration 'soon'"},
      {"min_rest = \"0s\"\n" + h + s, "ops/rota.toml:1:12: min_rest: must be longer than zero"},
      {h + "[[member]]\nname = \"No Id\"\n" + s, "ops/rota.toml:7:1: member[2].id: is required"},
      {h + "[[member]]\nid = \"c d\"\n" + s, "ops/rota.toml:8:6: member[2].id: must not contain spaces"},
      {h + "[[member]]\nid = \"A\"\n" + s, "ops/rota.toml:8:6: member[2].id: 'A' is used twice"},
      {h + "[[member]]\nid = \"c\"\nemail = 7\n" + s, "ops/rota.toml:9:9: member[2].email: must be a string"},
      {h + "[lead]\nid = \"a\"\n" + s, "ops/rota.toml:4:6: member[0].id: 'a' is used twice"},
      {"lead = \"boss\"\n" + h + s, "ops/rota.toml:1:8: lead: must be a table"},
      {"start = 2026-11-23\nmember = \"a\"\n" + s, "ops/rota.toml:2:10: member: at least one [[member]]"},
      {"slot = 3\n" + h, "ops/rota.toml:1:8: slot: at least one [[slot]]"},
      {h + "[[slot]]\nstart = \"00:00\"\nend = \"00:00\"\n", "ops/rota.toml:7:1: slot[0].name: is required"},
      {h + "[[slot]]\nname = \"A B\"\nstart = \"00:00\"\nend = \"00:00\"\n", "ops/rota.toml:7:1: slot[0].name: is required"},
      {h + "[[slot]]\nname = \"A\"\nstart = \"24:00\"\nend = \"06:00\"\n",
       "ops/rota.toml:9:9: slot[0].start: '24:00' is not a time of day HH:MM"},
      {h + "[[slot]]\nname = \"A\"\nstart = \"6:00\"\nend = \"06:00\"\n", "ops/rota.toml:9:9: slot[0].start: '6:00'"},
      {h + "[[slot]]\nname = \"A\"\nstart = \"06:00\"\nend = \"12:60\"\n", "ops/rota.toml:10:7: slot[0].end: '12:60'"},
      {h + "[[slot]]\nname = \"A\"\nstart = \"06:00\"\n", "ops/rota.toml:7:1: slot[0].end: is required, as \"HH:MM\""},
      {h + s + "[[slot]]\nname = \"a\"\nstart = \"01:00\"\nend = \"02:00\"\n", "ops/rota.toml:16:8: slot[2].name: is used twice"},
      {h + "[[slot]]\nname = \"A\"\nstart = \"06:00\"\nend = \"06:00\"\n[[slot]]\nname = \"B\"\nstart = \"06:00\"\nend = \"07:00\"\n",
       "ops/rota.toml:10:7: slot[0].end: equals the start: a 24-hour slot must be the only slot"},
      {"assignment = 1\n" + h + s, "ops/rota.toml:1:14: assignment: must be [[assignment]] tables"},
      {h + s + "[[assignment]]\nslot = \"A\"\nmember = \"a\"\n", "ops/rota.toml:15:1: assignment[0].date: is required"},
      {h + s + "[[assignment]]\ndate = 2026-11-40\n", "ops/rota.toml:16:"},  // a TOML syntax error
      {h + s + "[[assignment]]\ndate = 2026-11-27\nslot = \"Z\"\nmember = \"a\"\n",
       "ops/rota.toml:17:8: assignment[0].slot: unknown slot 'Z'"},
      {h + s + "[[assignment]]\ndate = 2026-11-27\nslot = \"A\"\nmember = \"zed\"\n",
       "ops/rota.toml:18:10: assignment[0].member: unknown member 'zed'"},
      {h + s + "[[assignment]]\ndate = 2026-11-27\nmember = \"a\"\n", "ops/rota.toml:15:1: assignment[0].slot: unknown slot ''"},
      {h + "[[member]]\nid = \"c\"\ntoken = \"abcdef\"\n" + s, "ops/rota.toml:9:9: member[2].token: looks like a secret"},
  };
  for (const auto& c : cases) {
    auto r = parse(c.text);
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error().kind, core::ErrorKind::config) << r.error().message;
    EXPECT_EQ(r.error().message.rfind(c.expect, 0), 0u) << "got:  " << r.error().message << "\nwant: " << c.expect
                                                        << "\nin:\n" << c.text;
  }
}

// A 24-hour slot next to other slots overlaps them every day, whichever position it has.
TEST(RotaConfig, AWholeDaySlotMustBeTheOnlySlotInAnyPosition) {
  auto r = parse(std::string(k_head) + "[[slot]]\nname = \"A\"\nstart = \"06:00\"\nend = \"07:00\"\n"
                                       "[[slot]]\nname = \"B\"\nstart = \"07:00\"\nend = \"07:00\"\n");
  ASSERT_FALSE(r) << "a second slot of 24 hours was accepted";
  EXPECT_EQ(r.error().message, "ops/rota.toml:14:7: slot[1].end: equals the start: a 24-hour slot must be the only slot");
}

TEST(RotaConfig, MissingStartWithoutATeamStartIsAnError) {
  auto r = parse(std::string(k_head).substr(36) + std::string(k_slots));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "ops/rota.toml: start: is required (the first day of the rotation)");
  auto none = parse("start = 2026-11-23\n" + std::string(k_slots));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "ops/rota.toml: member: at least one [[member]] with an id is required");
}

}  // namespace
}  // namespace hypercare::config
