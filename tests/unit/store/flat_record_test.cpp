#include "hypercare/store/flat_record.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

namespace hypercare::store {
namespace {

using Kind = FlatValue::Kind;
using nlohmann::json;

// The value nlohmann read and the one the flat reader read are the same.
void expect_same(const json& j, const FlatValue& v, const FlatFile& file, const std::string& where) {
  switch (v.kind) {
    case Kind::null: EXPECT_TRUE(j.is_null()) << where; break;
    case Kind::boolean: EXPECT_TRUE(j.is_boolean() && j.get<bool>() == v.flag) << where; break;
    case Kind::integer: EXPECT_TRUE(j.is_number_integer() && j.get<std::int64_t>() == v.number) << where; break;
    case Kind::string: EXPECT_TRUE(j.is_string() && j.get<std::string>() == v.text) << where; break;
    case Kind::array:
      ASSERT_TRUE(j.is_array() && j.size() == v.count) << where;
      for (std::uint32_t i = 0; i < v.count; ++i) expect_same(j[i], file.items[v.first + i].value, file, where);
      break;
    case Kind::object: {
      ASSERT_TRUE(j.is_object()) << where;
      std::map<std::string_view, const FlatValue*> last;  // a key given twice: the last counts
      for (std::uint32_t i = 0; i < v.count; ++i) last[file.items[v.first + i].key] = &file.items[v.first + i].value;
      ASSERT_EQ(last.size(), j.size()) << where;
      for (const auto& [k, member] : j.items()) {
        auto it = last.find(k);
        ASSERT_NE(it, last.end()) << where << " " << k;
        expect_same(member, *it->second, file, where);
      }
      break;
    }
  }
}

// Whenever the flat reader takes a line, nlohmann reads the same object from it.
bool agrees(const std::string& line) {
  FlatFile file;
  std::string text = line + "\n";
  if (!scan_flat(text, file)) return false;
  json j;
  try {
    j = json::parse(line);
  } catch (const json::exception& e) {
    ADD_FAILURE() << "taken by the flat reader, refused by nlohmann (" << e.what() << "): " << line;
    return true;
  }
  EXPECT_TRUE(j.is_object()) << line;
  EXPECT_EQ(file.lines.size(), 1u) << line;
  if (file.lines.size() != 1) return true;
  FlatEvent e(file, file.lines[0]);
  std::set<std::string_view> keys;
  for (std::uint32_t i = 0; i < file.lines[0].count; ++i) keys.insert(file.fields[file.lines[0].first + i].key);
  EXPECT_EQ(keys.size(), j.size()) << line;
  for (const auto& [k, v] : j.items()) {
    auto* flat = e.find(k);
    EXPECT_NE(flat, nullptr) << line << " " << k;
    if (flat) expect_same(v, *flat, file, line);
  }
  return true;
}

TEST(FlatRecord, ReadsTheLinesHypercareWritesAsNlohmannDoes) {
  std::vector<std::string> lines = {
      R"({"v":1,"id":"01A","seq":3,"ts":"2026-11-27T03:00:00Z","actor":"dev1","type":"created","title":"Down","tags":["db","web"],"labels":{"alertname":"X","env":"prod"}})",
      R"({"type":"note","message":"quote \" back \\ slash \/ \b\f\n\r\t done"})",
      R"({"message":"\u00e9\u20AC\ud83d\ude00 and \u0000 nul","actor":"ünïcødé → ✓ 😀"})",
      R"({"level":-42,"repeat":0,"zero":-0,"big":999999999999999999,"due":true,"no":false,"nothing":null})",
      R"(  {  "spaced" :	"out" ,"empty":"" , "arr" : [ ] , "obj" : { } }  )",
      R"({"twice":"first","twice":"second","labels":{"a":"x","a":1}})",
      R"({"mixed":[1,"two",true,null,-3],"members":{"n":1,"s":"x","b":false,"z":null}})",
      R"({})",
      "{\"t\":\"\xF0\x9F\x98\x80\xE2\x82\xAC\xC3\xA9\xED\x9F\xBF\xEE\x80\x80\xF4\x8F\xBF\xBF\"}",
  };
  for (const auto& line : lines) EXPECT_TRUE(agrees(line)) << "refused: " << line;

  FlatFile file;
  std::string text = lines[5] + "\n";
  ASSERT_TRUE(scan_flat(text, file));
  FlatEvent e(file, file.lines[0]);
  EXPECT_EQ(e.str("twice"), "second");
  std::map<std::string, std::string> labels;
  e.each_string_member("labels", [&](std::string_view k, std::string_view v) { labels[std::string(k)] = v; });
  EXPECT_TRUE(labels.empty()) << "the last `a` is a number, as nlohmann keeps it";
}

TEST(FlatRecord, LeavesToTheFullReaderWhatItCannotReadExactly) {
  std::vector<std::string> refused = {
      R"({"n":1.5})", R"({"n":1e3})", R"({"n":2E-1})", R"({"n":01})", R"({"n":1234567890123456789})", R"({"v":16666666666666666666666})", R"({"n":-99999999999999999999999999})",
      R"({"n":-})",
      R"({"a":[[1]]})", R"({"o":{"p":{}}})", R"({"o":{"p":[]}})", "{\"s\":\"\xC3\x28\"}", "{\"s\":\"\xED\xA0\x80\"}",
      "{\"s\":\"\xE0\x80\xAF\"}", "{\"s\":\"\xF4\x90\x80\x80\"}", "{\"s\":\"\xC0\xAF\"}", "{\"s\":\"cut \xE2\x82\"}",
      R"({"s":"\ud83d alone"})", R"({"s":"\ude00 low"})", R"({"s":"\ud83d\u0041"})", R"({"s":"\x41"})", R"({"s":"\u12"})",
      R"({"s":"\u12G4"})", "{\"s\":\"tab\there\"}", R"({"s":"open)", R"({"a":1,})", R"({"a":1} x)", R"({"a" 1})",
      R"({a:1})", R"(["not","an","object"])", R"("string")", R"(42)", "\xEF\xBB\xBF{\"bom\":1}", R"({"t":tru})",
      R"({"t":nul})", R"({"a":[1,]})", R"({"a":[1 2]})", "<<<<<<< HEAD", R"({"a":1)",
  };
  for (const auto& line : refused) {
    FlatFile file;
    std::string text = line + "\n";
    EXPECT_FALSE(scan_flat(text, file)) << "taken: " << line;
  }
  FlatFile file;
  EXPECT_FALSE(scan_flat(std::string(R"({"a":1})"), file)) << "a last line without its newline";
  EXPECT_FALSE(scan_flat(std::string(), file));
  EXPECT_TRUE(scan_flat(std::string("{\"a\":1}\n\n  \t\r\n{\"b\":2}\n"), file));
  ASSERT_EQ(file.lines.size(), 2u);
  EXPECT_EQ(file.lines[1].line_no, 4u) << "blank lines count, as parse_jsonl counts them";
}

TEST(FlatRecord, AgreesWithNlohmannOnEveryLineItTakes) {
  // Lines cut and spliced from hostile pieces: whatever the flat reader takes, nlohmann reads
  // alike (agrees() checks), and it takes a good share of them.
  const std::vector<std::string> pieces = {
      "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud83d", "\\ude00", "\\n", "\\\"", "00e9", "a", "key", " ",
      "\t", "-", "0", "7", "1.5", "e3", "true", "false", "null", "\xC3\xA9", "\xC3", "\xA9", "\xED\xA0\x80", "\xF0\x9F\x98\x80",
      "\x01", "\"k\":\"v\"", "\"n\":12", "\"a\":[\"x\",1]", "\"o\":{\"p\":\"q\"}", "\"k\":\"v\",", "\"d\":\"\\u0041\""};
  std::mt19937 rng(20261204);
  int taken = 0;
  for (int i = 0; i < 30000; ++i) {
    std::string line = "{";
    int n = int(rng() % 12);
    for (int k = 0; k < n; ++k) line += pieces[rng() % pieces.size()];
    if (rng() % 2) line += "}";
    taken += agrees(line);
    // And the well-formed skeleton with one piece spliced in anywhere.
    std::string good = R"({"id":"01A","n":-12,"a":["x","\u00e9"],"o":{"p":"q","p":true},"s":"\"q\" \ud83d\ude00"})";
    good.insert(rng() % (good.size() + 1), pieces[rng() % pieces.size()]);
    taken += agrees(good);
  }
  EXPECT_GT(taken, 3000) << "the flat reader took too few lines for this test to mean much";
}

TEST(FlatRecord, ReadsLongStringsAsNlohmannDoesWhereverTheirSpecialBytesStand) {
  // Plain text is skipped eight bytes at a time: each byte that ends such a run, at every offset
  // of a string longer than a few words, in a value and in a key.
  const std::vector<std::pair<std::string, bool>> stops = {  // what is inserted, and whether the line is JSON
      {"\\\"", true},   {"\\u00e9", true},       {"\\\\", true},           {" ", true},
      {"~", true},      {"\x7f", true},          {"\xC3\xA9", true},         {"\xE2\x82\xAC", true},
      {"\xF0\x9F\x98\x80", true},               {"\"", false},             {"\x01", false},
      {"\x1f", false}, {"\t", false},           {"\xC3", false},           {"\xFF", false},
      {"\x80", false}, {"\xE2\x82", false}};
  for (const auto& [stop, whole] : stops)
    for (std::size_t at = 0; at <= 26; ++at) {
      std::string s(26, 'x');
      s.insert(at, stop);
      for (const auto& line : {"{\"k\":\"" + s + "\",\"n\":1}", "{\"" + s + "\":\"v\"}"})
        EXPECT_EQ(agrees(line), whole) << "at " << at << ": " << line;
    }
}

}  // namespace
}  // namespace hypercare::store
