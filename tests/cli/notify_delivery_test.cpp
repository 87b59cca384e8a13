// End to end, per answer a service can give: 200 ok / 202 delivered at once; 400 dead-lettered at
// once with the service's words; 429 retried when Retry-After says (capped); 500 retried; a
// stalled endpoint cannot hold a command past its timeout; a refused connection is retried. Slack
// is never re-posted once the request may have been accepted. The user's change always stands:
// exit 0 and one warning line. `notify flush` exits 69 while something still fails, 0 when done.
#include <signal.h>
#include <sys/wait.h>

#include "notify_helpers.hpp"

namespace {

using namespace hctest;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using CliNotify = NotifyCliTest;

TEST_F(CliNotify, PagerDuty202IsDeliveredAtOnceAndLogged) {
  init_ops(false);
  FakeEndpoint pd;
  pd.fallback(pd_accepted());
  configure(pagerduty_channel(pd.url("/v2/enqueue")));
  point_at(pd);
  auto r = hc({"incident", "new", "Payments API down", "-p", "P1"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_EQ(r.err, "") << "nothing to warn about";
  ASSERT_EQ(pd.count(), 1u);
  auto req = pd.received()[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, "/v2/enqueue");
  EXPECT_EQ(req.headers["content-type"], "application/json");
  EXPECT_TRUE(req.headers["user-agent"].starts_with("hypercare/")) << req.headers["user-agent"];
  EXPECT_EQ(outbox(), nlohmann::json::array());
  auto log = sent_log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["channel"], "pagerduty");
  EXPECT_EQ(log[0]["event"], "incident.created");
  EXPECT_EQ(log[0]["status"], 202);
  EXPECT_EQ(log[0]["attempts"], 1);
  EXPECT_EQ(log[0]["delivered_at"], k_now);
  EXPECT_TRUE(outbox_files().empty());
}

TEST_F(CliNotify, Slack200OkIsDeliveredToTheSecretUrl) {
  init_ops(false);
  FakeEndpoint slack;  // default answer: 200 "ok"
  configure(slack_channel());
  point_at(slack);
  auto id = new_incident("Checkout slow", "P3");
  ASSERT_EQ(slack.count(), 1u);
  auto req = slack.received()[0];
  EXPECT_EQ(req.path, k_slack_path);
  auto body = nlohmann::json::parse(req.body);
  EXPECT_NE(body["text"].get<std::string>().find(id), std::string::npos) << body.dump();
  EXPECT_TRUE(body["blocks"].is_array());
  EXPECT_EQ(body["attachments"][0]["color"], "#ECB22E");
  EXPECT_EQ(outbox(), nlohmann::json::array());
}

TEST_F(CliNotify, A400IsDeadLetteredAtOnceWithTheServiceText) {
  init_ops(false);
  FakeEndpoint pd;
  pd.script({answer(400, R"({"status":"invalid event","message":"Event object is invalid",)"
                         R"J("errors":["Length of 'routing_key' is incorrect (should be 32 characters)"]})J")});
  pd.fallback(pd_accepted());
  configure(pagerduty_channel(pd.url("/v2/enqueue")));
  point_at(pd);
  auto r = hc({"incident", "new", "Payments API down", "-p", "P1", "--json"});
  ASSERT_EXIT_CODE(r, 0);
  auto id = nlohmann::json::parse(r.out)["id"].get<std::string>();
  EXPECT_EQ(show(id)["title"], "Payments API down") << "the incident is recorded whatever PagerDuty says";
  auto lines = err_lines(r);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_NE(lines[0].find("1 notification failed for good"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("Length of 'routing_key' is incorrect"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("the change itself is saved"), std::string::npos) << lines[0];

  auto failed = outbox(true);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["state"], "dead");
  EXPECT_EQ(failed[0]["attempts"], 1);
  EXPECT_EQ(failed[0]["last_status"], 400);
  EXPECT_EQ(failed[0]["last_error"], "rejected with HTTP 400: Event object is invalid: Length of 'routing_key' is "
                                     "incorrect (should be 32 characters)");
  EXPECT_TRUE(failed[0]["next_attempt_at"].is_null());
  // The human view shows the service's own words too.
  auto list = hc({"notify", "list", "--failed"});
  ASSERT_EXIT_CODE(list, 0);
  EXPECT_NE(list.out.find("dead"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("Length of 'routing_key' is incorrect (should be 32 characters)"), std::string::npos)
      << list.out;
  EXPECT_NE(list.out.find("notify flush --all"), std::string::npos) << list.out;

  // Not retried by a plain flush, which still reports the failure.
  auto flush = hc({"notify", "flush"});
  EXPECT_EXIT_CODE(flush, 69);
  EXPECT_NE(flush.err.find("1 notification is still failing"), std::string::npos) << flush.err;
  EXPECT_NE(flush.err.find("hint: hypercare notify list --failed"), std::string::npos) << flush.err;
  // It says what is left and how to retry or drop it, not that the outbox is empty.
  EXPECT_EQ(flush.out.find("empty"), std::string::npos) << flush.out;
  EXPECT_NE(flush.out.find("1 dead-lettered notification will not be retried"), std::string::npos) << flush.out;
  EXPECT_NE(flush.out.find("`hypercare notify flush --all` tries them again, `hypercare notify drop --dead` drops them"),
            std::string::npos) << flush.out;
  EXPECT_EQ(pd.count(), 1u);
  // After the fix, a person sends it again.
  auto again = hc({"notify", "flush", "--all"});
  EXPECT_EXIT_CODE(again, 0);
  EXPECT_EQ(pd.count(), 2u);
  EXPECT_EQ(outbox(), nlohmann::json::array());
}

TEST_F(CliNotify, SlackRejectionsAreDeadWithSlacksPlainString) {
  init_ops(false);
  FakeEndpoint slack;
  slack.fallback(answer(404, "channel_not_found"));
  configure(slack_channel());
  point_at(slack);
  auto r = hc({"incident", "new", "Checkout slow", "-p", "P3"});
  ASSERT_EXIT_CODE(r, 0);
  ASSERT_EQ(err_lines(r).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("channel_not_found"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hypercare notify test hypercare-slack"), std::string::npos) << "the fix as hint: " << r.err;
  auto failed = outbox(true);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["last_error"], "rejected with HTTP 404: channel_not_found");
  EXPECT_EQ(slack.count(), 1u);
}

TEST_F(CliNotify, A429IsRetriedWhenRetryAfterSays) {
  init_ops(false);
  FakeEndpoint pd;
  pd.script({answer(429, R"({"status":"throttle event","message":"Requests for this service are arriving too quickly."})",
                    {{"Retry-After", "120"}})});
  pd.fallback(pd_accepted());
  configure(pagerduty_channel(pd.url("/v2/enqueue")));
  point_at(pd);
  auto r = hc({"incident", "new", "Payments API down", "-p", "P1"});
  ASSERT_EXIT_CODE(r, 0);
  ASSERT_EQ(err_lines(r).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("not delivered yet"), std::string::npos) << r.err;
  auto q = outbox();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0]["state"], "queued");
  EXPECT_EQ(q[0]["last_status"], 429);
  EXPECT_EQ(q[0]["attempts"], 1);
  EXPECT_EQ(q[0]["next_attempt_at"], "2026-11-27T03:02:00Z") << "Retry-After: 120 from 03:00:00";
  EXPECT_EQ(q[0]["last_error"], "HTTP 429 Requests for this service are arriving too quickly.");

  // Before the time: nothing is sent, and flush says something is still failing.
  for (const char* now : {"2026-11-27T03:00:30Z", "2026-11-27T03:01:59Z"}) {
    auto early = hc({"notify", "flush"}, {{"HYPERCARE_NOW", now}});
    EXPECT_EXIT_CODE(early, 69);
    EXPECT_NE(early.out.find("Nothing is due"), std::string::npos) << early.out;
  }
  EXPECT_EQ(pd.count(), 1u);
  // At the time: sent, and everything is delivered.
  auto due = hc({"notify", "flush"}, {{"HYPERCARE_NOW", "2026-11-27T03:02:00Z"}});
  EXPECT_EXIT_CODE(due, 0);
  EXPECT_NE(due.out.find("1 delivered, 0 to retry, 0 dead-lettered"), std::string::npos) << due.out;
  ASSERT_EQ(pd.count(), 2u);
  EXPECT_EQ(pd.received()[0].body, pd.received()[1].body) << "the retry sends the same event";
  auto log = sent_log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["attempts"], 2);
}

TEST_F(CliNotify, ALongRetryAfterIsCapped) {
  init_ops(false);
  FakeEndpoint slack;
  slack.script({answer(429, "rate_limited", {{"Retry-After", "86400"}})});
  configure("\n[notify]\nmax_retry_after = \"5m\"\n" + slack_channel());
  point_at(slack);
  ASSERT_EXIT_CODE(hc({"incident", "new", "Checkout slow", "-p", "P3"}), 0);
  auto q = outbox();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0]["next_attempt_at"], "2026-11-27T03:05:00Z") << "a day-long Retry-After waits [notify] max_retry_after";
}

TEST_F(CliNotify, A500IsRetriedWithBackoff) {
  init_ops(false);
  FakeEndpoint hook;
  hook.script({answer(500, "Internal Server Error")});
  hook.fallback(answer(204, ""));
  configure(webhook_channel());
  point_at(hook);
  auto r = hc({"incident", "new", "Checkout slow", "-p", "P3"});
  ASSERT_EXIT_CODE(r, 0);
  ASSERT_EQ(err_lines(r).size(), 1u) << r.err;
  auto q = outbox();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0]["last_status"], 500);
  EXPECT_EQ(q[0]["last_error"], "HTTP 500 Internal Server Error");
  auto next = q[0]["next_attempt_at"].get<std::string>();
  EXPECT_GT(next, std::string(k_now));
  EXPECT_LE(next, "2026-11-27T03:00:30Z") << "the first retry within [notify] retry_base (30 s)";
  auto flush = hc({"notify", "flush", "--all"});
  EXPECT_EXIT_CODE(flush, 0);
  EXPECT_EQ(hook.count(), 2u);
  EXPECT_EQ(outbox(), nlohmann::json::array());
}

TEST_F(CliNotify, AStalledEndpointCannotHoldACommandPastItsTimeout) {
  init_ops(false);
  FakeEndpoint pd, hook;
  pd.fallback(stall());
  hook.fallback(stall());
  // Two stalled channels: the whole delivery has one budget (the largest channel timeout).
  configure(pagerduty_channel(pd.url("/v2/enqueue"), "timeout = \"2s\"\n") + webhook_channel("timeout = \"2s\"\n"));
  point_at(hook);
  auto start = Clock::now();
  auto r = hc({"incident", "new", "Payments API down", "-p", "P1", "--json"});
  double took = seconds_since(start);
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_GE(took, 1.9) << "it did wait for the endpoint";
  EXPECT_LT(took, 2.0 + 2.5) << "timeout 2 s plus a margin for the process itself";
  auto id = nlohmann::json::parse(r.out)["id"].get<std::string>();
  EXPECT_EQ(show(id)["priority"], "P1");
  auto lines = err_lines(r);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  // Under --json a warning is a JSON line on stderr, like an error.
  auto w = nlohmann::json::parse(lines[0], nullptr, false);
  ASSERT_TRUE(w.is_object()) << lines[0];
  EXPECT_TRUE(w["warning"].get<std::string>().starts_with("2 notifications not delivered yet")) << lines[0];
  EXPECT_NE(lines[0].find("timed out"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("hypercare notify flush"), std::string::npos) << lines[0];
  // Both stay queued; PagerDuty deduplicates, so its trigger is retried.
  auto q = outbox();
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0]["channel"], "pagerduty");
  EXPECT_EQ(q[0]["attempts"], 1);
  EXPECT_EQ(q[1]["state"], "queued");

  // The same bound for any later change and for flush.
  start = Clock::now();
  ASSERT_EXIT_CODE(hc({"incident", "ack", id}), 0);
  EXPECT_LT(seconds_since(start), 2.0 + 2.5);
}

TEST_F(CliNotify, SlackIsNotRepostedWhenItMayHaveAcceptedTheMessage) {
  init_ops(false);
  FakeEndpoint slack;
  slack.fallback(stall());  // reads the whole request, never answers
  configure(slack_channel("timeout = \"2s\"\n"));
  point_at(slack);
  auto start = Clock::now();
  auto r = hc({"incident", "new", "Checkout slow", "-p", "P3"});
  EXPECT_LT(seconds_since(start), 2.0 + 2.5);
  ASSERT_EXIT_CODE(r, 0);
  ASSERT_EQ(err_lines(r).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("failed for good"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Slack may have posted it"), std::string::npos) << r.err;
  auto failed = outbox(true);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["state"], "dead");
  // Neither flush nor time sends it again: only a person's --all would.
  slack.fallback(answer(200, "ok"));
  EXPECT_EXIT_CODE(hc({"notify", "flush"}, {{"HYPERCARE_NOW", "2026-11-28T03:00:00Z"}}), 69);
  EXPECT_EQ(slack.count(), 1u);
}

TEST_F(CliNotify, SlackKilledMidRequestIsNotRepostedByTheNextSender) {
  init_ops(false);
  FakeEndpoint slack;
  slack.fallback(answer(503, "service_unavailable"));
  configure(slack_channel("timeout = \"30s\"\n"));
  point_at(slack);
  ASSERT_EXIT_CODE(hc({"incident", "new", "Checkout slow", "-p", "P3"}), 0);  // queued after a 503
  ASSERT_EQ(slack.count(), 1u);
  slack.fallback(stall());
  pid_t pid = spawn({bin(), "notify", "flush", "--all"}, env, root);
  ASSERT_TRUE(slack.wait_for(2, 20s)) << "the flush never sent";
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  slack.fallback(answer(200, "ok"));
  auto r = hc({"notify", "flush", "--all"});
  EXPECT_EXIT_CODE(r, 69);
  EXPECT_NE(r.out.find("Slack may have posted it"), std::string::npos) << r.describe();
  EXPECT_EQ(slack.count(), 2u) << "the message that may be in the channel is not posted twice";
  EXPECT_EQ(outbox(true).at(0)["state"], "dead");
}

TEST_F(CliNotify, ARefusedConnectionIsRetriedForSlackToo) {
  init_ops(false);
  FakeEndpoint slack;
  configure(slack_channel("timeout = \"2s\"\n"));
  point_at(slack);
  Env offline{{"HYPERCARE_SLACK_WEBHOOK", fmt::format("http://127.0.0.1:{}{}", refused_port(), k_slack_path)}};
  auto r = hc({"incident", "new", "Checkout slow", "-p", "P3"}, offline);
  ASSERT_EXIT_CODE(r, 0);
  ASSERT_EQ(err_lines(r).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("not delivered yet"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Couldn't connect to server"), std::string::npos) << r.err;
  auto q = outbox(false, offline);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0]["state"], "queued");
  EXPECT_TRUE(q[0]["last_status"].is_null());
  // Still offline: flush exits 69.
  EXPECT_EXIT_CODE(hc({"notify", "flush", "--all"}, offline), 69);
  // Back: delivered once, and flush exits 0.
  auto back = hc({"notify", "flush", "--all"});
  EXPECT_EXIT_CODE(back, 0);
  EXPECT_EQ(slack.count(), 1u);
  EXPECT_EQ(outbox(), nlohmann::json::array());
  auto again = hc({"notify", "flush", "--all"});
  EXPECT_EXIT_CODE(again, 0);
  EXPECT_NE(again.out.find("The outbox is empty: every notification was delivered."), std::string::npos) << again.out;
}

TEST_F(CliNotify, FlushExitsSixtyNineUntilEverythingIsDelivered) {
  init_ops(false);
  FakeEndpoint pd;
  pd.fallback(answer(503, "Service Unavailable"));
  configure(pagerduty_channel(pd.url("/v2/enqueue")));
  point_at(pd);
  new_incident("one", "P1");
  new_incident("two", "P2");
  ASSERT_EQ(outbox().size(), 2u);
  auto still = hc({"notify", "flush", "--all", "--json"});
  EXPECT_EXIT_CODE(still, 69);
  auto j = nlohmann::json::parse(still.out);
  EXPECT_EQ(j["retrying"], 2);
  EXPECT_EQ(j["still_failing"], 2);
  EXPECT_EQ(j["notifications"][0]["status"], 503);
  EXPECT_EQ(j["notifications"][0]["result"], "retrying");
  pd.fallback(pd_accepted());
  auto done = hc({"notify", "flush", "--all", "--json"});
  EXPECT_EXIT_CODE(done, 0);
  j = nlohmann::json::parse(done.out);
  EXPECT_EQ(j["delivered"], 2);
  EXPECT_EQ(j["still_failing"], 0);
  EXPECT_EQ(outbox(), nlohmann::json::array());
}

TEST_F(CliNotify, AnUnreadableSecretsFileNeverFailsTheChangeButFailsFlushWith77) {
  init_ops(false);
  FakeEndpoint hook;
  configure(
      "\n[[notify.channel]]\nname = \"ops-webhook\"\nkind = \"webhook\"\nurl_secret = \"ops_webhook_url\"\nevents = [\"*\"]\n");
  write_secrets(fmt::format("ops_webhook_url = \"{}\"\n", hook.url(k_hook_path)), 0644);
  auto r = hc({"incident", "new", "Checkout slow", "-p", "P3"});
  ASSERT_EXIT_CODE(r, 0);
  auto lines = err_lines(r);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_NE(lines[0].find("readable by others"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("chmod 600"), std::string::npos) << lines[0];
  EXPECT_EQ(hook.count(), 0u);
  auto flush = hc({"notify", "flush"});
  EXPECT_EXIT_CODE(flush, 77);
  EXPECT_NE(flush.err.find("hint: chmod 600"), std::string::npos) << flush.err;
  EXPECT_EXIT_CODE(hc({"notify", "test", "ops-webhook"}), 77);
  EXPECT_EQ(hook.count(), 0u);
  // Fixed: the queued notification goes, counted as its first attempt.
  ::chmod((home / ".config" / "hypercare" / "secrets.toml").c_str(), 0600);
  EXPECT_EXIT_CODE(hc({"notify", "flush"}), 0);
  EXPECT_EQ(hook.count(), 1u);
  EXPECT_EQ(sent_log().at(0)["attempts"], 1);
}

TEST_F(CliNotify, AnUnsetVariableKeepsTheNotificationQueued) {
  init_ops(false);
  FakeEndpoint pd;
  pd.fallback(pd_accepted());
  configure(pagerduty_channel(pd.url("/v2/enqueue")));
  auto r = hc({"incident", "new", "Payments API down", "-p", "P1"});
  ASSERT_EXIT_CODE(r, 0);
  ASSERT_EQ(err_lines(r).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("HYPERCARE_PD_ROUTING_KEY is not set"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("export HYPERCARE_PD_ROUTING_KEY="), std::string::npos) << r.err;
  auto flush = hc({"notify", "flush"});
  EXPECT_EXIT_CODE(flush, 69);  // still failing; only an unsafe secrets file is a 77
  EXPECT_EQ(pd.count(), 0u);
  EXPECT_EXIT_CODE(hc({"notify", "flush"}, {{"HYPERCARE_PD_ROUTING_KEY", k_pd_key}}), 0);
  EXPECT_EQ(pd.count(), 1u);
}

}  // namespace
