// `incident list` filters and ordering: open ones most urgent first by default, everything
// newest first with --all, and every filter of CLI.md.
#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

class CliListFilters : public CliTest {
 protected:
  void SetUp() override {
    init_ops(false);
    auto when = [](const char* t) { return Env{{"HYPERCARE_NOW", t}}; };
    // A: P3 api, alice          created 01:30  (respond by 03:30)
    // B: P1 db                  created 02:00  (respond by 02:15: breached at 03:00)
    // C: P2 api, identified     created 02:30  acked 02:40
    // D: P4 web, resolved       created 00:30  resolved 02:45
    // E: P1 web, dev3            created 02:50  (respond by 03:05)
    a = new_incident("A slow search", "P3", {"-c", "api", "--assign", "lead"}, when("2026-11-27T01:30:00Z"));
    b = new_incident("B database down", "P1", {"-c", "db"}, when("2026-11-27T02:00:00Z"));
    c = new_incident("C payments flaky", "P2", {"-c", "api"}, when("2026-11-27T02:30:00Z"));
    d = new_incident("D typo on page", "P4", {"-c", "web"}, when("2026-11-27T00:30:00Z"));
    e = new_incident("E site down", "P1", {"-c", "web", "--assign", "dev3"}, when("2026-11-27T02:50:00Z"));
    ASSERT_EXIT_CODE(hc({"incident", "ack", c}, when("2026-11-27T02:40:00Z")), 0);
    ASSERT_EXIT_CODE(hc({"incident", "status", c, "identified", "-m", "found"}, when("2026-11-27T02:41:00Z")), 0);
    ASSERT_EXIT_CODE(hc({"incident", "resolve", d, "--root-cause", "x", "--resolution", "y"},
                        when("2026-11-27T02:45:00Z")),
                     0);
  }

  std::vector<std::string> ids(std::vector<std::string> args, const Env& extra = {}) {
    args.insert(args.begin(), {"incident", "list", "--json"});
    auto r = hc(args, extra);
    EXPECT_EXIT_CODE(r, 0);
    std::vector<std::string> out;
    auto j = json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_array()) << r.describe();
    if (j.is_array())
      for (const auto& inc : j) out.push_back(inc["id"].get<std::string>());
    return out;
  }
  using V = std::vector<std::string>;

  std::string a, b, c, d, e;
};

TEST_F(CliListFilters, DefaultIsOpenMostUrgentFirst) {
  EXPECT_EQ(ids({}), (V{b, e, c, a}));
  auto human = hc({"incident", "list"});
  ASSERT_EXIT_CODE(human, 0);
  auto pos = [&](const std::string& id) { return human.out.find(id); };
  EXPECT_NE(human.out.find("ID"), std::string::npos);
  EXPECT_LT(pos(b), pos(e));
  EXPECT_LT(pos(e), pos(c));
  EXPECT_LT(pos(c), pos(a));
  EXPECT_EQ(pos(d), std::string::npos);
  EXPECT_EQ(human.out.find('\x1b'), std::string::npos);
  // `ls` is an alias.
  auto ls = hc({"incident", "ls"});
  EXPECT_EXIT_CODE(ls, 0);
  EXPECT_EQ(ls.out, human.out);
}

TEST_F(CliListFilters, AllIsNewestFirstIncludingResolved) {
  EXPECT_EQ(ids({"--all"}), (V{e, c, b, a, d}));
  EXPECT_EQ(ids({"-a"}), (V{e, c, b, a, d}));
}

TEST_F(CliListFilters, StatusPriorityComponent) {
  EXPECT_EQ(ids({"--status", "investigating,identified"}), (V{c}));
  EXPECT_EQ(ids({"--status", "resolved"}), (V{d}));
  EXPECT_EQ(ids({"--status", "open"}), (V{e, b, a}));
  EXPECT_EQ(ids({"-p", "P1,P2"}), (V{b, e, c}));
  EXPECT_EQ(ids({"-p", "P1", "-p", "P4"}), (V{b, e}));
  EXPECT_EQ(ids({"-p", "P4", "--all"}), (V{d}));
  EXPECT_EQ(ids({"-c", "api"}), (V{c, a}));
  EXPECT_EQ(ids({"-c", "API"}), (V{c, a}));
  EXPECT_EQ(ids({"-c", "web,db", "--all"}), (V{e, b, d}));
  EXPECT_EQ(ids({"-c", "nothing"}), V{});
}

TEST_F(CliListFilters, SinceUntilAssigneeLimitBreached) {
  EXPECT_EQ(ids({"--since", "2026-11-27T02:00:00Z", "--all"}), (V{e, c, b}));
  EXPECT_EQ(ids({"--until", "2026-11-27T02:00:00Z", "--all"}), (V{a, d}));  // until is exclusive
  EXPECT_EQ(ids({"--since", "2026-11-27T01:00:00Z", "--until", "2026-11-27T02:31:00Z", "--all"}), (V{c, b, a}));
  // Bare dates are days in the team zone (Asia/Kolkata, +05:30); --until includes that day.
  EXPECT_EQ(ids({"--since", "2026-11-27", "--all"}).size(), 5u);
  EXPECT_EQ(ids({"--until", "2026-11-27", "--all"}).size(), 5u);
  EXPECT_EQ(ids({"--until", "2026-11-26", "--all"}), V{});
  // Team-zone wall time: 08:00 IST = 02:30Z.
  EXPECT_EQ(ids({"--since", "2026-11-27 08:00", "--all"}), (V{e, c}));

  EXPECT_EQ(ids({"--assignee", "lead"}), (V{a}));
  EXPECT_EQ(ids({"--assignee", "LEAD"}), (V{a}));
  EXPECT_EQ(ids({"--assignee", "me"}, {{"HYPERCARE_USER", "dev3"}}), (V{e}));
  EXPECT_EQ(ids({"--assignee", "me", "--as", "lead"}), (V{a}));

  EXPECT_EQ(ids({"--limit", "2"}), (V{b, e}));
  EXPECT_EQ(ids({"--all", "--limit", "2"}), (V{e, c}));
  EXPECT_EQ(ids({"--limit", "0"}), (V{b, e, c, a}));

  EXPECT_EQ(ids({"--breached"}), (V{b}));
  EXPECT_EQ(ids({"--breached", "--all"}), (V{b}));
  EXPECT_EQ(ids({"--breached", "-p", "P2,P3,P4"}), V{});

  auto bad = hc({"incident", "list", "--since", "last tuesday"});
  EXPECT_EXIT_CODE(bad, 64);
  EXPECT_NE(bad.err.find("--since"), std::string::npos) << bad.describe();
  EXPECT_EXIT_CODE(hc({"incident", "list", "--limit", "-1"}), 64);
  EXPECT_EXIT_CODE(hc({"incident", "list", "--limit", "many"}), 64);
}

}  // namespace
