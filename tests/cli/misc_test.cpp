// The front door: overview, typos, help on every command, version, completion.
#include <regex>

#include "harness.hpp"

namespace {

using namespace hctest;
using CliMisc = CliTest;

TEST_F(CliMisc, NoArgumentsPrintsAnOverview) {
  auto r = hc({}, {{"HYPERCARE_OPS", ""}});
  EXPECT_EXIT_CODE(r, 0);
  EXPECT_EQ(r.err, "");
  for (const char* s : {"Usage", "init", "status", "doctor", "incident"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
  // A command group without its verb shows what it offers.
  auto group = hc({"incident"});
  EXPECT_EXIT_CODE(group, 0);
  for (const char* s : {"new", "list", "show", "ack", "resolve", "reopen"})
    EXPECT_NE(group.out.find(s), std::string::npos) << s << "\n" << group.out;
}

TEST_F(CliMisc, TyposAre64WithASuggestion) {
  auto r = hc({"incdent"});
  EXPECT_EXIT_CODE(r, 64);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("did you mean"), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("hypercare incident"), std::string::npos) << r.describe();

  auto verb = hc({"incident", "lst"});
  EXPECT_EXIT_CODE(verb, 64);
  EXPECT_NE(verb.err.find("did you mean: hypercare incident list"), std::string::npos) << verb.describe();

  auto swapped = hc({"incident", "lsit"});
  EXPECT_EXIT_CODE(swapped, 64);
  EXPECT_NE(swapped.err.find("did you mean: hypercare incident list"), std::string::npos) << swapped.describe();

  auto option = hc({"incident", "list", "--al"});
  EXPECT_EXIT_CODE(option, 64);
  EXPECT_NE(option.err.find("did you mean --all?"), std::string::npos) << option.describe();

  auto far = hc({"frobnicate"});
  EXPECT_EXIT_CODE(far, 64);
  EXPECT_NE(far.err.find("frobnicate"), std::string::npos) << far.describe();
  EXPECT_NE(far.err.find("--help"), std::string::npos) << far.describe();

  auto flag = hc({"incident", "list", "--colour"});
  EXPECT_EXIT_CODE(flag, 64);
  EXPECT_NE(flag.err.find("--colour"), std::string::npos) << flag.describe();
  EXPECT_NE(flag.err.find("hint: hypercare incident list --help"), std::string::npos) << flag.describe();
}

TEST_F(CliMisc, HelpOnEveryCommandIsZero) {
  const std::vector<std::vector<std::string>> commands = {
      {},
      {"init"},
      {"status"},
      {"doctor"},
      {"completion"},
      {"incident"},
      {"incident", "new"},
      {"incident", "list"},
      {"incident", "show"},
      {"incident", "ack"},
      {"incident", "status"},
      {"incident", "note"},
      {"incident", "assign"},
      {"incident", "priority"},
      {"incident", "resolve"},
      {"incident", "reopen"},
  };
  for (const auto& cmd : commands) {
    for (const char* flag : {"--help", "-h"}) {
      auto args = cmd;
      args.push_back(flag);
      auto r = hc(args, {{"HYPERCARE_OPS", ""}});
      std::string what = "hypercare";
      for (const auto& c : cmd) what += " " + c;
      EXPECT_EXIT_CODE(r, 0) << what << " " << flag;
      EXPECT_EQ(r.err, "") << what;
      EXPECT_NE(r.out.find("Usage"), std::string::npos) << what << "\n" << r.out;
      if (!cmd.empty()) {
        EXPECT_NE(r.out.find(cmd.back()), std::string::npos) << what << "\n" << r.out;
      }
      EXPECT_NE(r.out.find("--"), std::string::npos) << what << " lists no flags\n" << r.out;
    }
  }
  // Help works before a subcommand's required arguments and without an ops dir.
  auto h = hc({"incident", "resolve", "--help"}, {{"HYPERCARE_OPS", ""}}, {}, root);
  EXPECT_EXIT_CODE(h, 0);
  EXPECT_NE(h.out.find("--root-cause"), std::string::npos);
}

TEST_F(CliMisc, Version) {
  auto r = hc({"--version"});
  EXPECT_EXIT_CODE(r, 0);
  EXPECT_TRUE(std::regex_match(r.out, std::regex("hypercare \\d+\\.\\d+\\.\\d+\n"))) << r.describe();
  EXPECT_EQ(r.err, "");
}

// libcurl and its thirty-odd dependencies cost ~15 ms of start-up: only commands that speak HTTP
// load it (http/libcurl.cpp). The dynamic loader says what it opens under LD_DEBUG=files.
TEST_F(CliMisc, CommandsWithoutHttpDoNotLoadLibcurl) {
  init_ops(true);
  auto id = new_incident("Starts fast", "P3");
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--version"}, {"incident", "note", id, "-m", "still fast"}, {"incident", "list"}, {"status"}}) {
    auto r = hc(args, {{"LD_DEBUG", "files"}});
    EXPECT_EXIT_CODE(r, 0);
    EXPECT_NE(r.err.find("libstdc++"), std::string::npos) << "LD_DEBUG had no effect: " << r.describe();
    EXPECT_EQ(r.err.find("libcurl"), std::string::npos) << args[0] << ": " << r.describe();
  }
}

TEST_F(CliMisc, CompletionScripts) {
  for (const char* shell : {"bash", "zsh", "fish"}) {
    auto r = hc({"completion", shell});
    EXPECT_EXIT_CODE(r, 0) << shell;
    EXPECT_NE(r.out.find("__complete"), std::string::npos) << shell;
  }
  EXPECT_EXIT_CODE(hc({"completion", "powershell"}), 64);
}

TEST_F(CliMisc, ColourOnlyWhenWanted) {
  init_ops(false);
  new_incident("Colourless", "P1");
  for (const Env& e : {Env{}, Env{{"NO_COLOR", ""}, {"TERM", "xterm-256color"}}}) {
    auto r = hc({"incident", "list"}, e);  // stdout is a pipe, not a TTY
    EXPECT_EXIT_CODE(r, 0);
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  }
  auto flag = hc({"--no-color", "status"}, {{"NO_COLOR", ""}});
  EXPECT_EXIT_CODE(flag, 0);
  EXPECT_EQ(flag.out.find('\x1b'), std::string::npos);
}

TEST_F(CliMisc, OpsDirIsFoundFromASubdirectoryAndWithDashC) {
  init_ops(false);
  fs::create_directories(ops / "incidents" / "deep");
  auto r = hc({"status", "--json"}, {{"HYPERCARE_OPS", ""}}, {}, ops / "incidents" / "deep");
  EXPECT_EXIT_CODE(r, 0);
  auto c = hc({"-C", ops.string(), "status", "--json"}, {{"HYPERCARE_OPS", ""}});
  EXPECT_EXIT_CODE(c, 0);
  auto after = hc({"status", "--json", "-C", ops.string()}, {{"HYPERCARE_OPS", ""}});
  EXPECT_EXIT_CODE(after, 0);
  EXPECT_EQ(r.out, c.out);
  EXPECT_EQ(c.out, after.out);
}

}  // namespace
