// `hypercare watch --listen`: alerts over HTTP into the running watcher. The real binary serves on
// a loopback port; requests come from libcurl (hypercare's own client), raw sockets for broken
// requests, and the real Alertmanager (Debian's prometheus-alertmanager) for the whole path.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "fake_http.hpp"
#include "hypercare/core/time.hpp"
#include "hypercare/http/client.hpp"
#include "prometheus_server.hpp"

namespace {

using namespace hctest;
using namespace std::chrono_literals;
using nlohmann::json;

std::string fixture(const std::string& name) { return slurp(std::string(HYPERCARE_FIXTURES) + "/alertmanager/" + name); }


// A firing alert of its own (fingerprint, alertname) in an Alertmanager payload.
std::string firing(const std::string& name, const std::string& fingerprint) {
  json alert = {{"status", "firing"},
                {"labels", {{"alertname", name}, {"severity", "warning"}, {"service", "api"}}},
                {"annotations", {{"summary", name + " fired"}}},
                {"startsAt", "2026-11-27T02:55:00Z"},
                {"endsAt", "0001-01-01T00:00:00Z"},
                {"generatorURL", "http://prometheus.example:9090/graph"},
                {"fingerprint", fingerprint}};
  return json{{"receiver", "hypercare"}, {"status", "firing"}, {"alerts", json::array({alert})},
              {"groupLabels", {{"alertname", name}}}, {"commonLabels", json::object()}, {"commonAnnotations", json::object()},
              {"externalURL", "http://alertmanager.example:9093"}, {"version", "4"},
              {"groupKey", "{}:{alertname=\"" + name + "\"}"}, {"truncatedAlerts", 0}}
      .dump();
}

class WatchListen : public CliTest {
 protected:
  void SetUp() override { init_ops(true); }
  void TearDown() override {
    stop();
    if (am_pid > 0) {
      ::kill(am_pid, SIGTERM);
      ::waitpid(am_pid, nullptr, 0);
    }
  }

  // Starts `watch --listen 127.0.0.1:PORT` (rounds an hour apart) and waits for /healthz.
  void start(const Env& extra = {}) {
    port = refused_port();
    ASSERT_GT(port, 0);
    pid = spawn({bin(), "watch", "--interval", "1h", "--listen", "127.0.0.1:" + std::to_string(port)}, env_with(extra), root);
    ASSERT_GT(pid, 0);
    // Ready once the first round (health checks and their commit) is over: it writes too.
    ASSERT_TRUE(eventually([&] {
      auto h = http_get(port, "/healthz");
      auto j = json::parse(h.body, nullptr, false);
      return h.status == 200 && j.is_object() && j["last_round"].is_object();
    }, 30s)) << "watch --listen never finished its first round (/healthz on port " << port << ")";
  }
  // SIGTERM; returns the exit status (-1 when it had to be killed).
  int stop() {
    if (pid <= 0) return -1;
    ::kill(pid, SIGTERM);
    int status = 0, out = -1;
    if (eventually([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, 20s)) {
      out = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    } else {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    pid = -1;
    return out;
  }

  hypercare::http::Response post(const std::string& path, const std::string& body, const std::string& token = {}) {
    hypercare::http::Request req;
    req.method = "POST";
    req.url = fmt::format("http://127.0.0.1:{}{}", port, path);
    req.headers = {{"Content-Type", "application/json"}};
    if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
    req.body = body;
    req.timeout = 30s;
    req.max_body = 1 << 20;
    auto r = hypercare::http::send(req);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : hypercare::http::Response{};
  }

  json incidents() {
    auto r = hc({"incident", "list", "--all", "--json"});
    EXPECT_EXIT_CODE(r, 0);
    auto j = json::parse(r.out, nullptr, false);
    return j.is_array() ? j : json::array();
  }

  // The real Alertmanager (tests/fixtures/alertmanager/run_alertmanager.sh) posting to the
  // listener; its port, or 0 when it did not come up. Stopped with the test.
  int start_alertmanager() {
    auto port_file = root / "am.port";
    Env am_env{{"PATH", env.at("PATH")}, {"HOME", home.string()}};
    am_pid = spawn({std::string(HYPERCARE_FIXTURES) + "/alertmanager/run_alertmanager.sh", port_file.string(),
                    fmt::format("http://127.0.0.1:{}/alertmanager", port)},
                   am_env, root);
    if (!eventually([&] { return fs::exists(port_file); }, 30s)) return 0;
    return std::stoi(slurp(port_file));
  }

  int port = 0;
  pid_t pid = -1, am_pid = -1;
};

TEST_F(WatchListen, AnAlertmanagerPostOpensAnIncidentBeforeItIsAnswered) {
  start();
  auto r = post("/alertmanager", fixture("firing_critical.json"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = json::parse(r.body);
  ASSERT_EQ(j["alerts"].size(), 1u);
  EXPECT_EQ(j["alerts"][0]["action"], "created");
  std::string id = j["alerts"][0]["incident"];
  // On disk when the 200 was sent: another process sees it at once.
  auto list = incidents();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], id);
  EXPECT_EQ(list[0]["priority"], "P1");  // severity critical, as `incident ingest` maps it
  // The same payload again is the same alert still firing, not a second incident.
  auto again = post("/alertmanager", fixture("firing_critical.json"));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body)["alerts"][0]["action"], "still_firing");
  auto resolved = post("/alertmanager", fixture("resolved_critical.json"));
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(json::parse(resolved.body)["alerts"][0]["action"], "resolved_at_source");
  EXPECT_EQ(show(id)["status"], "monitoring");

  auto health = http_get(port, "/healthz");
  EXPECT_EQ(health.status, 200);
  auto hj = json::parse(health.body, nullptr, false);
  EXPECT_EQ(hj["status"], "ok") << health.body;
  EXPECT_TRUE(hj["last_round"]["ok"].get<bool>()) << health.body;

  EXPECT_EQ(stop(), 0);
  // What the listener recorded is committed on the way out, not left for the next process.
  EXPECT_TRUE(fs::exists(incident_file(id)));
  EXPECT_EQ(git({"status", "--porcelain", "--", "incidents"}).out, "");
  EXPECT_NE(git({"log", "--format=%B"}).out.find("incident " + id + ": created (P1) by alertmanager"), std::string::npos);
}

TEST_F(WatchListen, BadRequestsAreAnsweredAndChangeNothing) {
  start();
  auto before = snapshot(ops);
  auto not_json = post("/alertmanager", "{\"receiver\": ");
  EXPECT_EQ(not_json.status, 400) << not_json.body;
  auto nj = json::parse(not_json.body, nullptr, false);
  EXPECT_EQ(nj["error"]["kind"], "data") << not_json.body;
  EXPECT_NE(nj["error"]["message"].get<std::string>().find("POST /alertmanager"), std::string::npos) << not_json.body;

  auto wrong_version = fixture("firing_critical.json");
  wrong_version.replace(wrong_version.find("\"version\":\"4\""), 13, "\"version\":\"3\"");
  EXPECT_EQ(post("/alertmanager", wrong_version).status, 400);

  auto huge = post("/alertmanager", std::string(5u << 20, ' '));
  EXPECT_EQ(huge.status, 413) << huge.body;
  EXPECT_EQ(post("/nowhere", "{}").status, 404);
  EXPECT_EQ(http_get(port, "/alertmanager").status, 404);

  // Cut short: a Content-Length the client never sends in full, then it hangs up.
  {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(std::uint16_t(port));
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    auto body = fixture("firing_critical.json");
    std::string req = fmt::format("POST /alertmanager HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                  "Content-Length: {}\r\n\r\n{}",
                                  body.size(), body.substr(0, body.size() / 2));
    ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), ssize_t(req.size()));
    ::close(fd);
  }
  // The listener is still there, and nothing was recorded by any of it.
  ASSERT_TRUE(eventually([&] { return http_get(port, "/healthz").status == 200; }, 10s));
  EXPECT_EQ(snapshot(ops), before);
  EXPECT_EQ(stop(), 0);
}

TEST_F(WatchListen, ATokenIsRequiredWhenConfiguredAndOffLoopback) {
  // Off loopback without a token: refused before anything listens.
  auto open = hc({"watch", "--listen", "0.0.0.0:0"});
  EXPECT_EXIT_CODE(open, 78);
  EXPECT_NE(open.err.find("a listener off loopback needs a token"), std::string::npos) << open.err;
  EXPECT_NE(open.err.find("token_env"), std::string::npos) << open.err;
  auto bad = hc({"watch", "--listen", "9095"});
  EXPECT_EXIT_CODE(bad, 64);
  EXPECT_NE(bad.err.find("--listen 9095: no port"), std::string::npos) << bad.err;
  EXPECT_EXIT_CODE(hc({"watch", "--once", "--listen", "127.0.0.1:0"}), 64);

  append_bytes(ops / "hypercare.toml", "\n[listen]\ntoken_env = \"HC_LISTEN_TOKEN\"\n");
  auto missing = hc({"watch", "--listen", "127.0.0.1:0"});
  EXPECT_EXIT_CODE(missing, 66);  // the variable is not set: said, with the fix
  EXPECT_NE(missing.err.find("HC_LISTEN_TOKEN"), std::string::npos) << missing.err;

  start({{"HC_LISTEN_TOKEN", "s3cret-token"}});
  auto before = snapshot(ops);
  auto none = post("/alertmanager", fixture("firing_critical.json"));
  EXPECT_EQ(none.status, 401) << none.body;
  auto wrong = post("/alertmanager", fixture("firing_critical.json"), "s3cret-tokem");
  EXPECT_EQ(wrong.status, 401) << wrong.body;
  EXPECT_EQ(snapshot(ops), before);
  EXPECT_EQ(http_get(port, "/healthz").status, 200);  // a liveness probe needs no token
  EXPECT_EQ(http_get(port, "/metrics").status, 401);  // the counts do
  auto right = post("/alertmanager", fixture("firing_critical.json"), "s3cret-token");
  EXPECT_EQ(right.status, 200) << right.body;
  EXPECT_EQ(incidents().size(), 1u);
}

TEST_F(WatchListen, ABusyRecordIs503AndTheRetryRecordsIt) {
  start({{"HYPERCARE_LOCK_TIMEOUT", "1s"}});
  auto before = snapshot(ops);
  int fd = ::open((ops / ".hypercare" / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  auto busy = post("/alertmanager", fixture("firing_critical.json"));
  EXPECT_EQ(busy.status, 503) << busy.body;
  EXPECT_EQ(busy.retry_after_s, 5);
  EXPECT_EQ(json::parse(busy.body, nullptr, false)["error"]["kind"], "busy") << busy.body;
  ::close(fd);
  EXPECT_EQ(snapshot(ops), before);
  auto retry = post("/alertmanager", fixture("firing_critical.json"));
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(incidents().size(), 1u);
}

// 20 clients × 25 distinct alerts at once: every 200 has its incident and there is no incident
// without a 200.
TEST_F(WatchListen, ConcurrentPostsLoseNothing) {
  start();
  constexpr int k_clients = 50, k_each = 10;  // 50 clients at once, 500 distinct alerts
  std::mutex mu;
  std::map<std::string, int> status_of;  // alert name → HTTP status
  std::vector<std::thread> clients;
  for (int c = 0; c < k_clients; ++c)
    clients.emplace_back([&, c] {
      for (int i = 0; i < k_each; ++i) {
        std::string name = fmt::format("Load{:02}x{:02}", c, i);
        auto r = post("/alertmanager", firing(name, fmt::format("{:016x}", c * 1000 + i + 1)));
        std::lock_guard lock(mu);
        status_of[name] = r.status;
      }
    });
  for (auto& t : clients) t.join();
  std::set<std::string> recorded;
  for (const auto& inc : incidents()) recorded.insert(inc["title"].get<std::string>());
  std::size_t ok = 0;
  for (const auto& [name, status] : status_of) {
    EXPECT_TRUE(status == 200 || status == 503) << name << ": " << status;
    if (status == 200) {
      ++ok;
      EXPECT_TRUE(recorded.contains(name + " fired")) << name << " was answered 200 but has no incident";
    }
  }
  EXPECT_EQ(recorded.size(), ok);
  EXPECT_EQ(ok, std::size_t(k_clients * k_each)) << "nothing held the lock, so nothing should have been refused";
}

// The whole path with the real Alertmanager: an alert posted to it reaches the listener as a
// webhook, opens an incident and notifies Slack (a fake endpoint); its end is "resolved at source".
TEST_F(WatchListen, TheRealAlertmanagerDeliversToTheListener) {
  std::string am_bin;
  for (const char* p : {"/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager"})
    if (::access(p, X_OK) == 0) am_bin = p;
  HC_REQUIRE(!am_bin.empty(), "prometheus-alertmanager is not installed (tests/deps.sh installs it)");
  FakeEndpoint slack;
  append_bytes(ops / "hypercare.toml", "\n[[notify.channel]]\nname = \"ops-slack\"\nkind = \"slack\"\nurl_env = "
                                       "\"HC_SLACK_URL\"\nevents = [\"incident.*\"]\n");
  start({{"HC_SLACK_URL", slack.url("/hooks/slack")}});

  int am_port = start_alertmanager();
  ASSERT_GT(am_port, 0) << "alertmanager did not become ready; its log:\n" << slurp(root / "am.port.d" / "alertmanager.log");

  auto starts = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) - 5s;
  json alert = {{"labels", {{"alertname", "CheckoutDown"}, {"severity", "critical"}, {"service", "payments"}}},
                {"annotations", {{"summary", "Checkout is down"}}},
                {"startsAt", hypercare::core::format_rfc3339(starts)}};
  auto send_to_am = [&](const json& alerts) {
    hypercare::http::Request req;
    req.method = "POST";
    req.url = fmt::format("http://127.0.0.1:{}/api/v2/alerts", am_port);
    req.headers = {{"Content-Type", "application/json"}};
    req.body = alerts.dump();
    auto r = hypercare::http::send(req);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->status, 200) << r->body;
  };
  send_to_am(json::array({alert}));
  json found;
  ASSERT_TRUE(eventually([&] {
    auto list = incidents();
    if (list.empty()) return false;
    found = list[0];
    return true;
  }, 20s)) << "no incident from the alert";
  EXPECT_EQ(found["title"], "Checkout is down");
  EXPECT_TRUE(eventually([&] { return slack.count() >= 1; }, 20s)) << "Slack was not notified";

  alert["endsAt"] = hypercare::core::format_rfc3339(starts + 1s);
  send_to_am(json::array({alert}));
  std::string id = found["id"];
  EXPECT_TRUE(eventually([&] { return show(id)["status"] == "monitoring"; }, 30s)) << show(id).dump();
}

// The path a team runs: a Prometheus rule fires (vector(1)), Prometheus sends it to the real
// Alertmanager, which posts it to the listener: an incident. The rule stops firing: "resolved at
// source", the incident moves to monitoring.
TEST_F(WatchListen, APrometheusRuleReachesTheListenerThroughAlertmanager) {
  std::string am_bin;
  for (const char* p : {"/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager"})
    if (::access(p, X_OK) == 0) am_bin = p;
  HC_REQUIRE(!am_bin.empty() && ::access(k_prometheus, X_OK) == 0,
             "prometheus and prometheus-alertmanager are needed (tests/deps.sh installs them)");
  start();
  int am_port = start_alertmanager();
  ASSERT_GT(am_port, 0) << "alertmanager did not become ready; its log:\n" << slurp(root / "am.port.d" / "alertmanager.log");

  auto dir = root / "prometheus";
  fs::create_directories(dir);
  auto rules = [&](const std::string& expr) {
    spit(dir / "rules.yml", "groups:\n  - name: hypercare-test\n    rules:\n      - alert: AlwaysFiring\n        expr: " + expr +
                                "\n        labels: {severity: critical, service: checkout}\n"
                                "        annotations: {summary: \"Checkout always firing\"}\n");
  };
  rules("vector(1)");
  PrometheusServer prometheus;
  ASSERT_EQ(prometheus.start(dir, env, {},
                             "rule_files: ['" + (dir / "rules.yml").string() + "']\n"
                             "alerting: {alertmanagers: [{static_configs: [{targets: ['127.0.0.1:" + std::to_string(am_port) + "']}]}]}\n"),
            "");
  json found;
  ASSERT_TRUE(eventually([&] {
    auto list = incidents();
    if (list.empty()) return false;
    found = list[0];
    return true;
  }, 30s)) << "the rule's alert never became an incident";
  EXPECT_EQ(found["title"], "Checkout always firing");
  EXPECT_EQ(found["priority"], "P1");
  std::string id = found["id"];

  rules("vector(1) == 0");  // no longer fires
  prometheus.reload();
  EXPECT_TRUE(eventually([&] { return show(id)["status"] == "monitoring"; }, 60s)) << show(id).dump();
  EXPECT_EQ(incidents().size(), 1u);
}

// POST /webhook/NAME: a generic alert from a declared source, deduplicated by its key.
TEST_F(WatchListen, AWebhookSourceOpensUpdatesAndResolvesAtSource) {
  append_bytes(ops / "hypercare.toml", "\n[[listen.source]]\nname = \"nightly-backup\"\npriority = \"P2\"\n"
                                       "component = \"backup\"\n");
  start();
  auto r = post("/webhook/nightly-backup", R"({"summary": "Nightly backup failed", "details": "exit 3 on db-1", "dedup_key": "db-1"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = json::parse(r.body);
  EXPECT_EQ(j["alerts"][0]["action"], "created");
  std::string id = j["alerts"][0]["incident"];
  auto inc = show(id);
  EXPECT_EQ(inc["title"], "Nightly backup failed");
  EXPECT_EQ(inc["priority"], "P2");  // the source's
  EXPECT_EQ(inc["component"], "backup");
  EXPECT_EQ(inc["tags"], json({"webhook", "nightly-backup"}));
  EXPECT_NE(inc["description"].get<std::string>().find("exit 3 on db-1"), std::string::npos);
  EXPECT_EQ(inc["timeline"][0]["actor"], "webhook/nightly-backup");

  auto again = post("/webhook/nightly-backup", R"({"summary": "Nightly backup failed again", "dedup_key": "db-1"})");
  EXPECT_EQ(json::parse(again.body)["alerts"][0]["action"], "still_firing") << again.body;
  auto other = post("/webhook/nightly-backup", R"({"summary": "Backup of db-2 failed", "priority": "P4", "component": "db"})");
  EXPECT_EQ(json::parse(other.body)["alerts"][0]["action"], "created") << other.body;
  EXPECT_EQ(incidents().size(), 2u);
  auto done = post("/webhook/nightly-backup", R"({"summary": "Nightly backup ok", "dedup_key": "db-1", "action": "resolve"})");
  EXPECT_EQ(json::parse(done.body)["alerts"][0]["action"], "resolved_at_source") << done.body;
  EXPECT_EQ(show(id)["status"], "monitoring");

  auto before = snapshot(ops);
  auto unknown = post("/webhook/cron", R"({"summary": "x"})");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_NE(unknown.body.find("[[listen.source]] name = \\\"cron\\\""), std::string::npos) << unknown.body;
  EXPECT_EQ(post("/webhook/nightly-backup", "not json").status, 400);
  auto field = post("/webhook/nightly-backup", R"({"summary": "x", "severity": "high"})");
  EXPECT_EQ(field.status, 400);
  EXPECT_NE(field.body.find("unknown field `severity`"), std::string::npos) << field.body;
  EXPECT_EQ(post("/webhook/nightly-backup", R"({"summary": "x", "priority": "P9"})").status, 400);
  EXPECT_EQ(post("/webhook/nightly-backup", R"({"details": "no summary"})").status, 400);
  EXPECT_EQ(post("/webhook/nightly-backup", R"({"summary": "x", "action": "close"})").status, 400);
  EXPECT_EQ(snapshot(ops), before);
}

TEST_F(WatchListen, AHeartbeatPingsOverHttpAndEndsAMiss) {
  append_bytes(ops / "hypercare.toml", "\n[[heartbeat]]\nname = \"etl\"\nevery = \"10m\"\ngrace = \"5m\"\n");
  // A ping long ago, a miss recorded by a round (the watcher's first, here).
  ASSERT_EXIT_CODE(hc({"heartbeat", "etl"}, {{"HYPERCARE_NOW", "2026-11-27T01:00:00Z"}}), 0);
  start();
  auto list = incidents();
  ASSERT_EQ(list.size(), 1u) << list.dump();
  std::string id = list[0]["id"];
  EXPECT_EQ(list[0]["tags"][0], "heartbeat");

  hypercare::http::Request req;
  req.url = fmt::format("http://127.0.0.1:{}/heartbeat/etl", port);
  auto got = hypercare::http::send(req);
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->status, 200) << got->body;
  auto j = json::parse(got->body);
  EXPECT_EQ(j["name"], "etl");
  EXPECT_EQ(j["pinged_at"], k_now);
  EXPECT_EQ(j["changes"][0]["action"], "resolved_at_source");
  EXPECT_EQ(j["changes"][0]["incident"], id);
  EXPECT_EQ(show(id)["status"], "monitoring");
  EXPECT_EQ(slurp(ops / ".hypercare" / "heartbeats" / "etl"), std::string(k_now) + "\n");

  auto posted = post("/heartbeat/etl", "");
  EXPECT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(json::parse(posted.body)["changes"].size(), 0u) << posted.body;
  auto unknown = post("/heartbeat/nightly", "");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_NE(unknown.body.find("no heartbeat 'nightly' is declared"), std::string::npos) << unknown.body;
  EXPECT_FALSE(fs::exists(ops / ".hypercare" / "heartbeats" / "nightly"));
}

TEST_F(WatchListen, AMalformedSourceIsAConfigError) {
  append_bytes(ops / "hypercare.toml", "\n[[listen.source]]\nname = \"Nightly Backup\"\n");
  auto r = hc({"watch", "--listen", "127.0.0.1:0"});
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find("listen.source[0].name: must be 1 to 64 of a-z, 0-9, _ and -"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hypercare.toml:"), std::string::npos) << r.err;
}

// GET /metrics: what the watcher looks after, in the Prometheus text format that promtool (the
// real Prometheus linter) accepts.
TEST_F(WatchListen, MetricsAreValidPrometheusExposition) {
  HC_REQUIRE(::access(k_promtool, X_OK) == 0, "promtool is missing: install prometheus (tests/deps.sh does)");
  new_incident("DB slow", "P2");
  auto acked = new_incident("Login fails", "P1");
  ASSERT_EXIT_CODE(hc({"incident", "ack", acked}), 0);
  ASSERT_EXIT_CODE(hc({"incident", "status", acked, "investigating", "-m", "looking"}), 0);
  append_bytes(ops / "hypercare.toml", "\n[[heartbeat]]\nname = \"etl\"\nevery = \"10m\"\n\n[[heartbeat]]\nname = \"backup\"\nevery = \"1h\"\n");
  ASSERT_EXIT_CODE(hc({"heartbeat", "etl"}), 0);
  start();
  hypercare::http::Request req;
  req.url = fmt::format("http://127.0.0.1:{}/metrics", port);
  auto r = hypercare::http::send(req);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->status, 200) << r->body;
  const auto& m = r->body;
  EXPECT_NE(m.find("hypercare_incidents_open{priority=\"P2\",status=\"open\"} 1\n"), std::string::npos) << m;
  EXPECT_NE(m.find("hypercare_incidents_open{priority=\"P1\",status=\"investigating\"} 1\n"), std::string::npos) << m;
  EXPECT_NE(m.find("hypercare_incidents_open{priority=\"P3\",status=\"open\"} 0\n"), std::string::npos) << m;
  EXPECT_NE(m.find("hypercare_incidents_unacknowledged{priority=\"P2\"} 1\n"), std::string::npos) << m;
  EXPECT_NE(m.find("hypercare_incidents_unacknowledged{priority=\"P1\"} 0\n"), std::string::npos) << m;
  EXPECT_NE(m.find("hypercare_sla_breached{clock=\"response\"} 0\n"), std::string::npos) << m;
  EXPECT_NE(m.find("hypercare_notifications{state=\"dead\"} 0\n"), std::string::npos) << m;
  EXPECT_NE(m.find("hypercare_last_round_ok 1\n"), std::string::npos) << m;
  EXPECT_NE(m.find("hypercare_heartbeats_overdue 0\n"), std::string::npos) << m;
  EXPECT_NE(m.find(fmt::format("hypercare_heartbeat_last_ping_timestamp_seconds{{name=\"etl\"}} {}\n",
                               hypercare::core::parse_rfc3339(k_now)->time_since_epoch().count())),
            std::string::npos)
      << m;
  EXPECT_EQ(m.find("name=\"backup\""), std::string::npos) << "never pinged: no sample";
  auto lint = run({k_promtool, "check", "metrics"}, env, m);
  EXPECT_EXIT_CODE(lint, 0);
  EXPECT_EQ(lint.out + lint.err, "") << "promtool found problems";
}

// The examples work as written: amtool (Alertmanager's own checker) accepts
// examples/alertmanager/alertmanager.yml, and it posts where the listener serves.
TEST_F(WatchListen, TheAlertmanagerExampleIsValid) {
  HC_REQUIRE(::access("/usr/bin/amtool", X_OK) == 0, "amtool is missing: install prometheus-alertmanager (tests/deps.sh does)");
  auto file = std::string(HYPERCARE_CLI_TEST_DIR) + "/../../examples/alertmanager/alertmanager.yml";
  auto r = run({"/usr/bin/amtool", "check-config", file}, env);
  EXPECT_EXIT_CODE(r, 0);
  EXPECT_NE(slurp(file).find("url: http://127.0.0.1:9095/alertmanager"), std::string::npos);
  auto unit = slurp(std::string(HYPERCARE_CLI_TEST_DIR) + "/../../examples/systemd/hypercare-watch.service");
  EXPECT_NE(unit.find("watch --sync --listen 127.0.0.1:9095"), std::string::npos);
}

TEST_F(WatchListen, SigtermFinishesAndExitsZero) {
  start();
  ASSERT_EQ(post("/alertmanager", fixture("firing_critical.json")).status, 200);
  EXPECT_EQ(stop(), 0);
  EXPECT_NE(http_get(port, "/healthz").status, 200);  // nothing listens any more
}

}  // namespace
