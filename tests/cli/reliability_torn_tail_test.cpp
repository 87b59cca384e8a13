// A write cut off by a crash leaves an unterminated last line: readers warn and ignore it, the
// next writer truncates it, doctor reports it and --fix repairs it.
#include "harness.hpp"

namespace {

using namespace hctest;
using CliTornTail = CliTest;

constexpr const char* k_partial = R"({"v":1,"id":"01ZZZZZZZZZZZZZZZZZZZZZZZZ","ts":"2026-11-27T03:00:00Z","actor":"dev1","type":"no)";

TEST_F(CliTornTail, ShowWarnsAndTheNextNoteRepairs) {
  init_ops(false);
  const std::string id = new_incident("Torn", "P2");
  ASSERT_EXIT_CODE(hc({"incident", "note", id, "-m", "before the crash", "--no-commit"}), 0);
  const auto file = incident_file(id);
  const std::string intact = slurp(file);
  append_bytes(file, k_partial);

  auto shown = hc({"incident", "show", id});
  EXPECT_EXIT_CODE(shown, 0);
  EXPECT_NE(shown.err.find("incomplete"), std::string::npos) << shown.describe();
  EXPECT_NE(shown.err.find(file.filename().string()), std::string::npos) << shown.describe();
  EXPECT_NE(shown.out.find("before the crash"), std::string::npos) << shown.describe();

  auto json = hc({"incident", "show", id, "--json"});
  EXPECT_EXIT_CODE(json, 0);
  auto j = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << json.describe();
  EXPECT_EQ(j["timeline"].size(), 2u);
  EXPECT_NE(json.err.find("incomplete"), std::string::npos) << json.describe();

  auto listed = hc({"incident", "list", "--all", "--json"});
  EXPECT_EXIT_CODE(listed, 0);
  EXPECT_NE(listed.err.find("incomplete"), std::string::npos) << listed.describe();

  // The file was not touched by the readers.
  EXPECT_EQ(slurp(file), intact + k_partial);

  auto note = hc({"incident", "note", id, "-m", "after the crash", "--no-commit"});
  EXPECT_EXIT_CODE(note, 0);
  std::string repaired = slurp(file);
  ASSERT_FALSE(repaired.empty());
  EXPECT_EQ(repaired.back(), '\n');
  EXPECT_EQ(repaired.find("01ZZZZZZZZZZZZZZZZZZZZZZZZ"), std::string::npos) << "the torn line survived";
  EXPECT_EQ(repaired.rfind(intact, 0), 0u) << "the complete lines before the tear changed";
  auto lines = parse_every_line(file);
  EXPECT_EQ(lines.size(), 3u);

  auto again = hc({"incident", "show", id, "--json"});
  EXPECT_EXIT_CODE(again, 0);
  EXPECT_EQ(again.err, "");
  auto j2 = nlohmann::json::parse(again.out, nullptr, false);
  ASSERT_TRUE(j2.is_object());
  ASSERT_EQ(j2["timeline"].size(), 3u);
  EXPECT_EQ(j2["timeline"][2]["message"], "after the crash");
}

TEST_F(CliTornTail, DoctorReportsThenFixes) {
  init_ops(false);
  const std::string id = new_incident("Torn for doctor", "P3");
  const auto file = incident_file(id);
  const std::string intact = slurp(file);
  auto clean = hc({"doctor"});
  EXPECT_EXIT_CODE(clean, 0);

  append_bytes(file, k_partial);
  auto before = hc({"doctor"});
  EXPECT_EXIT_CODE(before, 1);
  EXPECT_NE(before.out.find("incomplete"), std::string::npos) << before.describe();
  EXPECT_NE(before.out.find(file.filename().string()), std::string::npos) << before.describe();
  EXPECT_EQ(slurp(file), intact + k_partial) << "doctor without --fix wrote";

  auto json = hc({"doctor", "--json"});
  EXPECT_EXIT_CODE(json, 1);
  auto j = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << json.describe();
  ASSERT_EQ(j["problems"].size(), 1u) << json.out;
  EXPECT_EQ(j["problems"][0]["kind"], "torn_tail");
  EXPECT_EQ(j["problems"][0]["fixable"], true);

  auto fix = hc({"doctor", "--fix"});
  EXPECT_EXIT_CODE(fix, 0);
  EXPECT_EQ(slurp(file), intact);
  // The torn bytes are kept for a person, never just deleted.
  EXPECT_EQ(slurp(ops / "quarantine" / fs::relative(file, ops)), std::string(k_partial) + "\n");
  auto after = hc({"doctor"});
  EXPECT_EXIT_CODE(after, 0);
  EXPECT_NE(after.out.find("1 note"), std::string::npos) << after.describe();
  parse_every_line(file);
}

}  // namespace
