// Hostile text (quotes, newlines, unicode, shell metacharacters, 10 KB) round-trips exactly:
// arguments reach the binary without a shell, and the JSON store must not mangle them.
#include <set>

#include <fmt/format.h>

#include "harness.hpp"

namespace {

using namespace hctest;
using CliRoundTrip = CliTest;

const std::vector<std::string>& hostile_titles() {
  static const std::vector<std::string> t = {
      R"(He said "it's down" \o/ 'quoted')",
      "$(rm -rf /) `reboot` ; ls | cat & echo $HOME > /tmp/x && true || false",
      "Ünïcödé — 日本語のタイトル 🚨🔥 Ελληνικά עברית",
      "tabs\tand \\ backslashes \\n not a newline",
      "{\"json\": [1, 2]} <xml attr='1'/> %s %n {} {0}",
  };
  return t;
}

std::string big_text() {
  std::string s;
  for (int i = 0; s.size() < 10 * 1024; ++i)
    s += fmt::format("line {} \"q\" $(x) `y` ; | & ünï 🚨 \\ \t end\n", i);
  s.resize(10 * 1024);
  return s;
}

TEST_F(CliRoundTrip, TitlesRoundTripExactly) {
  init_ops(false);
  for (const auto& title : hostile_titles()) {
    const std::string id = new_incident(title, "P3", {"-c", "cömp $(x) `y`", "--impact", title});
    auto j = show(id);
    EXPECT_EQ(j["title"], title);
    EXPECT_EQ(j["impact"], title);
    EXPECT_EQ(j["component"], "cömp $(x) `y`");
    EXPECT_EQ(j["timeline"][0]["message"], title);
    // The human view prints it on one line without crashing.
    auto human = hc({"incident", "show", id});
    EXPECT_EXIT_CODE(human, 0);
  }
  // A title that looks like flags goes after `--`.
  auto dashed = hc({"incident", "new", "-p", "P4", "--json", "--", "-p P1 --json -C /"});
  ASSERT_EXIT_CODE(dashed, 0);
  auto dj = nlohmann::json::parse(dashed.out, nullptr, false);
  ASSERT_TRUE(dj.is_object()) << dashed.describe();
  EXPECT_EQ(dj["title"], "-p P1 --json -C /");
  EXPECT_EQ(dj["priority"], "P4");
  ASSERT_EXIT_CODE(hc({"incident", "resolve", dj["id"].get<std::string>(), "--root-cause", "a", "--resolution", "b"}), 0);

  auto list = hc({"incident", "list", "--status", "open", "--json"});
  ASSERT_EXIT_CODE(list, 0);
  auto arr = nlohmann::json::parse(list.out, nullptr, false);
  ASSERT_TRUE(arr.is_array()) << list.describe();
  std::multiset<std::string> titles;
  for (const auto& inc : arr) titles.insert(inc["title"].get<std::string>());
  EXPECT_EQ(titles, std::multiset<std::string>(hostile_titles().begin(), hostile_titles().end()));
  for (const auto& f : jsonl_files(ops)) parse_every_line(f);
}

TEST_F(CliRoundTrip, NotesAndDescriptionsRoundTripExactly) {
  init_ops(false);
  const std::string big = big_text();
  const std::string id = new_incident("Text", "P3", {"-d", big});
  EXPECT_EQ(show(id)["description"], big);

  std::vector<std::string> notes = hostile_titles();
  notes.push_back("multi\nline\nnote\n\nwith blank line and trailing spaces   ");
  notes.push_back("\r\nwindows\r\nline endings");
  notes.push_back(big);
  notes.push_back(std::string("control \x01\x02\x1b[31m red \x7f chars"));
  for (const auto& n : notes) ASSERT_EXIT_CODE(hc({"incident", "note", id, "-m", n}), 0);

  // Through stdin with -m -: the trailing newline of a here-doc is dropped, the rest is kept.
  const std::string piped = "from stdin: \"quoted\" $(date)\nsecond line ✓";
  ASSERT_EXIT_CODE(hc({"incident", "note", id, "-m", "-"}, {}, piped + "\n"), 0);
  notes.push_back(piped);

  auto j = show(id);
  std::vector<std::string> got;
  for (const auto& ev : j["timeline"])
    if (ev["type"] == "note") got.push_back(ev["message"].get<std::string>());
  ASSERT_EQ(got.size(), notes.size());
  for (std::size_t i = 0; i < notes.size(); ++i) EXPECT_EQ(got[i], notes[i]) << "note " << i;

  // Root cause, resolution and assignee too. A person's name is one printable line of at most 64
  // bytes (it goes into commit messages): longer or multi-line names are refused, writing nothing.
  EXPECT_EXIT_CODE(hc({"incident", "assign", id, hostile_titles()[2], "--external"}), 64);
  const std::string vendor = "Zoë \"vendor\" O'Brien; $(id) `x` ✓";
  ASSERT_EXIT_CODE(hc({"incident", "assign", id, vendor, "--external"}), 0);
  ASSERT_EXIT_CODE(hc({"incident", "resolve", id, "--root-cause", big, "--resolution", hostile_titles()[1]}), 0);
  j = show(id);
  EXPECT_EQ(j["assignee"], vendor);
  EXPECT_EQ(j["root_cause"], big);
  EXPECT_EQ(j["resolution"], hostile_titles()[1]);

  // One event per line: newlines inside values are escaped, never raw.
  auto lines = parse_every_line(incident_file(id));
  EXPECT_EQ(lines.size(), 1 + notes.size() + 2);
  auto human = hc({"incident", "show", id});
  EXPECT_EXIT_CODE(human, 0);
  EXPECT_EQ(human.out.find('\x1b'), std::string::npos) << "raw escape sequence reached the terminal";
}

}  // namespace
