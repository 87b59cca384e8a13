// Messages that say what was wrong first: a bad value before a missing flag, our words for every
// value CLI11 cannot convert, "did you mean" for checklist items, and hints that name a member.
#include "harness.hpp"

namespace hctest {
namespace {

class Messages : public CliTest {};

TEST_F(Messages, ABadValueIsNamedBeforeAMissingMessage) {
  init_ops(false);
  auto id = new_incident("Disk filling", "P3");
  auto status = hc({"incident", "status", id, "resolvd"});
  EXPECT_EXIT_CODE(status, 64);
  EXPECT_NE(status.err.find("invalid status 'resolvd': use investigating, identified or monitoring"), std::string::npos)
      << status.err;
  EXPECT_NE(status.err.find("did you mean 'resolved'?"), std::string::npos) << status.err;
  EXPECT_EQ(status.err.find("--message"), std::string::npos) << status.err;
  auto priority = hc({"incident", "priority", id, "P7"});
  EXPECT_EXIT_CODE(priority, 64);
  EXPECT_NE(priority.err.find("invalid priority 'P7': use P1, P2, P3 or P4"), std::string::npos) << priority.err;
  EXPECT_EQ(priority.err.find("--message"), std::string::npos) << priority.err;
  // A good value still needs its message, and "resolved" still says how to resolve.
  EXPECT_NE(hc({"incident", "status", id, "monitoring"}).err.find("--message"), std::string::npos);
  auto resolved = hc({"incident", "status", id, "resolved", "-m", "done"});
  EXPECT_EXIT_CODE(resolved, 65);
  EXPECT_NE(resolved.err.find("incident resolve"), std::string::npos) << resolved.err;
}

TEST_F(Messages, ValuesThatAreNotNumbersAreNamedWithTheFlag) {
  init_ops(false);
  auto score = hc({"feedback", "add", "--score", "four"});
  EXPECT_EXIT_CODE(score, 64);
  EXPECT_NE(score.err.find("--score: 'four' is not a whole number (1 to 5"), std::string::npos) << score.err;
  EXPECT_EQ(score.err.find("Could not convert"), std::string::npos) << score.err;
  auto days = hc({"rota", "show", "--days", "x"});
  EXPECT_EXIT_CODE(days, 64);
  EXPECT_NE(days.err.find("--days: 'x' is not a whole number"), std::string::npos) << days.err;
  auto width = hc({"--width", "abc", "status"});
  EXPECT_EXIT_CODE(width, 64);
  EXPECT_NE(width.err.find("'abc' is not a whole number from 0 to 10000"), std::string::npos) << width.err;
  auto limit = hc({"notify", "list", "--sent", "--limit", "abc"});
  EXPECT_EXIT_CODE(limit, 64);
  EXPECT_NE(limit.err.find("'abc' is not a whole number of 0 or more"), std::string::npos) << limit.err;
  EXPECT_EQ(limit.err.find("179769"), std::string::npos) << limit.err;
}

TEST_F(Messages, HandoverAcceptSuggestsTheChecklistItemAndNamesAMember) {
  init_ops(true);
  auto made = hc({"handover", "new", "--from", "dev1", "--to", "dev2", "--json"});
  ASSERT_EXIT_CODE(made, 0);
  auto id = nlohmann::json::parse(made.out)["id"].get<std::string>();
  auto typo = hc({"handover", "accept", id, "--confirm", "contacts,acess"}, {{"HYPERCARE_USER", "dev2"}});
  EXPECT_EXIT_CODE(typo, 64);
  EXPECT_NE(typo.err.find("unknown checklist item 'acess' (did you mean 'access'?)"), std::string::npos) << typo.err;
  // Nobody names the actor (no HYPERCARE_USER, a git identity the rota does not know): the hint
  // names the member the handover is for, never "--as unknown" or git's display name.
  Env stranger = {{"HYPERCARE_USER", ""}, {"USER", "unknown"}, {"GIT_AUTHOR_NAME", ""}};
  auto r = hc({"handover", "accept"}, stranger);
  EXPECT_EXIT_CODE(r, 66);
  EXPECT_NE(r.err.find("HYPERCARE_USER=dev2 hypercare handover accept " + id), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("--as unknown"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Test Runner"), std::string::npos) << r.err;
  // A member accepting someone else's handover is offered to do it on their behalf.
  auto other = hc({"handover", "accept", id}, {{"HYPERCARE_USER", "dev3"}});
  EXPECT_EXIT_CODE(other, 64);
  EXPECT_NE(other.err.find("--as dev3 accepts it on dev2's behalf"), std::string::npos) << other.err;
}

}  // namespace
}  // namespace hctest
