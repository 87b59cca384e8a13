#include <gtest/gtest.h>

#include <random>

#include "hypercare/incident/fold.hpp"
#include "hypercare/incident/json.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::incident {
namespace {

using nlohmann::json;

// The full reader's fold of `text`, which must read.
Incident full_fold(const std::string& text, FoldOptions options) {
  auto file = store::parse_jsonl(text, "INC.jsonl");
  EXPECT_TRUE(file) << file.error().message;
  auto inc = fold(*file, "INC.jsonl", options);
  EXPECT_TRUE(inc) << inc.error().message;
  return inc ? *inc : Incident{};
}

// Both incidents, for a failure message: what the JSON shape shows, and the bookkeeping it does not.
std::string both(const Incident& a, const Incident& b) {
  auto show = [](const Incident& i) {
    return fmt::format("{}\n  level {} at {} to [{}] repeats {} recorded {}/{} resolved_for {} last {} dup {} split [{}]",
                       to_json(i, Sla{}, true).dump(), i.escalation_level,
                       i.escalated_at ? core::format_rfc3339(*i.escalated_at) : "-", fmt::join(i.escalated_to, ","),
                       i.chain_repeats, i.response_breach_recorded, i.resolution_breach_recorded, i.resolved_for.count(),
                       core::format_rfc3339(i.last_event), i.duplicate_creations, fmt::join(i.split_off, ","));
  };
  return "flat: " + show(a) + "\nfull: " + show(b);
}

// A record as clones write it: every kind of event, clocks skewed, concurrent changes, text with
// quotes, escapes and every plane of Unicode.
std::string random_record(std::mt19937& rng) {
  auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  const std::vector<std::string> people = {"asha", "bo \"the\" dev", "zoë", "李", "😀 night", "tab\there", ""};
  const std::vector<std::string> words = {"disk full", "line\nbreak", "back\\slash", "\u00e9t\u00e9", "ok", "", "\x01\x1f"};
  const std::vector<std::string> types = {"acknowledged", "status",   "assigned", "priority",       "escalated",
                                          "breached",     "resolved", "reopened", "alert_firing",   "alert_resolved",
                                          "note",         "note",     "split",    "created"};
  const std::vector<std::string> states = {"open", "investigating", "identified", "monitoring", "resolved", "bogus"};
  auto stamp = [&](int minute) {
    return core::format_rfc3339(core::TimePoint{core::Seconds{1795834800 + 60 * minute}});
  };
  int n = 1 + int(rng() % 14);
  std::string text;
  for (int i = 0; i < n; ++i) {
    json e;
    e["v"] = 1;
    e["id"] = fmt::format("01E{:03}", rng() % 1000);
    if (rng() % 5) e["seq"] = rng() % 6;
    e["ts"] = stamp(int(rng() % 50));
    if (rng() % 7 == 0) e["wall"] = stamp(int(rng() % 50));
    e["actor"] = pick(people);
    std::string type = i == 0 ? "created" : pick(types);
    e["type"] = type;
    if (rng() % 9 == 0) e["origin"] = rng() % 2 ? e["id"] : json("01E999");
    if (rng() % 4) e["message"] = rng() % 3 ? pick(words) : pick({"response target of 1h missed", "resolution target missed"});
    if (type == "created") {
      e["incident"] = "INC-20261127-7K2M";
      e["title"] = pick(words);
      e["priority"] = pick({"P1", "P2", "P3", "P4", "P1", "P9"});
      e["component"] = pick(words);
      e["tags"] = json::array({pick(words), pick(people)});
      if (rng() % 3 == 0) e["tags"].push_back(3);
      if (rng() % 2) e["labels"] = {{"alertname", pick(words)}, {"env", pick(people)}, {"n", 1}};
      if (rng() % 4 == 0) e["maintenance"] = "MW-1";
    } else if (type == "status") {
      e["status"] = pick(states);
    } else if (type == "assigned") {
      e["assignee"] = pick(people);
    } else if (type == "priority") {
      e["priority"] = pick({"P1", "P2", "P3", "P4"});
    } else if (type == "escalated") {
      if (rng() % 3) e["level"] = int(rng() % 4) - 1;
      if (rng() % 2) e["to"] = pick(people);
      if (rng() % 3 == 0) e["repeat"] = rng() % 3;
      if (rng() % 2) e["due"] = rng() % 3 ? json(true) : json("true");
    } else if (type == "breached") {
      e["clock"] = pick({"response", "resolution", "other"});
      e["due"] = stamp(int(rng() % 50));
    } else if (type == "resolved") {
      e["root_cause"] = pick(words);
      e["resolution"] = pick(words);
      if (rng() % 2) e["kind"] = pick({"fixed", "duplicate", "false_alarm", "odd"});
      if (rng() % 3 == 0) e["duplicate_of"] = "INC-20261127-AAAA";
    } else if (type == "split") {
      e["origin"] = "01E999";
      e["into"] = "INC-20261127-SPLT";
    }
    text += store::to_line(e);
  }
  return text;
}

TEST(FoldFlat, FoldsEveryRecordAsTheFullReaderDoes) {
  std::mt19937 rng(20261204);
  int taken = 0, folded = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = random_record(rng);
    for (bool timeline : {true, false}) {
      FoldOptions options{.timeline = timeline, .before = std::nullopt};
      auto file = store::parse_jsonl(text, "INC.jsonl");
      ASSERT_TRUE(file) << file.error().message;
      auto full = fold(*file, "INC.jsonl", options);
      auto flat = fold_flat(text, "INC.jsonl", options);
      folded += bool(full);
      taken += bool(flat);
      if (flat) {
        ASSERT_TRUE(full) << "taken by the flat fold, refused by the full one:\n" << text;
        ASSERT_TRUE(*flat == *full) << text << both(*flat, *full);
      }
    }
  }
  // It leaves to the full reader only the records with one event id twice.
  EXPECT_GT(taken, folded / 2) << taken << " of " << folded;
}

TEST(FoldFlat, FoldsARecordAsItStoodAtATime) {
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    std::string text = random_record(rng);
    FoldOptions options{.timeline = true, .before = core::TimePoint{core::Seconds{1795834800 + 60 * 25}}};
    auto flat = fold_flat(text, "INC.jsonl", options);
    if (flat) {
      auto full = full_fold(text, options);
      EXPECT_TRUE(*flat == full) << text << both(*flat, full);
    }
  }
}

TEST(FoldFlat, LeavesToTheFullReaderWhatOnlyItDecides) {
  const std::string created =
      R"({"v":1,"id":"01A","ts":"2026-11-27T03:00:00Z","actor":"dev1","type":"created","incident":"INC-20261127-7K2M","title":"Down","priority":"P1"})"
      "\n";
  const std::string note = R"({"v":1,"id":"01B","ts":"2026-11-27T03:10:00Z","actor":"dev2","type":"note","message":"x"})"
                           "\n";
  ASSERT_TRUE(fold_flat(created + note, "INC.jsonl"));
  EXPECT_TRUE(*fold_flat(created + note, "INC.jsonl") == full_fold(created + note, {}));

  EXPECT_FALSE(fold_flat(created + note + note, "INC.jsonl")) << "one id twice: the full reader keeps one";
  EXPECT_FALSE(fold_flat(created + note.substr(0, note.size() - 1), "INC.jsonl")) << "a last line without its newline";
  EXPECT_FALSE(fold_flat(created + R"({"v":1,"id":"01C","ts":"2026-11-27T03:10:00Z","type":"note","seq":1.5})" "\n",
                         "INC.jsonl"))
      << "a seq that is not a whole number is an error the full reader names";
  EXPECT_FALSE(fold_flat(note, "INC.jsonl")) << "no created event: an error the full reader names";
  EXPECT_FALSE(fold_flat(created + R"({"v":1,"id":"01C","ts":"yesterday","type":"note"})" "\n", "INC.jsonl"));
  std::string split = created;
  split.insert(split.size() - 2, R"(,"split_from":"INC-20261127-OLD1")");
  EXPECT_FALSE(fold_flat(split, "INC.jsonl")) << "a split record reads the file it came from too";
  std::string bad_priority = created;
  bad_priority.replace(bad_priority.find("\"P1\""), 4, "\"P9\"");
  EXPECT_FALSE(fold_flat(bad_priority, "INC.jsonl"));
}

}  // namespace
}  // namespace hypercare::incident
