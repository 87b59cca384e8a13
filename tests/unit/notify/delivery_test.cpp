// Delivery from the outbox with a scripted transport: what is retried (429, 5xx, network) and
// what is dead-lettered at once (4xx, Slack after a request that may have been accepted), order
// per channel and subject, the wall-time budget, setup errors, secrets kept out of errors — and
// the backoff (full jitter, cap, Retry-After capped, never under a second).
#include "hypercare/notify/delivery.hpp"

#include <unistd.h>

#include <deque>
#include <thread>

#include <gtest/gtest.h>

#include "notify_fixture.hpp"

namespace hypercare::notify {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace testing;
using config::ChannelKind;
using What = Outcome::What;

// Backoff ----------------------------------------------------------------------------------------

config::RetryPolicy policy() { return {}; }  // base 30 s, cap 15 min, Retry-After capped at 15 min

TEST(Backoff, FullJitterBetweenOneSecondAndTheDoublingCeiling) {
  const std::pair<int, long> ceilings[] = {{1, 30}, {2, 60}, {3, 120}, {4, 240}, {5, 480}, {6, 900}, {7, 900}, {60, 900}};
  for (auto [attempts, ceiling] : ceilings) {
    long lo = 1'000'000, hi = 0;
    for (std::uint64_t r = 0; r < 5000; ++r) {
      long d = long(backoff(policy(), attempts, -1, fixed_random(r)).count());
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    EXPECT_EQ(lo, 1) << "attempt " << attempts << ": never less than a second";
    EXPECT_EQ(hi, ceiling) << "attempt " << attempts << ": the whole range up to the ceiling is used";
    // The random value picks the delay: r mod (ceiling + 1).
    EXPECT_EQ(backoff(policy(), attempts, -1, fixed_random(std::uint64_t(ceiling))).count(), ceiling);
    EXPECT_EQ(backoff(policy(), attempts, -1, fixed_random(std::uint64_t(ceiling) + 1)).count(), 1);
  }
  EXPECT_EQ(backoff(policy(), 3, -1, fixed_random(~std::uint64_t{0})).count(), long(~std::uint64_t{0} % 121));
}

TEST(Backoff, RetryAfterIsHonouredAndCapped) {
  EXPECT_EQ(backoff(policy(), 1, 120, fixed_random(0)).count(), 120);  // later than the jitter: Retry-After wins
  EXPECT_EQ(backoff(policy(), 1, 5, fixed_random(20)).count(), 20);    // earlier: the jitter stands
  EXPECT_EQ(backoff(policy(), 1, 86400, fixed_random(0)).count(), 900);  // capped at max_retry_after
  EXPECT_EQ(backoff(policy(), 1, 0, fixed_random(0)).count(), 1);        // "Retry-After: 0" still waits a second
  config::RetryPolicy p;
  p.max_retry_after = 60s;
  EXPECT_EQ(backoff(p, 1, 3600, fixed_random(0)).count(), 60);
}

TEST(Backoff, SmallAndZeroBasesStillWaitASecond) {
  config::RetryPolicy p;
  p.base = 0s;
  p.cap = 0s;
  EXPECT_EQ(backoff(p, 1, -1, fixed_random(12345)).count(), 1);
  p.base = 2s;
  p.cap = 5s;
  EXPECT_EQ(backoff(p, 10, -1, fixed_random(5)).count(), 5);
  EXPECT_EQ(backoff(p, 10, -1, fixed_random(6)).count(), 1);
}

// Delivery ---------------------------------------------------------------------------------------

struct Call {
  http::Request request;
};

// One scripted answer: a response, or a transport error (with or without the request sent).
struct Answer {
  long status = 200;
  std::string body = "ok";
  long retry_after = -1;
  bool error = false;
  bool sent = false;
  std::chrono::milliseconds sleep{0};
  std::string error_text;
};

Answer reply(long status, std::string body, long retry_after = -1) {
  Answer a;
  a.status = status;
  a.body = std::move(body);
  a.retry_after = retry_after;
  return a;
}

Answer slow_reply(long status, std::chrono::milliseconds sleep) {
  Answer a = reply(status, "");
  a.sleep = sleep;
  return a;
}

// A transport failure; `sent`: the request had reached the server (a timeout waiting for the answer).
Answer network_error(bool sent, std::string text = "Failed to connect to 127.0.0.1 port 9: Connection refused") {
  Answer a;
  a.error = true;
  a.sent = sent;
  a.error_text = std::move(text);
  return a;
}

class Deliver : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() / ("hc-deliver-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
    m_outbox = std::make_unique<Outbox>(m_dir);
    m_config.channels = {channel(ChannelKind::pagerduty, "pd"), channel(ChannelKind::slack, "slack"),
                         channel(ChannelKind::webhook, "hook")};
    m_config.channels[0].secret.env = "PD_KEY";
    m_config.channels[1].secret.env = "SLACK_URL";
    m_config.channels[2].secret.env = "HOOK_URL";
    m_env = {{"PD_KEY", "R0UTINGKEY0000000000000000000042"},
             {"SLACK_URL", "http://127.0.0.1:9/services/T0/B0/sl4ck0secret"},
             {"HOOK_URL", "http://127.0.0.1:9/hook/w3bh00k0secret"}};
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(m_dir);
  }

  Entry queue(const std::string& id, const std::string& ch, const std::string& key, std::string event = "incident.created") {
    Entry e;
    e.id = id;
    e.channel = ch;
    e.kind = std::string(config::channel_kind_name(m_config.find(ch)->kind));
    e.event = std::move(event);
    e.key = key;
    e.summary = key + " " + e.event;
    e.body = {{"event_action", "trigger"}, {"dedup_key", key}, {"n", id}};
    e.created_at = t0();
    e.next_at = t0();
    EXPECT_TRUE(m_outbox->save(e));
    return e;
  }

  DeliveryReport run(DeliveryOptions o = {}) {
    Secrets secrets(m_env);
    Delivery d{*m_outbox, m_config, secrets,
               [this](const http::Request& r, http::SendInfo* info) -> core::Result<http::Response> {
                 m_calls.push_back({r});
                 Answer a = m_answers.empty() ? Answer{} : m_answers.front();
                 if (!m_answers.empty()) m_answers.pop_front();
                 if (a.sleep.count()) std::this_thread::sleep_for(a.sleep);
                 if (info) info->request_sent = a.sent;
                 if (a.error) return core::fail(core::ErrorKind::unavailable, r.url + ": " + a.error_text);
                 return http::Response{a.status, a.body, 1ms, a.retry_after};
               },
               t0(), fixed_random(0), [this](const std::string& m) { m_warnings.push_back(m); }};
    return deliver(d, o);
  }

  std::vector<Entry> left() {
    auto l = m_outbox->list([](const std::string&) {});
    EXPECT_TRUE(l);
    return l ? *l : std::vector<Entry>{};
  }

  fs::path m_dir;
  std::unique_ptr<Outbox> m_outbox;
  config::NotifyConfig m_config;
  Env m_env;
  std::deque<Answer> m_answers;
  std::vector<Call> m_calls;
  std::vector<std::string> m_warnings;
};

TEST_F(Deliver, PagerDutyGetsTheRoutingKeyAtSendTimeAndADeliveryIsLogged) {
  auto e = queue("01A", "pd", "INC-1");
  m_answers = {reply(202, R"({"status":"success","message":"Event processed","dedup_key":"INC-1"})")};
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(r.outcomes[0].what, What::delivered);
  EXPECT_EQ(r.outcomes[0].status, 202);
  ASSERT_EQ(m_calls.size(), 1u);
  const auto& req = m_calls[0].request;
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url, "http://127.0.0.1:9/v2/enqueue");
  auto sent = nlohmann::json::parse(req.body);
  auto expected = e.body;
  expected["routing_key"] = "R0UTINGKEY0000000000000000000042";
  EXPECT_EQ(sent, expected);
  EXPECT_NE(std::find(req.headers.begin(), req.headers.end(), std::pair<std::string, std::string>{"Content-Type", "application/json"}),
            req.headers.end());
  EXPECT_LE(req.timeout, 10s);
  EXPECT_LE(req.connect_timeout, 3s);
  EXPECT_TRUE(left().empty());
  auto log = m_outbox->sent([](const std::string&) {});
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].id, "01A");
  EXPECT_EQ((*log)[0].status, 202);
  EXPECT_EQ((*log)[0].key, "INC-1");
  EXPECT_EQ((*log)[0].attempts, 1);
}

TEST_F(Deliver, SlackAndWebhooksPostToTheSecretUrl) {
  queue("01A", "slack", "INC-1");
  queue("01B", "hook", "INC-1");
  m_answers = {reply(200, "ok"), reply(204, "")};
  auto r = run();
  EXPECT_EQ(r.count(What::delivered), 2u);
  ASSERT_EQ(m_calls.size(), 2u);
  EXPECT_EQ(m_calls[0].request.url, m_env["SLACK_URL"]);
  EXPECT_EQ(m_calls[1].request.url, m_env["HOOK_URL"]);
  EXPECT_FALSE(nlohmann::json::parse(m_calls[0].request.body).contains("routing_key"));
}

TEST_F(Deliver, A400IsDeadAtOnceWithTheServiceText) {
  queue("01A", "pd", "INC-1");
  m_answers = {reply(400, R"J({"status":"invalid event","message":"Event object is invalid","errors":["Length of 'routing_key' is incorrect (should be 32 characters)"]})J")};
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(r.outcomes[0].what, What::dead);
  EXPECT_EQ(r.outcomes[0].error,
            "rejected with HTTP 400: Event object is invalid: Length of 'routing_key' is incorrect (should be 32 characters)");
  EXPECT_EQ(r.outcomes[0].hint, "check the routing key of channel pd ($PD_KEY)");
  auto l = left();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].state, EntryState::dead);
  EXPECT_EQ(l[0].attempts, 1);
  EXPECT_EQ(l[0].last_status, 400);
  // A normal run leaves the dead letter alone.
  auto again = run();
  EXPECT_TRUE(again.outcomes.empty());
  EXPECT_EQ(m_calls.size(), 1u);
}

TEST_F(Deliver, SlackErrorsAreItsPlainStrings) {
  queue("01A", "slack", "INC-1");
  queue("01B", "slack", "INC-2");
  m_answers = {reply(404, "channel_not_found"), reply(200, "not ok")};
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 2u);
  EXPECT_EQ(r.outcomes[0].what, What::dead);
  EXPECT_EQ(r.outcomes[0].error, "rejected with HTTP 404: channel_not_found");
  EXPECT_EQ(r.outcomes[0].hint, "check the webhook of channel slack ($SLACK_URL), then: hypercare notify test slack");
  EXPECT_EQ(r.outcomes[1].what, What::dead) << "Slack's success is 200 \"ok\" and nothing else";
}

TEST_F(Deliver, A5xxIsRetriedWithBackoffUntilTheLimitThenDead) {
  m_config.retry.max_attempts = 3;
  queue("01A", "pd", "INC-1");
  m_answers = {reply(500, "rollup_error")};
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(r.outcomes[0].what, What::retrying);
  EXPECT_EQ(r.outcomes[0].error, "HTTP 500 rollup_error");
  EXPECT_EQ(r.outcomes[0].next_at, t0() + 1s);  // random 0: the shortest wait
  auto l = left();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].state, EntryState::pending);
  EXPECT_EQ(l[0].attempts, 1);
  EXPECT_EQ(l[0].last_status, 500);
  // Not due yet: a normal run does not touch it.
  EXPECT_TRUE(run().outcomes.empty());
  EXPECT_EQ(m_calls.size(), 1u);
  DeliveryOptions all;
  all.ignore_schedule = true;
  m_answers = {reply(503, "busy"), reply(502, "bad gateway")};
  EXPECT_EQ(run(all).outcomes[0].what, What::retrying);
  auto last = run(all);
  EXPECT_EQ(last.outcomes[0].what, What::dead);
  EXPECT_EQ(last.outcomes[0].error, "gave up after 3 attempts: HTTP 502 bad gateway");
  EXPECT_EQ(m_calls.size(), 3u);
}

TEST_F(Deliver, A429HonoursRetryAfterAndPausesTheChannel) {
  queue("01A", "pd", "INC-1");
  queue("01B", "pd", "INC-2");
  queue("01C", "slack", "INC-1");
  m_answers = {reply(429, R"({"status":"throttle event","message":"Requests for this service are arriving too quickly."})", 120),
               reply(200, "ok")};
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 3u);
  EXPECT_EQ(r.outcomes[0].what, What::retrying);
  EXPECT_EQ(r.outcomes[0].next_at, t0() + 120s);
  EXPECT_EQ(r.outcomes[0].error, "HTTP 429 Requests for this service are arriving too quickly.");
  EXPECT_EQ(r.outcomes[1].what, What::waiting) << "the rate-limited channel is not hammered with the rest";
  EXPECT_EQ(r.outcomes[2].what, What::delivered) << "other channels go on";
  EXPECT_EQ(m_calls.size(), 2u);
}

TEST_F(Deliver, NetworkErrorsAreRetriedAndPauseTheChannel) {
  queue("01A", "pd", "INC-1");
  queue("01B", "pd", "INC-2");
  m_answers = {network_error(false)};
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 2u);
  EXPECT_EQ(r.outcomes[0].what, What::retrying);
  EXPECT_EQ(r.outcomes[0].error, "http://127.0.0.1:9/v2/enqueue: Failed to connect to 127.0.0.1 port 9: Connection refused");
  EXPECT_EQ(r.outcomes[1].what, What::waiting);
  EXPECT_EQ(m_calls.size(), 1u) << "one unreachable endpoint costs one attempt per run, not one per entry";
}

TEST_F(Deliver, SlackIsNotRepostedWhenTheRequestMayHaveBeenAccepted) {
  queue("01A", "slack", "INC-1");
  queue("01B", "slack", "INC-2");
  m_answers = {network_error(true, "Operation timed out after 2000 milliseconds with 0 bytes received")};
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 2u);
  EXPECT_EQ(r.outcomes[0].what, What::dead);
  EXPECT_EQ(r.outcomes[0].error,
            "no answer after the message was sent (Operation timed out after 2000 milliseconds with 0 bytes received): "
            "Slack may have posted it, so it is not re-posted (Slack does not deduplicate)");
  EXPECT_EQ(r.outcomes[0].error.find("sl4ck0secret"), std::string::npos);
  EXPECT_EQ(r.outcomes[1].what, What::waiting);
  // A refused connection certainly posted nothing: retried.
  m_answers = {network_error(false)};
  DeliveryOptions all;
  all.ignore_schedule = true;
  all.only = {"01B"};
  auto second = run(all);
  ASSERT_EQ(second.outcomes.size(), 1u);
  EXPECT_EQ(second.outcomes[0].what, What::retrying);
  EXPECT_EQ(second.outcomes[0].error, "Failed to connect to 127.0.0.1 port 9: Connection refused");
}

TEST_F(Deliver, ASlackEntryLeftSendingByAKilledSenderIsNeverResent) {
  auto e = queue("01A", "slack", "INC-1");
  e.state = EntryState::sending;
  e.attempts = 1;
  ASSERT_TRUE(m_outbox->save(e));
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(r.outcomes[0].what, What::dead);
  EXPECT_NE(r.outcomes[0].error.find("Slack may have posted it"), std::string::npos) << r.outcomes[0].error;
  EXPECT_TRUE(m_calls.empty());
}

TEST_F(Deliver, ASlackEntryIsMarkedSendingWhileItsRequestIsOnTheWire) {
  queue("01A", "slack", "INC-1");
  std::optional<EntryState> during;
  Secrets secrets(m_env);
  Delivery d{*m_outbox, m_config, secrets,
             [&](const http::Request&, http::SendInfo*) -> core::Result<http::Response> {
               during = left().at(0).state;
               return http::Response{200, "ok", 1ms, -1};
             },
             t0(), fixed_random(0), [](const std::string&) {}};
  deliver(d, {});
  EXPECT_EQ(during, EntryState::sending);
  EXPECT_TRUE(left().empty());
}

TEST_F(Deliver, OrderIsKeptPerChannelAndSubject) {
  queue("01A", "pd", "INC-1", "incident.created");
  queue("01B", "pd", "INC-2", "incident.created");
  queue("01C", "pd", "INC-1", "incident.acknowledged");
  m_answers = {reply(500, "oops"), reply(202, "{}")};
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 3u);
  EXPECT_EQ(r.outcomes[0].what, What::retrying);
  EXPECT_EQ(r.outcomes[1].what, What::delivered) << "another incident is not held up";
  EXPECT_EQ(r.outcomes[2].what, What::waiting) << "the ack never overtakes the trigger";
  EXPECT_EQ(r.outcomes[2].error, "waits for an earlier notification about INC-1");
  EXPECT_EQ(m_calls.size(), 2u);
  // Selecting only the later one (what a command's own hook does) still waits for the earlier.
  DeliveryOptions only;
  only.only = {"01C"};
  auto mine = run(only);
  ASSERT_EQ(mine.outcomes.size(), 1u);
  EXPECT_EQ(mine.outcomes[0].what, What::waiting);
  EXPECT_EQ(m_calls.size(), 2u);
  // When both go, the trigger goes first.
  DeliveryOptions all;
  all.ignore_schedule = true;
  m_answers = {reply(202, "{}"), reply(202, "{}")};
  auto both = run(all);
  ASSERT_EQ(m_calls.size(), 4u);
  EXPECT_EQ(nlohmann::json::parse(m_calls[2].request.body)["n"], "01A");
  EXPECT_EQ(nlohmann::json::parse(m_calls[3].request.body)["n"], "01C");
  EXPECT_TRUE(left().empty());
}

TEST_F(Deliver, TheBudgetBoundsTheWholeRun) {
  for (auto id : {"01A", "01B", "01C"}) queue(id, "hook", std::string("K") + id);
  m_answers = {slow_reply(200, 300ms), slow_reply(200, 300ms)};
  DeliveryOptions o;
  o.budget = 450ms;
  auto start = std::chrono::steady_clock::now();
  auto r = run(o);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, 1s);
  EXPECT_TRUE(r.out_of_time);
  ASSERT_EQ(r.outcomes.size(), 3u);
  EXPECT_EQ(r.outcomes[0].what, What::delivered);
  EXPECT_EQ(r.outcomes[1].what, What::waiting);
  EXPECT_EQ(r.outcomes[2].what, What::waiting);
  ASSERT_EQ(m_calls.size(), 1u);
  EXPECT_LE(m_calls[0].request.timeout, 450ms) << "a request never gets more time than the run has left";
  EXPECT_EQ(left().size(), 2u);
}

TEST_F(Deliver, AnUnsetSecretKeepsTheEntryWithoutCountingAnAttempt) {
  m_env.erase("PD_KEY");
  queue("01A", "pd", "INC-1");
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(r.outcomes[0].what, What::retrying);
  EXPECT_EQ(r.outcomes[0].setup_error, core::ErrorKind::missing);
  EXPECT_EQ(r.outcomes[0].error, "the environment variable PD_KEY is not set");
  EXPECT_TRUE(r.outcomes[0].hint.starts_with("export PD_KEY=")) << r.outcomes[0].hint;
  EXPECT_TRUE(m_calls.empty());
  auto l = left();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].attempts, 0);
  EXPECT_EQ(l[0].state, EntryState::pending);
  EXPECT_EQ(l[0].next_at, t0()) << "due again as soon as the secret is there";
}

TEST_F(Deliver, AChannelRemovedFromTheConfigDeadLetters) {
  queue("01A", "pd", "INC-1");
  m_config.channels.erase(m_config.channels.begin());
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(r.outcomes[0].what, What::dead);
  EXPECT_EQ(r.outcomes[0].error, "channel pd is no longer in hypercare.toml");
}

TEST_F(Deliver, DeadLettersGoAgainOnlyWhenAskedFor) {
  queue("01A", "pd", "INC-1");
  m_answers = {reply(400, R"({"message":"bad"})")};
  EXPECT_EQ(run().outcomes.at(0).what, What::dead);
  DeliveryOptions all;
  all.ignore_schedule = true;
  m_answers = {reply(202, "{}")};
  auto r = run(all);
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(r.outcomes[0].what, What::delivered);
  EXPECT_TRUE(left().empty());
}

TEST_F(Deliver, SecretsEchoedByTheServiceAreRedacted) {
  queue("01A", "hook", "INC-1");
  queue("01B", "pd", "INC-2");
  m_answers = {reply(403, "forbidden: http://127.0.0.1:9/hook/w3bh00k0secret"),
               reply(400, R"({"message":"unknown routing key R0UTINGKEY0000000000000000000042"})")};
  auto r = run();
  ASSERT_EQ(r.outcomes.size(), 2u);
  for (const auto& o : r.outcomes) {
    EXPECT_EQ(o.error.find("w3bh00k0secret"), std::string::npos) << o.error;
    EXPECT_EQ(o.error.find("R0UTINGKEY"), std::string::npos) << o.error;
  }
  for (const auto& e : left()) {
    EXPECT_EQ(e.last_error.find("w3bh00k0secret"), std::string::npos) << e.last_error;
    EXPECT_EQ(e.last_error.find("R0UTINGKEY"), std::string::npos) << e.last_error;
  }
}

TEST_F(Deliver, AnotherSenderHoldingTheLockMeansBusyAndNothingSent) {
  queue("01A", "pd", "INC-1");
  auto lock = m_outbox->lock_for_delivery();
  ASSERT_TRUE(lock);
  // flock locks belong to the open file description: a second acquire in this process conflicts too.
  auto r = run();
  EXPECT_TRUE(r.busy);
  EXPECT_TRUE(m_calls.empty());
}

}  // namespace
}  // namespace hypercare::notify
