// The terminal (issue 17): "did you mean" names the mistyped word, not the value of an option
// before it, and knows the commands' aliases; TERM=dumb gets plain lines, never redrawn progress.
#include "harness.hpp"
#include "hypercare/render/table.hpp"

namespace {

using namespace hctest;

class Terminal : public CliTest {
 protected:
  void SetUp() override { init_ops(false); }
};

TEST_F(Terminal, DidYouMeanSkipsTheValuesOfOptions) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"-C", ops.string(), "incdent", "list"},
           {"--as", "dev2", "incdent", "list"},
           {"--tz", "UTC", "incdent", "list"},
           {"--tz=UTC", "incdent"}}) {
    auto r = hc(args);
    EXPECT_EXIT_CODE(r, 64);
    EXPECT_NE(r.err.find("unknown command 'incdent'"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("did you mean: hypercare incident?"), std::string::npos) << r.describe();
  }
  auto r = hc({"-C", ops.string(), "incident", "lsit"});
  EXPECT_EXIT_CODE(r, 64);
  EXPECT_NE(r.err.find("unknown command 'incident lsit'"), std::string::npos) << r.describe();
}

TEST_F(Terminal, AnAliasIsACommandNotATypo) {
  auto r = hc({"incident", "ls", "--bogus"});
  EXPECT_EXIT_CODE(r, 64);
  EXPECT_NE(r.err.find("unknown option --bogus"), std::string::npos) << r.describe();
  EXPECT_EQ(r.err.find("unknown command"), std::string::npos) << r.describe();
}

TEST_F(Terminal, ADumbTerminalGetsNoRedrawnProgress) {
  spit(ops / "checks.toml", "[[check]]\nname = \"one\"\nkind = \"command\"\ncommand = \"true\"\n"
                            "[[check]]\nname = \"two\"\nkind = \"command\"\ncommand = \"true\"\n");
  auto with = [&](const std::string& term) {
    Env e = env;
    e["TERM"] = term;
    return run_on_tty({bin(), "--no-notify", "health-check", "run"}, e, ops);
  };
  auto smart = with("xterm");
  EXPECT_EQ(smart.exit, 0) << smart.out;
  EXPECT_NE(smart.out.find("running checks: 2/2\r\x1b[K"), std::string::npos) << "a terminal that can redraw gets the progress line";
  auto dumb = with("dumb");
  EXPECT_EQ(dumb.exit, 0) << dumb.out;
  EXPECT_EQ(dumb.out.find("\x1b[K"), std::string::npos) << dumb.out;
  EXPECT_EQ(dumb.out.find("running checks:"), std::string::npos) << dumb.out;
}

TEST_F(Terminal, RotaNowShowsTimesInTzAndRefusesAnUnknownZone) {
  Env at{{"HYPERCARE_NOW", "2026-11-27T03:00:00Z"}};
  auto ist = hc({"rota", "now"}, at);
  EXPECT_EXIT_CODE(ist, 0);
  EXPECT_NE(ist.out.find("On call at Fri 2026-11-27 08:30 IST"), std::string::npos) << ist.out;
  auto utc = hc({"--tz", "UTC", "rota", "now"}, at);
  EXPECT_EXIT_CODE(utc, 0);
  EXPECT_NE(utc.out.find("On call at Fri 2026-11-27 03:00 UTC"), std::string::npos) << utc.out;
  EXPECT_NE(utc.out.find("until 08:30 UTC"), std::string::npos) << utc.out;
  auto mars = hc({"--tz", "Mars/Base", "rota", "now"}, at);
  EXPECT_EXIT_CODE(mars, 64);
  EXPECT_NE(mars.err.find("--tz:"), std::string::npos) << mars.describe();
}

TEST_F(Terminal, TimesInMessagesAreInTheTeamZone) {
  auto id = new_incident("DB down", "P2", {}, {{"HYPERCARE_NOW", "2026-11-23T02:08:00Z"}});
  ASSERT_EXIT_CODE(hc({"incident", "ack", id}, {{"HYPERCARE_NOW", "2026-11-23T02:08:00Z"}}), 0);
  auto again = hc({"incident", "ack", id}, {{"HYPERCARE_NOW", "2026-11-23T02:10:00Z"}});
  EXPECT_EXIT_CODE(again, 0);
  EXPECT_NE(again.out.find("at 2026-11-23 07:38 IST"), std::string::npos) << again.describe();
  ASSERT_EXIT_CODE(hc({"incident", "resolve", id, "--root-cause", "disk", "--resolution", "grew it"},
                      {{"HYPERCARE_NOW", "2026-11-23T03:00:00Z"}}),
                   0);
  auto late = hc({"incident", "ack", id}, {{"HYPERCARE_NOW", "2026-11-23T03:10:00Z"}});
  EXPECT_EXIT_CODE(late, 65);
  EXPECT_NE(late.err.find("is resolved at 2026-11-23 08:30 IST"), std::string::npos) << late.describe();
}

TEST_F(Terminal, TablesFitTheTerminalByCuttingTitlesAndPipesGetWholeLines) {
  Env at{{"HYPERCARE_NOW", "2026-11-27T03:00:00Z"}};
  std::string wide = "数据库连接池耗尽导致结账服务在高峰期间持续返回五百错误";  // 27 wide characters: 54 columns
  std::string latin = "Checkout returns HTTP 500 for every order placed through the mobile app since the deploy";
  new_incident(wide, "P1", {}, at);
  new_incident(latin, "P2", {}, at);
  auto max_width = [](const std::string& out) {
    std::size_t w = 0;
    for (const auto& line : split_lines(out)) w = std::max(w, hypercare::render::display_width(line));
    return w;
  };
  // On a 60-column terminal (COLUMNS: the pseudo-terminal reports no size).
  Env e = env;
  e["COLUMNS"] = "60";
  e["HYPERCARE_NOW"] = "2026-11-27T03:00:00Z";
  e["NO_COLOR"] = "1";
  auto tty = run_on_tty({bin(), "incident", "list"}, e, ops);
  ASSERT_EQ(tty.exit, 0) << tty.out;
  EXPECT_LE(max_width(tty.out), 60u) << tty.out;
  EXPECT_NE(tty.out.find("…"), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("数据库"), std::string::npos) << "the title is cut, not dropped: " << tty.out;
  // Piped: whole lines, for scripts; --width cuts them anyway.
  auto piped = hc({"incident", "list"}, at);
  EXPECT_NE(piped.out.find(wide), std::string::npos) << piped.out;
  EXPECT_NE(piped.out.find(latin), std::string::npos) << piped.out;
  auto cut = hc({"--width", "60", "incident", "list"}, at);
  EXPECT_LE(max_width(cut.out), 60u) << cut.out;
  EXPECT_EQ(cut.out.find(latin), std::string::npos) << cut.out;
  auto status = hc({"--width", "60", "status"}, at);
  EXPECT_NE(status.out.find("Checkout re"), std::string::npos) << status.out;
  for (const auto& line : split_lines(status.out))
    if (line.find("INC-") == 0) {
      EXPECT_LE(hypercare::render::display_width(line), 60u) << line;
    }
}

TEST_F(Terminal, SubcommandHelpListsTheInheritedGlobalOptions) {
  auto r = hc({"status", "--help"});
  EXPECT_EXIT_CODE(r, 0);
  auto at = r.out.find("INHERITED OPTIONS");
  ASSERT_NE(at, std::string::npos) << r.out;
  for (const char* flag : {"-C, --ops DIR", "--json", "--tz ZONE", "--width N", "--as NAME", "--no-notify"})
    EXPECT_NE(r.out.find(flag, at), std::string::npos) << flag << "\n" << r.out;
  EXPECT_EQ(r.out.find("--version", at), std::string::npos) << r.out;
  auto deep = hc({"incident", "ack", "--help"});
  EXPECT_NE(deep.out.find("INHERITED OPTIONS"), std::string::npos) << deep.out;
  EXPECT_EQ(hc({"--help"}).out.find("INHERITED OPTIONS"), std::string::npos) << "the top level has them as its own";
}

}  // namespace
