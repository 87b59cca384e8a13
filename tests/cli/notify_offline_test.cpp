// A storm while PagerDuty is unreachable: 1 000 triggers queue up (one Alertmanager payload of
// 1 000 critical alerts, ingested with the endpoint refusing connections); when it is back they
// are all delivered, once per dedup key — also when the sender is SIGKILLed mid-flush, where only
// the request in flight at the kill may go twice (PagerDuty deduplicates it by dedup_key).
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <map>
#include <set>

#include "notify_helpers.hpp"

namespace {

using namespace hctest;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using CliNotifyOffline = NotifyCliTest;
using nlohmann::json;

// An Alertmanager v4 payload of `n` firing critical alerts, each its own fingerprint.
std::string storm(int n) {
  json alerts = json::array();
  for (int i = 0; i < n; ++i)
    alerts.push_back({{"status", "firing"},
                      {"labels", {{"alertname", "OrderQueueBacklog"}, {"instance", fmt::format("worker-{}", i)},
                                  {"severity", "critical"}}},
                      {"annotations", {{"summary", fmt::format("order queue backlog on worker-{}", i)}}},
                      {"startsAt", "2026-11-27T02:58:00Z"},
                      {"endsAt", "0001-01-01T00:00:00Z"},
                      {"generatorURL", ""},
                      {"fingerprint", fmt::format("{:016x}", 0xa000 + i)}});
  return json{{"receiver", "hypercare"},   {"status", "firing"},       {"alerts", alerts},
              {"groupLabels", json::object()}, {"commonLabels", json::object()}, {"commonAnnotations", json::object()},
              {"externalURL", "http://alertmanager.example:9093"}, {"version", "4"},
              {"groupKey", "{}:{alertname=\"OrderQueueBacklog\"}"}, {"truncatedAlerts", 0}}
      .dump();
}

// Ingests `n` alerts with PagerDuty refusing connections; returns the incident ids.
std::vector<std::string> queue_offline(const RunResult& r, int n) {
  EXPECT_EXIT_CODE(r, 0);
  auto lines = err_lines(r);
  EXPECT_EQ(lines.size(), 1u) << r.err;
  if (!lines.empty()) {
    EXPECT_NE(lines[0].find(fmt::format("{} notifications not delivered yet", n)), std::string::npos) << lines[0];
  }
  std::vector<std::string> ids;
  auto j = json::parse(r.out, nullptr, false);
  if (j.is_object()) {
    for (const auto& a : j["alerts"]) ids.push_back(a["incident"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), std::size_t(n));
  return ids;
}

// Points the PagerDuty channel at `url` instead of `from` (the network came back).
void repoint(const fs::path& toml_file, const std::string& from, const std::string& url) {
  auto toml = slurp(toml_file);
  toml.replace(toml.find(from), from.size(), url);
  spit(toml_file, toml);
}

void kill_and_reap(pid_t pid) {
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

TEST_F(CliNotifyOffline, AThousandQueuedOfflineAreDeliveredOncePerDedupKeyThroughTwoSigkills) {
  init_ops(false);
  constexpr int k_n = 1000;
  FakeEndpoint pd;
  std::string offline = fmt::format("http://127.0.0.1:{}/v2/enqueue", refused_port());
  configure(pagerduty_channel(offline, "timeout = \"2s\"\n"));
  point_at(pd);

  auto start = Clock::now();
  auto ids = queue_offline(hc({"incident", "ingest", "--json", "-"}, {}, storm(k_n)), k_n);
  ASSERT_EQ(ids.size(), std::size_t(k_n));
  RecordProperty("queue_seconds", fmt::format("{:.1f}", seconds_since(start)));
  ASSERT_EQ(outbox_files().size(), std::size_t(k_n));
  EXPECT_EQ(pd.count(), 0u);

  repoint(ops / "hypercare.toml", offline, pd.url("/v2/enqueue"));
  // Kill 1, from inside the endpoint: the 300th request arrives and its sender dies before any
  // answer, so that entry is certainly in flight and must be sent again.
  std::atomic<pid_t> victim{0};
  const std::size_t k_kill_at = 300;
  pd.respond_with([&](const Received&) {
    if (pd.count() == k_kill_at) {
      if (pid_t p = victim.exchange(0); p > 0) {
        ::kill(p, SIGKILL);
        return stall();
      }
    }
    return pd_accepted();
  });
  start = Clock::now();
  pid_t first = spawn({bin(), "notify", "flush", "--all"}, env, root);
  victim = first;
  int status = 0;
  ::waitpid(first, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the first flush was not killed: " << status;
  ASSERT_EQ(pd.count(), k_kill_at);
  const std::string in_flight = json::parse(pd.received()[k_kill_at - 1].body)["dedup_key"];

  // Kill 2, from outside at whatever moment: somewhere after 600 requests.
  pid_t second = spawn({bin(), "notify", "flush", "--all"}, env, root);
  ASSERT_TRUE(pd.wait_for(600, 60s)) << "the second flush made no progress";
  kill_and_reap(second);

  auto last = hc({"notify", "flush", "--all"});
  EXPECT_EXIT_CODE(last, 0);
  RecordProperty("flush_seconds", fmt::format("{:.1f}", seconds_since(start)));

  std::map<std::string, int> per_key;
  std::map<std::string, std::string> body_of;
  for (const auto& r : pd.received()) {
    auto b = json::parse(r.body);
    EXPECT_EQ(b["event_action"], "trigger");
    EXPECT_EQ(b["routing_key"], k_pd_key);
    std::string key = b["dedup_key"];
    ++per_key[key];
    auto [it, fresh] = body_of.emplace(key, r.body);
    if (!fresh) {
      EXPECT_EQ(it->second, r.body) << "a resend is the same event";
    }
  }
  EXPECT_EQ(per_key.size(), std::size_t(k_n)) << "every dedup key reached PagerDuty";
  std::set<std::string> expected(ids.begin(), ids.end());
  std::set<std::string> got;
  std::size_t duplicates = 0;
  for (const auto& [key, n] : per_key) {
    got.insert(key);
    EXPECT_LE(n, 2) << key << " was sent " << n << " times";
    duplicates += std::size_t(n - 1);
  }
  EXPECT_EQ(got, expected);
  EXPECT_LE(duplicates, 2u) << "at most the one request in flight per kill goes twice";
  EXPECT_EQ(per_key[in_flight], 2) << "the request cut off by the kill was sent again";
  EXPECT_EQ(pd.count(), std::size_t(k_n) + duplicates);

  EXPECT_TRUE(outbox_files().empty());
  EXPECT_EQ(outbox(), json::array());
  std::set<std::string> logged;
  for (const auto& s : sent_log()) logged.insert(s["subject"].get<std::string>());
  EXPECT_EQ(logged, expected);
  auto nothing = hc({"notify", "flush", "--all"});
  EXPECT_EXIT_CODE(nothing, 0);
  EXPECT_EQ(pd.count(), std::size_t(k_n) + duplicates);
}

TEST_F(CliNotifyOffline, WithoutAKillEachQueuedTriggerGoesExactlyOnceInOrder) {
  init_ops(false);
  constexpr int k_n = 100;
  FakeEndpoint pd;
  pd.fallback(pd_accepted());
  std::string offline = fmt::format("http://127.0.0.1:{}/v2/enqueue", refused_port());
  configure(pagerduty_channel(offline, "timeout = \"2s\"\n"));
  point_at(pd);
  auto ids = queue_offline(hc({"incident", "ingest", "--json", "-"}, {}, storm(k_n)), k_n);
  ASSERT_EQ(ids.size(), std::size_t(k_n));
  // Still offline: one attempt per flush, not one per entry, and exit 69.
  auto still = hc({"notify", "flush", "--all", "--json"});
  EXPECT_EXIT_CODE(still, 69);
  auto j = json::parse(still.out);
  EXPECT_EQ(j["retrying"], 1);
  EXPECT_EQ(j["waiting"], k_n - 1);
  repoint(ops / "hypercare.toml", offline, pd.url("/v2/enqueue"));
  auto back = hc({"notify", "flush", "--all"});
  EXPECT_EXIT_CODE(back, 0);
  EXPECT_NE(back.out.find(fmt::format("{} delivered, 0 to retry, 0 dead-lettered", k_n)), std::string::npos) << back.out;
  std::vector<std::string> keys;
  for (const auto& b : bodies(pd)) keys.push_back(b["dedup_key"]);
  EXPECT_EQ(keys, ids) << "delivered once each, in the order the incidents were opened";
  EXPECT_EXIT_CODE(hc({"notify", "flush", "--all"}), 0);
  EXPECT_EQ(pd.count(), std::size_t(k_n));
}

}  // namespace
