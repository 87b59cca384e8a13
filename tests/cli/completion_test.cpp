// Shell completion: what `hypercare __complete` answers for the word being typed, and the scripts of
// `hypercare completion` driven in real bash (with bash-completion), zsh (zpty) and fish.
#include <fstream>
#include <set>
#include <sstream>

#include "harness.hpp"

namespace hctest {
namespace {

struct Answer {
  std::vector<std::string> values;
  std::map<std::string, std::string> descriptions;
  std::string fallback;  // "none", "files" or "dirs"
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

class Completion : public CliTest {
 protected:
  void SetUp() override {
    init_ops();
    open_a = new_incident("Checkout returns 502", "P1", {"-c", "api"});
    open_b = new_incident("Slow reports", "P3", {"-c", "reports"});
    done = new_incident("Typo on the login page", "P4");
    ASSERT_EXIT_CODE(hc({"incident", "resolve", done, "--root-cause", "typo", "--resolution", "fixed"}), 0);
    std::ofstream(ops / "hypercare.toml", std::ios::app)
        << "\n[[notify.channel]]\nname = \"team-slack\"\nkind = \"slack\"\nurl_env = \"SLACK_URL\"\nevents = [\"incident.*\"]\n";
  }

  Answer ask(std::vector<std::string> words, const Env& extra = {}, const fs::path& cwd = {}) const {
    words.insert(words.begin(), "__complete");
    auto r = hc(words, extra, {}, cwd);
    EXPECT_EXIT_CODE(r, 0);
    EXPECT_EQ(r.err, "") << "a TAB must never print on the terminal";
    Answer a;
    auto lines = lines_of(r.out);
    EXPECT_FALSE(lines.empty()) << r.describe();
    if (lines.empty()) return a;
    EXPECT_TRUE(lines.back().starts_with(":")) << r.describe();
    a.fallback = lines.back().substr(1);
    lines.pop_back();
    for (const auto& l : lines) {
      auto tab = l.find('\t');
      a.values.push_back(l.substr(0, tab));
      if (tab != std::string::npos) a.descriptions[l.substr(0, tab)] = l.substr(tab + 1);
    }
    return a;
  }

  std::string open_a, open_b, done;
};

TEST_F(Completion, CommandsWithTheirDescriptions) {
  auto a = ask({"inc"});
  EXPECT_EQ(a.values, std::vector<std::string>{"incident"});
  EXPECT_NE(a.descriptions["incident"].find("incidents"), std::string::npos);
  EXPECT_EQ(a.fallback, "none");
  auto verbs = as_set(ask({"incident", ""}).values);
  EXPECT_TRUE(verbs.count("ack") && verbs.count("resolve") && verbs.count("ingest"));
  EXPECT_FALSE(verbs.count("ls")) << "aliases are accepted, not offered";
  EXPECT_FALSE(as_set(ask({""}).values).count("__complete"));
  // An alias leads to its command.
  EXPECT_EQ(as_set(ask({"incident", "ls", "--bre"}).values), std::set<std::string>{"--breached"});
}

TEST_F(Completion, IncidentIdsWithTitlesOpenOnesForVerbsThatNeedThem) {
  auto ack = ask({"incident", "ack", ""});
  EXPECT_EQ(as_set(ack.values), (std::set<std::string>{open_a, open_b})) << "no flags, no stray '-'";
  EXPECT_EQ(ack.descriptions[open_a], "P1 open: Checkout returns 502");
  EXPECT_EQ(as_set(ask({"incident", "reopen", ""}).values), std::set<std::string>{done});
  EXPECT_EQ(as_set(ask({"incident", "show", ""}).values), (std::set<std::string>{open_a, open_b, done}));
  EXPECT_EQ(as_set(ask({"incident", "resolve", open_a, "--duplicate-of", ""}).values),
            (std::set<std::string>{open_a, open_b, done}));
  // What is typed filters: the ids share their date, so the whole prefix narrows to them.
  EXPECT_EQ(as_set(ask({"incident", "note", open_b.substr(0, open_b.size() - 1)}).values), std::set<std::string>{open_b});
}

TEST_F(Completion, FixedValues) {
  auto p = ask({"incident", "new", "Disk full", "-p", ""});
  EXPECT_EQ(p.values, (std::vector<std::string>{"P1", "P2", "P3", "P4"}));
  EXPECT_NE(p.descriptions["P1"].find("respond within"), std::string::npos) << p.descriptions["P1"];
  EXPECT_EQ(ask({"incident", "new", "--priority=P"}).values,
            (std::vector<std::string>{"--priority=P1", "--priority=P2", "--priority=P3", "--priority=P4"}));
  EXPECT_EQ(ask({"incident", "status", open_a, ""}).values,
            (std::vector<std::string>{"investigating", "identified", "monitoring"}));
  // A comma-separated list completes its last item and leaves out those already given.
  EXPECT_EQ(ask({"incident", "list", "--status", "open,i"}).values,
            (std::vector<std::string>{"open,investigating", "open,identified"}));
  EXPECT_EQ(ask({"report", "daily", "--format", ""}).values, (std::vector<std::string>{"md", "json", "html"}));
  EXPECT_EQ(ask({"rota", "export", "--format", ""}).values, (std::vector<std::string>{"ical", "json", "csv"}));
  EXPECT_EQ(ask({"completion", ""}).values, (std::vector<std::string>{"bash", "zsh", "fish"}));
  EXPECT_EQ(ask({"maintenance", "start", "--for", "90"}).values,
            (std::vector<std::string>{"90s", "90m", "90h", "90d"}));
  EXPECT_EQ(ask({"--tz", "Asia/Kolk"}).values, std::vector<std::string>{"Asia/Kolkata"});
}

TEST_F(Completion, PeopleChecksChannelsComponents) {
  auto who = ask({"incident", "assign", open_a, ""});
  EXPECT_EQ(as_set(who.values), (std::set<std::string>{"me", "dev1", "dev2", "dev3", "lead"}));
  EXPECT_FALSE(as_set(ask({"--as", ""}).values).count("me")) << "--as names someone else";
  EXPECT_EQ(as_set(ask({"rota", "override", "d"}).values), (std::set<std::string>{"dev1", "dev2", "dev3"}));
  auto checks = as_set(ask({"health-check", "run", ""}).values);
  EXPECT_TRUE(checks.count("ops-disk") && checks.count("tmp-files")) << ::testing::PrintToString(checks);
  auto group = as_set(ask({"health-check", ""}).values);
  EXPECT_TRUE(group.count("history") && group.count("ops-disk")) << "verbs and the default verb's checks";
  EXPECT_EQ(ask({"notify", "test", ""}).values, std::vector<std::string>{"team-slack"});
  EXPECT_EQ(ask({"kickoff", "confirm", "v"}).values, std::vector<std::string>{"vpn"});
  EXPECT_EXIT_CODE(hc({"kickoff", "confirm", "war-room"}), 0);
  auto items = ask({"kickoff", "confirm", ""}).values;
  ASSERT_EQ(items.size(), 11u);
  EXPECT_EQ(items.front(), "slack-channel");
  EXPECT_EQ(items.back(), "war-room") << "the ones still to confirm come first";
  auto components = as_set(ask({"incident", "list", "-c", ""}).values);
  EXPECT_TRUE(components.count("api") && components.count("reports")) << ::testing::PrintToString(components);
}

TEST_F(Completion, FlagsOfTheCommandAndTheGlobalOnesNotYetGiven) {
  auto flags = as_set(ask({"incident", "new", "Disk full", "-p", "P2", "--tag", "db", "--"}).values);
  EXPECT_TRUE(flags.count("--component") && flags.count("--json") && flags.count("--ops"));
  EXPECT_TRUE(flags.count("--tag")) << "repeatable";
  EXPECT_FALSE(flags.count("--priority")) << "given already";
  EXPECT_FALSE(flags.count("--version")) << "the root's own";
  EXPECT_FALSE(flags.count("-c")) << "short names only after a single '-'";
  EXPECT_TRUE(as_set(ask({"incident", "new", "-"}).values).count("-c"));
  EXPECT_EQ(ask({"status", ""}).values, std::vector<std::string>{}) << "nothing to offer: no stray '-'";
}

TEST_F(Completion, PathsAreTheShellsToComplete) {
  auto out = ask({"report", "daily", "-o", ""});
  EXPECT_EQ(out.values, std::vector<std::string>{});
  EXPECT_EQ(out.fallback, "files");
  EXPECT_EQ(ask({"-C", ""}).fallback, "dirs");
  EXPECT_EQ(ask({"feedback", "import", ""}).fallback, "files");
  EXPECT_EQ(ask({"incident", "ingest", ""}).fallback, "files");
}

TEST_F(Completion, OpsDirFromTheLineElseSilence) {
  fs::create_directories(root / "elsewhere");
  // -C on the line, no HYPERCARE_OPS, run from a directory outside the ops dir.
  auto ids = ask({"-C", ops.string(), "incident", "ack", ""}, {{"HYPERCARE_OPS", ""}}, root / "elsewhere");
  EXPECT_EQ(as_set(ids.values), (std::set<std::string>{open_a, open_b}));
  // No ops dir at all, or one that does not load: nothing, silently.
  auto none = ask({"incident", "ack", ""}, {{"HYPERCARE_OPS", ""}}, root / "elsewhere");
  EXPECT_EQ(none.values, std::vector<std::string>{});
  std::ofstream(ops / "hypercare.toml", std::ios::app) << "\n[broken\n";
  EXPECT_EQ(ask({"notify", "test", ""}).values, std::vector<std::string>{});
  EXPECT_EQ(ask({"incident", "new", "x", "-p", ""}).values.size(), 4u) << "the fixed priorities still";
}

// ---- the scripts, in the real shells ----

class CompletionShells : public Completion {
 protected:
  // Runs the driver for `shell` on `lines` (each completed at its end) from `cwd`; one block of
  // output lines per input line.
  std::vector<std::vector<std::string>> drive(const std::string& shell, const std::vector<std::string>& lines,
                                              const fs::path& cwd) const {
    std::string driver = std::string(HYPERCARE_CLI_TEST_DIR) + "/completion/" +
                         (shell == "bash" ? "bash_driver.sh" : shell == "zsh" ? "zsh_driver.zsh" : "fish_driver.fish");
    std::string in;
    for (const auto& l : lines) in += l + "\n";
    Env e = env_with({{"PATH", fs::path(bin()).parent_path().string() + ":" + env.at("PATH")},
                      {"HYPERCARE_OPS", ""},
                      {"TMPDIR", root.string()}});
    auto r = run({shell, driver}, e, in, cwd, std::chrono::seconds(120));
    EXPECT_EXIT_CODE(r, 0);
    std::vector<std::vector<std::string>> blocks(1);
    for (const auto& l : lines_of(r.out)) {
      if (l == "--") blocks.emplace_back();
      else blocks.back().push_back(l);
    }
    blocks.pop_back();
    EXPECT_EQ(blocks.size(), lines.size()) << r.describe();
    blocks.resize(lines.size());
    return blocks;
  }

  // A directory outside the ops dir, holding one file to complete.
  fs::path here() const {
    fs::create_directories(root / "here");
    std::ofstream(root / "here" / "daily.md") << "x";
    return root / "here";
  }

  std::vector<std::string> lines() const {
    return {"hypercare inc",
            "hypercare -C " + ops.string() + " incident ack ",
            "hypercare -C " + ops.string() + " incident new Disk full -p ",
            "hypercare -C " + ops.string() + " incident new --priority=P",
            "hypercare -C " + ops.string() + " health-check run ops-",
            "hypercare report daily -o dai",
            "hypercare -C " + ops.string() + " incident list --status open,inv"};
  }
};

bool have(const std::string& tool) {
  return run({"sh", "-c", "command -v " + tool}, {{"PATH", "/usr/local/bin:/usr/bin:/bin"}}).exit == 0;
}

// The values of "value<TAB>description" lines, or of zsh's "M:value" records.
std::set<std::string> values_in(const std::vector<std::string>& block) {
  std::set<std::string> out;
  for (const auto& l : block) {
    if (l.starts_with("D:")) continue;
    auto v = l.starts_with("M:") ? l.substr(2) : l;
    out.insert(v.substr(0, v.find('\t')));
  }
  return out;
}

// What every shell must offer for lines(), run from a directory holding daily.md. `after_equals`:
// what completing "--priority=P" offers (bash replaces only what follows the '=').
void expect_candidates(const std::vector<std::vector<std::string>>& b, const std::string& open_a,
                       const std::string& open_b, const std::set<std::string>& after_equals) {
  EXPECT_EQ(values_in(b[0]), std::set<std::string>{"incident"});
  EXPECT_EQ(values_in(b[1]), (std::set<std::string>{open_a, open_b})) << "ids only: no stray '-'";
  EXPECT_EQ(values_in(b[2]), (std::set<std::string>{"P1", "P2", "P3", "P4"}));
  EXPECT_EQ(values_in(b[3]), after_equals);
  EXPECT_EQ(values_in(b[4]), (std::set<std::string>{"ops-disk", "ops-dir-in-git", "ops-storage"}));
  EXPECT_TRUE(values_in(b[5]).count("daily.md")) << ::testing::PrintToString(b[5]);
  EXPECT_EQ(values_in(b[6]), std::set<std::string>{"open,investigating"});
}

const std::set<std::string> k_priorities_after_equals = {"--priority=P1", "--priority=P2", "--priority=P3", "--priority=P4"};

TEST_F(CompletionShells, Bash) {
  HC_REQUIRE(have("bash") && fs::exists("/usr/share/bash-completion/bash_completion"), "bash with bash-completion");
  expect_candidates(drive("bash", lines(), here()), open_a, open_b, {"P1", "P2", "P3", "P4"});
}

TEST_F(CompletionShells, BashScriptPassesShellcheck) {
  HC_REQUIRE(have("shellcheck"), "shellcheck");
  auto script = hc({"completion", "bash"});
  ASSERT_EXIT_CODE(script, 0);
  auto r = run({"shellcheck", "-s", "bash", "-"}, {{"PATH", "/usr/local/bin:/usr/bin:/bin"}}, script.out);
  EXPECT_EXIT_CODE(r, 0);
}

TEST_F(CompletionShells, Zsh) {
  HC_REQUIRE(have("zsh"), "zsh");
  auto b = drive("zsh", lines(), here());
  expect_candidates(b, open_a, open_b, k_priorities_after_equals);
  // _describe shows each id with its title.
  bool titled = false;
  for (const auto& l : b[1]) titled = titled || (l.starts_with("D:") && l.find("Checkout returns 502") != std::string::npos);
  EXPECT_TRUE(titled) << ::testing::PrintToString(b[1]);
}

TEST_F(CompletionShells, Fish) {
  HC_REQUIRE(have("fish"), "fish");
  auto b = drive("fish", lines(), here());
  expect_candidates(b, open_a, open_b, k_priorities_after_equals);
  // fish shows the description after a tab.
  bool titled = false;
  for (const auto& l : b[1]) titled = titled || l.find("\tP1 open: Checkout returns 502") != std::string::npos;
  EXPECT_TRUE(titled) << ::testing::PrintToString(b[1]);
}

}  // namespace
}  // namespace hctest
