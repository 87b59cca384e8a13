// Who is acting (issue 12, identity): the actor is a rota member wherever the rota can tell, and
// names given on the command line are checked against the rota.
#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;
class Identity : public CliTest {
 protected:
  json whoami(const Env& extra, const std::vector<std::string>& before = {}) const {
    std::vector<std::string> args = before;
    args.insert(args.end(), {"whoami", "--json"});
    auto r = hc(args, extra);
    EXPECT_EQ(r.exit, 0) << r.describe();
    return json::parse(r.out, nullptr, false);
  }
};

TEST_F(Identity, WhoamiSaysWhichRuleFoundTheActor) {
  init_ops(true);
  auto j = whoami({{"HYPERCARE_USER", "dev2"}});
  EXPECT_EQ(j["actor"], "dev2");
  EXPECT_EQ(j["source"], "HYPERCARE_USER");
  EXPECT_EQ(j["on_rota"], true);
  EXPECT_EQ(j["name"], "Dev 2");

  // No HYPERCARE_USER: git's user.email is dev1's email in rota.toml.
  ASSERT_EXIT_CODE(git({"config", "user.email", "DEV1@example.com"}), 0);
  j = whoami({{"HYPERCARE_USER", ""}});
  EXPECT_EQ(j["actor"], "dev1") << j;
  EXPECT_EQ(j["source"], "git user.email");

  // An email the rota does not know, a user.name it does ("Dev 3").
  ASSERT_EXIT_CODE(git({"config", "user.email", "someone@elsewhere.invalid"}), 0);
  ASSERT_EXIT_CODE(git({"config", "user.name", "Dev 3"}), 0);
  j = whoami({{"HYPERCARE_USER", ""}});
  EXPECT_EQ(j["actor"], "dev3") << j;
  EXPECT_EQ(j["source"], "git user.name");

  // Neither: $USER, who is not on the rota.
  ASSERT_EXIT_CODE(git({"config", "user.name", "Someone Else"}), 0);
  j = whoami({{"HYPERCARE_USER", ""}, {"USER", "ops-bot"}});
  EXPECT_EQ(j["actor"], "ops-bot");
  EXPECT_EQ(j["source"], "$USER");
  EXPECT_EQ(j["on_rota"], false);
  auto text = hc({"whoami"}, {{"HYPERCARE_USER", ""}, {"USER", "ops-bot"}});
  EXPECT_NE(text.out.find("not on the rota"), std::string::npos) << text.out;

  // --as with a member's name is that member.
  j = whoami({}, {"--as", "Dev 2"});
  EXPECT_EQ(j["actor"], "dev2");
  EXPECT_EQ(j["source"], "--as");
}

TEST_F(Identity, GitsIdentityIsEnoughForMeAndForAcceptingAHandover) {
  init_ops(true);
  ASSERT_EXIT_CODE(git({"config", "user.email", "dev1@example.com"}), 0);
  ASSERT_EXIT_CODE(git({"config", "user.name", "Dev One's Laptop"}), 0);
  const Env git_only{{"HYPERCARE_USER", ""}};
  auto id = new_incident("Mine by email", "P3", {"--assign", "me"}, git_only);
  EXPECT_EQ(show(id)["assignee"], "dev1");
  auto mine = hc({"incident", "list", "--assignee", "me", "--json"}, git_only);
  ASSERT_EXIT_CODE(mine, 0);
  EXPECT_EQ(json::parse(mine.out).size(), 1u) << mine.out;
  auto ho = hc({"handover", "new", "--from", "dev3", "--to", "dev1", "--json"}, git_only);
  ASSERT_EXIT_CODE(ho, 0);
  auto accepted = hc({"handover", "accept", "--all", "--json"}, git_only);
  EXPECT_EXIT_CODE(accepted, 0);
  EXPECT_EQ(json::parse(accepted.out, nullptr, false)["accepted_by"], "dev1") << accepted.out;
}

TEST_F(Identity, NamesTheRotaDoesNotKnowAreRefusedWithTheClosestOne) {
  init_ops(true);
  auto id = new_incident("Who?", "P3");
  const auto before = snapshot(ops);
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {{"--as", "dev9", "incident", "note", id, "-m", "x"}, "--as: 'dev9' is not on the rota"},
           {{"incident", "assign", id, "dev9"}, "assign: 'dev9' is not on the rota"},
           {{"incident", "new", "x", "-p", "P3", "--assign", "dve2"}, "did you mean dev2?"},
           {{"handover", "new", "--to", "dev9"}, "--to: 'dev9' is not on the rota"},
           {{"rota", "override", "dev9", "--from", "2026-11-28 10:00", "--to", "2026-11-28 12:00"},
            "override: 'dev9' is not on the rota"},
       }) {
    auto r = hc(c.args);
    EXPECT_EXIT_CODE(r, 64);
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  EXPECT_EQ(snapshot(ops), before) << "a refused command wrote";
  // A vendor engineer, said so explicitly.
  ASSERT_EXIT_CODE(hc({"incident", "assign", id, "vendor-anna", "--external"}), 0);
  EXPECT_EQ(show(id)["assignee"], "vendor-anna");
  ASSERT_EXIT_CODE(hc({"--as", "vendor-anna", "--external", "incident", "note", id, "-m", "looking"}), 0);
  EXPECT_EQ(show(id)["timeline"].back()["actor"], "vendor-anna");
}

TEST_F(Identity, AnActorIsOneShortPrintableLine) {
  init_ops(true);
  auto id = new_incident("Forged trailer", "P3");
  const auto before = snapshot(ops);
  const auto log_before = git({"log", "--format=%B"}).out;
  for (const std::string& name : {std::string("evil\nSigned-off-by: ceo"), std::string(5000, 'a'),
                                  std::string("bell\x07")}) {
    auto r = hc({"--as", name, "--external", "incident", "note", id, "-m", "x"});
    EXPECT_EXIT_CODE(r, 64);
  }
  auto env_forged = hc({"incident", "note", id, "-m", "x"}, {{"HYPERCARE_USER", "evil\nSigned-off-by: ceo"}});
  EXPECT_EXIT_CODE(env_forged, 64);
  EXPECT_EQ(snapshot(ops), before);
  EXPECT_EQ(git({"log", "--format=%B"}).out, log_before);
}

}  // namespace
