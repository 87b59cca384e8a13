// doctor: duplicate incidents from two clones are split; merge-conflict markers are reported
// with their lines and removed keeping both sides.
#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;
using CliDoctor = CliTest;

TEST_F(CliDoctor, CleanOpsDirIsZero) {
  init_ops(true);
  new_incident("Fine", "P3");
  auto r = hc({"doctor"});
  EXPECT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("no problems"), std::string::npos) << r.describe();
  auto j = hc({"doctor", "--json"});
  EXPECT_EXIT_CODE(j, 0);
  auto doc = json::parse(j.out, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << j.describe();
  EXPECT_EQ(doc["problems"], json::array());
  EXPECT_EQ(doc["remaining"], 0);
}

TEST_F(CliDoctor, DuplicateIncidentIsReportedThenSplit) {
  init_ops(true);
  const std::string id = new_incident("Made in clone A", "P2", {"-c", "api"});
  ASSERT_EXIT_CODE(hc({"incident", "note", id, "-m", "clone A note"}, {{"HYPERCARE_NOW", "2026-11-27T03:01:00Z"}}), 0);
  auto file = incident_file(id);
  auto first = json::parse(split_lines(slurp(file)).front());
  const std::string origin_a = first["id"];
  // Clone B created the same id offline, then worked on it; git's union merge kept both. Each
  // clone's events carry the causal counter its writer gave them (seq 1 for a creation).
  const std::string origin_b = "01M8DF42W0BBBBBBBBBBBBBBBB";
  json created_b = {{"v", 1}, {"id", origin_b}, {"seq", 1}, {"ts", "2026-11-27T03:00:30Z"}, {"actor", "dev2"},
                    {"type", "created"}, {"incident", id}, {"title", "Made in clone B"}, {"priority", "P4"},
                    {"component", "web"}, {"impact", ""}, {"description", ""}, {"assignee", ""},
                    {"tags", json::array()}};
  json note_b = {{"v", 1}, {"id", "01M8DF42W0BBBBBBBBBBBBBBBC"}, {"seq", 2}, {"ts", "2026-11-27T03:02:00Z"},
                 {"actor", "dev2"}, {"type", "note"}, {"message", "clone B note"}, {"origin", origin_b}};
  json ack_a = {{"v", 1}, {"id", "01M8DF42W0AAAAAAAAAAAAAAAA"}, {"seq", 3}, {"ts", "2026-11-27T03:03:00Z"},
                {"actor", "dev1"}, {"type", "acknowledged"}, {"origin", origin_a}};
  append_bytes(file, created_b.dump() + "\n" + note_b.dump() + "\n" + ack_a.dump() + "\n");
  ASSERT_EXIT_CODE(git({"commit", "-qam", "merge from clone B"}), 0);

  // Readers show the first and warn; writers refuse until it is split.
  auto shown = hc({"incident", "show", id, "--json"});
  EXPECT_EXIT_CODE(shown, 0);
  EXPECT_NE(shown.err.find("doctor --fix"), std::string::npos) << shown.describe();
  auto refused = hc({"incident", "note", id, "-m", "x"});
  EXPECT_EXIT_CODE(refused, 65);
  EXPECT_NE(refused.err.find("doctor --fix"), std::string::npos) << refused.describe();

  const auto before = snapshot(ops);
  auto report = hc({"doctor"});
  EXPECT_EXIT_CODE(report, 1);
  EXPECT_NE(report.out.find("2 incidents were created with the id " + id), std::string::npos) << report.describe();
  EXPECT_EQ(snapshot(ops), before) << "doctor without --fix wrote";
  auto rj = json::parse(hc({"doctor", "--json"}).out, nullptr, false);
  ASSERT_TRUE(rj.is_object());
  ASSERT_EQ(rj["problems"].size(), 1u) << rj;
  EXPECT_EQ(rj["problems"][0]["kind"], "duplicate_incident");

  auto fix = hc({"doctor", "--fix"});
  EXPECT_EXIT_CODE(fix, 0);
  EXPECT_NE(fix.out.find("split off as INC-20261127-"), std::string::npos) << fix.describe();
  auto after = hc({"doctor"});
  EXPECT_EXIT_CODE(after, 0);

  auto list = hc({"incident", "list", "--all", "--json"});
  ASSERT_EXIT_CODE(list, 0);
  EXPECT_EQ(list.err, "");
  auto arr = json::parse(list.out, nullptr, false);
  ASSERT_EQ(arr.size(), 2u) << list.out;
  std::map<std::string, json> by_title;
  for (const auto& inc : arr) by_title[inc["title"].get<std::string>()] = inc;
  ASSERT_TRUE(by_title.count("Made in clone A") && by_title.count("Made in clone B")) << list.out;
  EXPECT_EQ(by_title["Made in clone A"]["id"], id);
  EXPECT_EQ(by_title["Made in clone A"]["status"], "investigating");
  const std::string other = by_title["Made in clone B"]["id"];
  EXPECT_NE(other, id);
  EXPECT_EQ(by_title["Made in clone B"]["priority"], "P4");
  EXPECT_EQ(by_title["Made in clone B"]["status"], "open");

  auto a = show(id);
  auto b = show(other);
  std::vector<std::string> a_notes, b_notes;
  for (const auto& e : a["timeline"]) if (e["type"] == "note") a_notes.push_back(e["message"].get<std::string>());
  for (const auto& e : b["timeline"]) if (e["type"] == "note") b_notes.push_back(e["message"].get<std::string>());
  EXPECT_EQ(a_notes, std::vector<std::string>{"clone A note"});
  EXPECT_EQ(b_notes, std::vector<std::string>{"clone B note"});
  EXPECT_EQ(b["created_by"], "dev2");
  for (const auto& f : jsonl_files(ops)) parse_every_line(f);
  // Writers work again on both, and the fix was committed.
  const Env later{{"HYPERCARE_NOW", "2026-11-27T03:10:00Z"}};
  EXPECT_EXIT_CODE(hc({"incident", "note", id, "-m", "after the split"}, later), 0);
  EXPECT_EXIT_CODE(hc({"incident", "note", other, "-m", "after the split"}, later), 0);
  EXPECT_EQ(git({"status", "--porcelain"}).out, "");
}

TEST_F(CliDoctor, ConflictMarkersAreReportedWithLinesAndFixedKeepingBothSides) {
  init_ops(false);
  const std::string id = new_incident("Conflicted", "P3");
  ASSERT_EXIT_CODE(hc({"incident", "note", id, "-m", "ours"}, {{"HYPERCARE_NOW", "2026-11-27T03:01:00Z"}}), 0);
  auto file = incident_file(id);
  auto lines = split_lines(slurp(file));
  ASSERT_EQ(lines.size(), 2u);
  json theirs = json::parse(lines[1]);
  theirs["id"] = "01M8DF42W0TTTTTTTTTTTTTTTT";
  theirs["ts"] = "2026-11-27T03:02:00Z";
  theirs["message"] = "theirs";
  theirs["actor"] = "dev2";
  // Lines: 1 created, 2 <<<, 3 ours, 4 ===, 5 theirs, 6 >>>.
  spit(file, lines[0] + "\n<<<<<<< HEAD\n" + lines[1] + "\n=======\n" + theirs.dump() + "\n>>>>>>> origin/main\n");

  auto shown = hc({"incident", "show", id});
  EXPECT_EXIT_CODE(shown, 65);
  EXPECT_NE(shown.err.find(file.filename().string() + ":2"), std::string::npos) << shown.describe();

  const std::string name = file.filename().string();
  auto report = hc({"doctor"});
  EXPECT_EXIT_CODE(report, 1);
  for (const char* n : {":2:", ":4:", ":6:"})
    EXPECT_NE(report.out.find(name + n), std::string::npos) << n << "\n" << report.describe();
  auto rj = json::parse(hc({"doctor", "--json"}).out, nullptr, false);
  ASSERT_TRUE(rj.is_object());
  std::vector<int> marker_lines;
  for (const auto& p : rj["problems"])
    if (p["kind"] == "conflict_marker") marker_lines.push_back(p["line"].get<int>());
  EXPECT_EQ(marker_lines, (std::vector<int>{2, 4, 6}));

  auto fix = hc({"doctor", "--fix"});
  EXPECT_EXIT_CODE(fix, 0);
  EXPECT_EQ(slurp(file), lines[0] + "\n" + lines[1] + "\n" + theirs.dump() + "\n");
  EXPECT_EXIT_CODE(hc({"doctor"}), 0);
  auto j = show(id);
  std::vector<std::string> notes;
  for (const auto& e : j["timeline"]) if (e["type"] == "note") notes.push_back(e["message"].get<std::string>());
  EXPECT_EQ(notes, (std::vector<std::string>{"ours", "theirs"}));
}

TEST_F(CliDoctor, MalformedLineIsQuarantinedNotGuessedAt) {
  init_ops(false);
  const std::string id = new_incident("Broken", "P3");
  auto file = incident_file(id);
  const std::string good = slurp(file);
  append_bytes(file, "this is not json\n");
  auto check = hc({"doctor"});
  EXPECT_EXIT_CODE(check, 1);
  EXPECT_NE(check.out.find(file.filename().string() + ":2"), std::string::npos) << check.describe();
  EXPECT_EQ(slurp(file), good + "this is not json\n") << "doctor without --fix wrote";

  // --fix moves the line, as it was, into quarantine/ beside the record and says how to put it back.
  auto r = hc({"doctor", "--fix"});
  EXPECT_EXIT_CODE(r, 0);
  EXPECT_EQ(slurp(file), good);
  auto rel = fs::relative(file, ops);
  EXPECT_EQ(slurp(ops / "quarantine" / rel), "this is not json\n");
  EXPECT_NE(r.out.find("cat quarantine/" + rel.string() + " >> " + rel.string()), std::string::npos) << r.describe();
  // Afterwards the kept line is a note, not a failure.
  auto after = hc({"doctor", "--json"});
  EXPECT_EXIT_CODE(after, 0);
  auto j = nlohmann::json::parse(after.out, nullptr, false);
  ASSERT_EQ(j["problems"].size(), 1u) << after.out;
  EXPECT_EQ(j["problems"][0]["kind"], "quarantined");
  EXPECT_EQ(j["problems"][0]["notice"], true);
  EXPECT_EQ(j["remaining"], 0);
}

}  // namespace
