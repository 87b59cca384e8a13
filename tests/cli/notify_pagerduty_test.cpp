// End to end with PagerDuty Events v2 on loopback: the exact payloads of create (trigger), ack
// and resolve with dedup_key = the incident id; severity per priority; min_priority keeps P3 off
// a P2 channel; --no-notify queues nothing; `notify test` for each kind; a trigger queued while
// PagerDuty was unreachable goes before the ack of the same incident.
#include "notify_helpers.hpp"

namespace {

using namespace hctest;
using CliPagerDuty = NotifyCliTest;
using nlohmann::json;

TEST_F(CliPagerDuty, CreateAckAndResolveSendTheExactEventsV2Payloads) {
  init_ops(false);
  FakeEndpoint pd;
  pd.fallback(pd_accepted());
  configure(pagerduty_channel(pd.url("/v2/enqueue")));
  point_at(pd);
  auto id = new_incident("Payments API down", "P1",
                         {"-c", "api", "--impact", "checkout fails for every customer", "-d",
                          "502 from the upstream gateway", "--assign", "dev3"});
  ASSERT_EXIT_CODE(hc({"incident", "ack", id}, {{"HYPERCARE_NOW", "2026-11-27T03:05:00Z"}}), 0);
  ASSERT_EXIT_CODE(hc({"incident", "resolve", id, "--root-cause", "pool exhausted", "--resolution", "raised it"},
                      {{"HYPERCARE_NOW", "2026-11-27T04:00:00Z"}}),
                   0);
  auto got = bodies(pd);
  ASSERT_EQ(got.size(), 3u);
  json trigger = {{"routing_key", k_pd_key},
                  {"event_action", "trigger"},
                  {"dedup_key", id},
                  {"client", "hypercare"},
                  {"payload",
                   {{"summary", fmt::format("[P1] {}: Payments API down", id)},
                    {"source", "api"},
                    {"severity", "critical"},
                    {"timestamp", k_now},
                    {"class", "incident"},
                    {"component", "api"},
                    {"group", "Smart Dairy"},
                    {"custom_details",
                     {{"impact", "checkout fails for every customer"},
                      {"description", "502 from the upstream gateway"},
                      {"assignee", "dev3"},
                      {"status", "open"},
                      {"priority", "P1"},
                      {"escalation_level", 0}}}}}};
  EXPECT_EQ(got[0], trigger);
  EXPECT_EQ(got[1], (json{{"routing_key", k_pd_key}, {"event_action", "acknowledge"}, {"dedup_key", id}, {"client", "hypercare"}}));
  EXPECT_EQ(got[2], (json{{"routing_key", k_pd_key}, {"event_action", "resolve"}, {"dedup_key", id}, {"client", "hypercare"}}));
  for (const auto& r : pd.received()) EXPECT_EQ(r.path, "/v2/enqueue");
  // Schema limits.
  EXPECT_EQ(std::string(k_pd_key).size(), 32u);
  EXPECT_LE(got[0]["payload"]["summary"].get<std::string>().size(), 1024u);
  auto log = sent_log();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[2]["event"], "incident.resolved");
  EXPECT_EQ(log[2]["subject"], id);
}

TEST_F(CliPagerDuty, SeverityFollowsThePriorityAndTheLongestTitleFitsTheSummary) {
  init_ops(false);
  FakeEndpoint pd;
  pd.fallback(pd_accepted());
  configure(pagerduty_channel(pd.url("/v2/enqueue"), "min_priority = \"P4\"\n"));
  point_at(pd);
  std::string longest;
  for (int i = 0; i < 250; ++i) longest += "ж";  // 500 bytes: the most a title may have
  auto id = new_incident(longest, "P1");
  new_incident("b", "P2");
  new_incident("c", "P3");
  new_incident("d", "P4");
  auto got = bodies(pd);
  ASSERT_EQ(got.size(), 4u);
  const char* severities[] = {"critical", "error", "warning", "info"};
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(got[i]["payload"]["severity"], severities[i]) << i;
  std::string summary = got[0]["payload"]["summary"];
  EXPECT_EQ(summary, fmt::format("[P1] {}: {}", id, longest));
  EXPECT_LE(summary.size(), 1024u);
}

TEST_F(CliPagerDuty, AP3IncidentDoesNotPageAP2Channel) {
  init_ops(false);
  FakeEndpoint pd, slack;
  pd.fallback(pd_accepted());
  configure(pagerduty_channel(pd.url("/v2/enqueue"), "min_priority = \"P2\"\n") + slack_channel());
  point_at(slack);
  auto id = new_incident("Reports slow", "P3");
  EXPECT_EQ(pd.count(), 0u) << "PagerDuty pages people: P1/P2 only";
  ASSERT_EXIT_CODE(hc({"incident", "ack", id}), 0);
  EXPECT_EQ(slack.count(), 2u) << "Slack (min_priority P4 by default) hears of it";
  EXPECT_EQ(outbox(), json::array());
  ASSERT_EXIT_CODE(hc({"incident", "resolve", id, "--root-cause", "x", "--resolution", "y"}), 0);
  // min_priority gates only what pages: acknowledge and resolve always go (PagerDuty ignores them
  // for a key it never saw), so an incident lowered after it paged never leaves the page open.
  auto sent = bodies(pd);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0]["event_action"], "acknowledge");
  EXPECT_EQ(sent[1]["event_action"], "resolve");
  for (const auto& b : sent) EXPECT_FALSE(b.contains("payload"));
}

TEST_F(CliPagerDuty, LoweredAfterPagingStillResolvesAndRaisedPages) {
  init_ops(false);
  FakeEndpoint pd;
  pd.fallback(pd_accepted());
  configure(fmt::format("\n[[notify.channel]]\nname = \"pagerduty\"\nkind = \"pagerduty\"\n"
                        "routing_key_env = \"HYPERCARE_PD_ROUTING_KEY\"\nurl = \"{}\"\nmin_priority = \"P2\"\n"
                        "events = [\"incident.created\", \"incident.priority_changed\", \"incident.resolved\"]\n",
                        pd.url("/v2/enqueue")));
  point_at(pd);
  auto p1 = new_incident("Odoo down", "P1");
  ASSERT_EXIT_CODE(hc({"incident", "priority", p1, "P3", "-m", "workaround in place"}), 0);
  ASSERT_EXIT_CODE(hc({"incident", "resolve", p1, "--root-cause", "x", "--resolution", "y"}), 0);
  auto p3 = new_incident("Reports slow", "P3");
  ASSERT_EXIT_CODE(hc({"incident", "priority", p3, "P1", "-m", "now nobody can log in"}), 0);
  auto sent = bodies(pd);
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0]["event_action"], "trigger");
  EXPECT_EQ(sent[0]["dedup_key"], p1);
  EXPECT_EQ(sent[1]["event_action"], "resolve");  // the page opened at P1 is closed though it is P3 now
  EXPECT_EQ(sent[1]["dedup_key"], p1);
  EXPECT_EQ(sent[2]["event_action"], "trigger");  // raised to P1: it pages
  EXPECT_EQ(sent[2]["dedup_key"], p3);
  EXPECT_EQ(sent[2]["payload"]["severity"], "critical");
}

TEST_F(CliPagerDuty, NoNotifyQueuesAndSendsNothing) {
  init_ops(false);
  FakeEndpoint pd, slack;
  pd.fallback(pd_accepted());
  configure(pagerduty_channel(pd.url("/v2/enqueue")) + slack_channel() + webhook_channel());
  point_at(slack);
  auto r = hc({"--no-notify", "incident", "new", "Payments API down", "-p", "P1", "--json"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_EQ(r.err, "");
  auto id = json::parse(r.out)["id"].get<std::string>();
  // The global flag works after the subcommand too.
  ASSERT_EXIT_CODE(hc({"incident", "ack", id, "--no-notify"}), 0);
  ASSERT_EXIT_CODE(hc({"incident", "note", id, "-m", "looking", "--no-notify"}), 0);
  ASSERT_EXIT_CODE(hc({"incident", "resolve", id, "--root-cause", "x", "--resolution", "y", "--no-notify"}), 0);
  EXPECT_EQ(pd.count() + slack.count(), 0u);
  EXPECT_TRUE(outbox_files().empty());
  EXPECT_EQ(outbox(), json::array());
  EXPECT_EQ(sent_log(), json::array());
  auto flush = hc({"notify", "flush", "--all"});
  EXPECT_EXIT_CODE(flush, 0);
  EXPECT_EQ(pd.count() + slack.count(), 0u) << "nothing was queued, so nothing is sent later either";
}

TEST_F(CliPagerDuty, NotifyTestTriggersThenResolves) {
  init_ops(false);
  FakeEndpoint pd;
  pd.fallback(pd_accepted());
  configure(pagerduty_channel(pd.url("/v2/enqueue")));
  point_at(pd);
  auto r = hc({"notify", "test", "pagerduty"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("✓ notify.test → pagerduty"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("✓ notify.test_done → pagerduty"), std::string::npos) << r.out;
  auto got = bodies(pd);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0]["event_action"], "trigger");
  EXPECT_EQ(got[0]["routing_key"], k_pd_key);
  EXPECT_EQ(got[0]["dedup_key"], "test:pagerduty");
  EXPECT_EQ(got[0]["payload"]["severity"], "info");
  EXPECT_EQ(got[0]["payload"]["summary"], "[P4] hypercare can reach channel pagerduty");
  EXPECT_EQ(got[1], (json{{"routing_key", k_pd_key}, {"event_action", "resolve"}, {"dedup_key", "test:pagerduty"},
                          {"client", "hypercare"}}))
      << "a test never leaves an open page";
  EXPECT_EQ(outbox(), json::array());
}

TEST_F(CliPagerDuty, NotifyTestForSlackAndWebhook) {
  init_ops(false);
  FakeEndpoint fake;
  fake.respond_with([](const Received& r) { return r.path == k_slack_path ? answer(200, "ok") : answer(204, ""); });
  configure(slack_channel() + webhook_channel());
  point_at(fake);
  ASSERT_EXIT_CODE(hc({"notify", "test", "hypercare-slack"}), 0);
  ASSERT_EQ(fake.count(), 1u) << "a test reaches only the channel it names";
  auto slack = json::parse(fake.received()[0].body);
  EXPECT_EQ(fake.received()[0].path, k_slack_path);
  EXPECT_NE(slack["text"].get<std::string>().find("test notification"), std::string::npos) << slack.dump();
  EXPECT_NE(slack["text"].get<std::string>().find("hypercare can reach channel hypercare-slack"), std::string::npos);

  ASSERT_EXIT_CODE(hc({"notify", "test", "ops-webhook", "--json"}), 0);
  ASSERT_EQ(fake.count(), 2u);
  auto hook = json::parse(fake.received()[1].body);
  EXPECT_EQ(fake.received()[1].path, k_hook_path);
  EXPECT_EQ(hook["event"], "notify.test");
  EXPECT_EQ(hook["version"], 1);
  EXPECT_EQ(hook["at"], k_now);
  EXPECT_EQ(hook["actor"], "dev1");
  EXPECT_EQ(hook["test"]["channel"], "ops-webhook");
  EXPECT_EQ(outbox(), json::array());
}

TEST_F(CliPagerDuty, AFailedTestSaysWhyExits69AndLeavesNothingQueued) {
  init_ops(false);
  FakeEndpoint pd;
  pd.fallback(answer(400, R"({"status":"invalid event","message":"Event object is invalid","errors":["bad key"]})"));
  configure(pagerduty_channel(pd.url("/v2/enqueue")));
  point_at(pd);
  auto r = hc({"notify", "test", "pagerduty"});
  EXPECT_EXIT_CODE(r, 69);
  EXPECT_NE(r.out.find("rejected with HTTP 400: Event object is invalid: bad key"), std::string::npos) << r.out;
  EXPECT_EQ(outbox(), json::array()) << "a failed test is not retried later";
  auto unknown = hc({"notify", "test", "slack"});
  EXPECT_EXIT_CODE(unknown, 66);
  EXPECT_NE(unknown.err.find("no channel named 'slack'"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("known channels: pagerduty"), std::string::npos) << unknown.err;
}

TEST_F(CliPagerDuty, ATriggerQueuedOfflineGoesBeforeTheAck) {
  init_ops(false);
  FakeEndpoint pd;
  pd.fallback(pd_accepted());
  std::string offline_url = fmt::format("http://127.0.0.1:{}/v2/enqueue", refused_port());
  configure(pagerduty_channel(offline_url));
  point_at(pd);
  auto id = new_incident("Payments API down", "P1");  // PagerDuty unreachable: the trigger waits
  auto q = outbox();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0]["event"], "incident.created");
  // PagerDuty is back (the same config now reaches it); the ack must not overtake the trigger.
  auto toml = slurp(ops / "hypercare.toml");
  toml.replace(toml.find(offline_url), offline_url.size(), pd.url("/v2/enqueue"));
  spit(ops / "hypercare.toml", toml);
  auto ack = hc({"incident", "ack", id});
  ASSERT_EXIT_CODE(ack, 0);
  EXPECT_EQ(pd.count(), 0u) << "sending the ack alone would acknowledge an alert PagerDuty never had";
  EXPECT_NE(ack.err.find("waits for an earlier notification about " + id), std::string::npos) << ack.err;
  // The next flush, once the trigger's retry is due, sends both in order.
  auto flush = hc({"notify", "flush"}, {{"HYPERCARE_NOW", "2026-11-27T04:00:00Z"}});
  EXPECT_EXIT_CODE(flush, 0);
  auto got = bodies(pd);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0]["event_action"], "trigger");
  EXPECT_EQ(got[1]["event_action"], "acknowledge");
  EXPECT_EQ(got[0]["dedup_key"], id);
  EXPECT_EQ(got[1]["dedup_key"], id);
}

}  // namespace
