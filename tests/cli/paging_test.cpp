// Paging people by name (issue 16, first part): a Slack message mentions the incident's assignee
// by the Slack member id the rota gives them; a PagerDuty event carries the assignee and the
// escalation level; a `slack` that is not a member id is a configuration error.
#include "notify_helpers.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

class Paging : public NotifyCliTest {
 protected:
  void SetUp() override { init_ops(false); }
  // Gives `member` a `slack = ID` line in rota.toml, after their email.
  void give_slack(const std::string& member, const std::string& id) const {
    auto rota = slurp(ops / "rota.toml");
    std::string email = fmt::format("email = \"{}@example.com\"\n", member);
    auto at = rota.find(email);
    ASSERT_NE(at, std::string::npos) << email;
    rota.insert(at + email.size(), fmt::format("slack = \"{}\"\n", id));
    spit(ops / "rota.toml", rota);
  }
};

TEST_F(Paging, SlackMentionsTheAssigneeAndPagerDutyCarriesTheEscalationLevel) {
  give_slack("dev1", "U0DEV1ABCD");
  FakeEndpoint fake;
  fake.respond_with([](const Received& r) { return r.path == "/v2/enqueue" ? pd_accepted() : answer(200, "ok"); });
  configure(slack_channel() + pagerduty_channel(fake.url("/v2/enqueue")));
  point_at(fake);
  auto r = hc({"incident", "new", "Checkout <!channel> broken", "-p", "P1", "--assign", "dev1"});
  ASSERT_EXIT_CODE(r, 0);
  ASSERT_TRUE(fake.wait_for(2, std::chrono::seconds(5)));
  json slack, pd;
  for (const auto& req : fake.received()) (req.path == "/v2/enqueue" ? pd : slack) = json::parse(req.body, nullptr, false);
  ASSERT_TRUE(slack.is_object());
  EXPECT_NE(slack["text"].get<std::string>().find("<@U0DEV1ABCD>"), std::string::npos) << slack.dump();
  EXPECT_NE(slack["blocks"][0]["text"]["text"].get<std::string>().find("for <@U0DEV1ABCD>"), std::string::npos) << slack.dump();
  EXPECT_EQ(slack["text"].get<std::string>().find("<!channel>"), std::string::npos) << "a title never pings anyone";
  ASSERT_TRUE(pd.is_object());
  EXPECT_EQ(pd["payload"]["custom_details"]["assignee"], "dev1") << pd.dump();
  EXPECT_EQ(pd["payload"]["custom_details"]["escalation_level"], 0) << pd.dump();

  // Someone without a member id is not mentioned; nothing else changes.
  ASSERT_EXIT_CODE(hc({"incident", "new", "Reports slow", "-p", "P3", "--assign", "dev2"}), 0);
  ASSERT_TRUE(fake.wait_for(3, std::chrono::seconds(5)));
  auto last = json::parse(fake.received().back().body, nullptr, false);
  EXPECT_EQ(last["text"].get<std::string>().find("<@"), std::string::npos) << last.dump();
}

TEST_F(Paging, ASlackThatIsNotAMemberIdIsAConfigError) {
  give_slack("dev2", "@dev2");
  auto r = hc({"rota", "now"});
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find("rota.toml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(".slack: '@dev2' is not a Slack member id"), std::string::npos) << r.err;
}

}  // namespace
