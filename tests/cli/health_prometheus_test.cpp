// `hypercare health-check` prometheus and rules kinds end to end against the REAL Prometheus
// (Debian's `prometheus` package, installed by tests/deps.sh) on loopback, scraping itself every
// second. Skipped when /usr/bin/prometheus is missing.
#include <unistd.h>

#include <regex>

#include "prometheus_server.hpp"

namespace {

using namespace hctest;
using namespace std::chrono_literals;

// The seed's PrometheusRule (§3 Task 3, kubernetes/monitoring/hypercare-alerts.yaml), verbatim.
constexpr const char* k_seed_rules = R"yaml(# kubernetes/monitoring/hypercare-alerts.yaml
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: hypercare-alerts
  namespace: monitoring
spec:
  groups:
  - name: hypercare-critical
    interval: 30s
    rules:
    - alert: HighErrorRate
      expr: |
        sum(rate(http_requests_total{status=~"5.."}[5m])) /
        sum(rate(http_requests_total[5m])) > 0.01
      for: 2m
      labels:
        severity: critical
        team: hypercare
      annotations:
        summary: "High error rate detected"
        description: "Error rate is {{ $value | humanizePercentage }}"

    - alert: SlowResponseTime
      expr: |
        histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le)) > 3
      for: 5m
      labels:
        severity: high
        team: hypercare
      annotations:
        summary: "Slow response times"
        description: "P95 response time is {{ $value | humanizeDuration }}"

    - alert: HighMemoryUsage
      expr: |
        (container_memory_usage_bytes / container_spec_memory_limit_bytes) > 0.9
      for: 5m
      labels:
        severity: high
        team: hypercare
      annotations:
        summary: "High memory usage"
        description: "Container {{ $labels.container }} memory at {{ $value | humanizePercentage }}"

    - alert: PodRestarts
      expr: |
        increase(kube_pod_container_status_restarts_total[1h]) > 3
      for: 0m
      labels:
        severity: high
        team: hypercare
      annotations:
        summary: "Pod restarting frequently"
        description: "Pod {{ $labels.pod }} has restarted {{ $value }} times in the last hour"

    - alert: DatabaseConnectionErrors
      expr: |
        rate(pg_stat_activity_count{state="idle"}[5m]) == 0
      for: 2m
      labels:
        severity: critical
        team: hypercare
      annotations:
        summary: "Database connection issues"
        description: "No active database connections detected"

  - name: hypercare-warning
    interval: 1m
    rules:
    - alert: DiskSpaceLow
      expr: |
        (node_filesystem_avail_bytes / node_filesystem_size_bytes) < 0.2
      for: 10m
      labels:
        severity: warning
        team: hypercare
      annotations:
        summary: "Low disk space"
        description: "Disk space on {{ $labels.device }} is {{ $value | humanizePercentage }}"

    - alert: HighCPUUsage
      expr: |
        avg(rate(container_cpu_usage_seconds_total[5m])) by (pod) > 0.8
      for: 10m
      labels:
        severity: warning
        team: hypercare
      annotations:
        summary: "High CPU usage"
        description: "Pod {{ $labels.pod }} CPU at {{ $value | humanizePercentage }}"
)yaml";

// Plain Prometheus rule-file syntax: two alerting rules that fire (`up` is 1 for the self-scrape)
// and one recording rule, which is not a check.
constexpr const char* k_plain_rules = R"yaml(groups:
  - name: selftest
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: SelfUpCritical
        expr: up == 1
        labels:
          severity: critical
      - alert: SelfUpWarning
        expr: up == 1
        labels:
          severity: warning
)yaml";

// An unclosed flow sequence on line 6: neither promtool nor a YAML parser accepts it.
constexpr const char* k_broken_rules = R"yaml(groups:
  - name: broken
    rules:
      - alert: Broken
        expr: up == 1
        labels: [severity, critical
)yaml";

class CliPrometheus : public CliTest {
 protected:
  void SetUp() override {
    HC_REQUIRE(::access(k_prometheus, X_OK) == 0,
               std::string(k_prometheus) + " is missing: install Debian's `prometheus` package (tests/deps.sh does)");
    auto failed = server.start(root / "prometheus", env);
    ASSERT_EQ(failed, "");
    port = server.port;
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }

  // The example's ops dir with `checks` (TOML [[check]] tables) and our [prometheus] url.
  void write_checks(const std::string& checks, bool with_git = false) {
    init_ops(with_git);
    spit(ops / "checks.toml", "[defaults]\ntimeout = \"5s\"\n\n[prometheus]\nurl = \"" + url() + "\"\n\n" + checks);
    if (with_git) {
      ASSERT_EXIT_CODE(git({"add", "-A"}), 0);
      ASSERT_EXIT_CODE(git({"commit", "-q", "-m", "test checks"}), 0);
    }
  }

  static std::string prom_check(const std::string& name, const std::string& query, const std::string& more) {
    nlohmann::json q = query;  // a JSON string is a valid TOML basic string
    return "[[check]]\nname = \"" + name + "\"\nkind = \"prometheus\"\nservice = \"metrics\"\nquery = " + q.dump() + "\n" +
           more + "\n";
  }
  static std::string rules_check(const std::string& name, const std::string& file, const std::string& service) {
    return "[[check]]\nname = \"" + name + "\"\nkind = \"rules\"\nservice = \"" + service + "\"\nfile = \"" + file + "\"\n\n";
  }

  // The JSON of a run; fails the test unless it parses.
  static nlohmann::json parse(const RunResult& r) {
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.describe();
    return j.is_object() ? j : nlohmann::json::object();
  }
  static nlohmann::json by_name(const nlohmann::json& run, const std::string& name) {
    if (run.contains("checks"))
      for (const auto& c : run["checks"])
        if (c.value("name", "") == name) return c;
    ADD_FAILURE() << "no result named " << name << " in " << run.dump();
    return nlohmann::json::object();
  }
  static bool contains(const nlohmann::json& c, const std::string& needle) {
    return c.value("message", "").find(needle) != std::string::npos;
  }

  PrometheusServer server;
  int port = 0;
};

TEST_F(CliPrometheus, InstantQueriesThresholdsEmptyAndInvalid) {
  write_checks(prom_check("up-ok", "up", "fail_below = 1") +                                  //
               prom_check("up-above", "up", "fail_above = 0.5") +                             //
               prom_check("empty-default", "up{job=\"nope\"}", "") +                          //
               prom_check("empty-ok", "up{job=\"nope\"}", "on_empty = \"ok\"") +              //
               prom_check("empty-warn", "up{job=\"nope\"}", "on_empty = \"warn\"") +          //
               prom_check("empty-fail", "up{job=\"nope\"}", "on_empty = \"fail\"") +          //
               prom_check("bad-promql", "sum(rate(up[5m]", ""));

  auto r = hc({"health-check", "--no-record", "--json", "up-ok"});
  EXPECT_EXIT_CODE(r, 0);
  auto ok = by_name(parse(r), "up-ok");
  EXPECT_EQ(ok["kind"], "prometheus");
  EXPECT_EQ(ok["status"], "ok") << ok.dump();
  EXPECT_EQ(ok["value"], 1) << ok.dump();

  auto all = hc({"health-check", "--no-record", "--json"});
  EXPECT_EXIT_CODE(all, 1);
  auto j = parse(all);
  EXPECT_EQ(j["status"], "error") << all.out;  // the worst: the invalid query

  auto above = by_name(j, "up-above");
  EXPECT_EQ(above["status"], "fail") << above.dump();
  EXPECT_EQ(above["value"], 1) << above.dump();
  EXPECT_TRUE(contains(above, "1 is above the fail threshold 0.5")) << above.dump();

  auto empty = by_name(j, "empty-default");
  EXPECT_EQ(empty["status"], "fail") << empty.dump();
  EXPECT_TRUE(contains(empty, "no data")) << empty.dump();
  EXPECT_TRUE(empty["value"].is_null()) << empty.dump();
  EXPECT_EQ(by_name(j, "empty-ok")["status"], "ok");
  EXPECT_EQ(by_name(j, "empty-warn")["status"], "warn");
  EXPECT_EQ(by_name(j, "empty-fail")["status"], "fail");
  EXPECT_TRUE(contains(by_name(j, "empty-warn"), "no data"));

  auto bad = by_name(j, "bad-promql");
  EXPECT_EQ(bad["status"], "error") << bad.dump();
  EXPECT_TRUE(contains(bad, "bad_data")) << bad.dump();  // Prometheus' errorType

  // The text output: one row per check, the threshold message in it.
  auto text = hc({"health-check", "--no-record", "up-above", "empty-ok"});
  EXPECT_EXIT_CODE(text, 1);
  EXPECT_TRUE(std::regex_search(text.out, std::regex("(^|\\n)fail\\s+up-above\\s+metrics\\s+\\d+ ms\\s+1\\s+1 is above")))
      << text.out;
  EXPECT_TRUE(std::regex_search(text.out, std::regex("(^|\\n)ok\\s+empty-ok\\s+metrics\\s.*no data"))) << text.out;
}

TEST_F(CliPrometheus, InfoChecksRecordTheQuerysValueWithoutAVerdict) {
  auto info = [](const std::string& name, const std::string& query, const std::string& more) {
    nlohmann::json q = query;
    return "[[check]]\nname = \"" + name + "\"\nkind = \"info\"\nservice = \"metrics\"\nquery = " + q.dump() + "\n" + more + "\n";
  };
  write_checks(info("targets-up", "sum(up)", "unit = \"targets\"") + info("by-job", "up", "") +
               info("nothing", "up{job=\"nope\"}", "") + info("bad", "sum(rate(up[5m]", ""));
  auto r = hc({"health-check", "--no-record", "--json"});
  EXPECT_EXIT_CODE(r, 0);  // figures, even unreadable ones, fail nothing
  auto j = parse(r);
  EXPECT_EQ(j["checks"].size(), 0u);
  ASSERT_EQ(j["info"].size(), 4u) << j.dump(2);
  auto at = [&](const std::string& name) {
    for (const auto& x : j["info"])
      if (x["name"] == name) return x;
    return nlohmann::json::object();
  };
  EXPECT_EQ(at("targets-up")["value"], 1) << j.dump(2);
  EXPECT_EQ(at("targets-up")["unit"], "targets");
  EXPECT_EQ(at("by-job")["value"], 1);
  EXPECT_NE(at("by-job")["output"].get<std::string>().find("job=self"), std::string::npos) << at("by-job").dump();
  EXPECT_EQ(at("nothing")["output"], "no data (the query returned nothing)");
  EXPECT_NE(at("bad")["error"].get<std::string>().find("bad_data"), std::string::npos) << at("bad").dump();
  auto text = hc({"health-check", "--no-record", "targets-up"});
  EXPECT_NE(text.out.find("targets-up (metrics): 1 targets"), std::string::npos) << text.out;
}

TEST_F(CliPrometheus, RulesFilesAgreeWithPromtool) {
  write_checks(rules_check("seed-alerts", "alerts/seed.yaml", "platform") +
                   rules_check("self-alerts", "alerts/self.yaml", "metrics") +
                   rules_check("broken-alerts", "alerts/broken.yaml", "broken"),
               true);
  fs::create_directories(ops / "alerts");
  spit(ops / "alerts" / "seed.yaml", k_seed_rules);
  spit(ops / "alerts" / "self.yaml", k_plain_rules);
  spit(ops / "alerts" / "broken.yaml", k_broken_rules);

  if (::access(k_promtool, X_OK) == 0) {
    EXPECT_EXIT_CODE(run({k_promtool, "check", "rules", (ops / "alerts" / "self.yaml").string()}, env), 0);
    EXPECT_EXIT_CODE(run({k_promtool, "check", "rules", (ops / "alerts" / "seed.yaml").string()}, env), 1)
        << "a PrometheusRule object is not a plain rule file";
    auto broken = run({k_promtool, "check", "rules", (ops / "alerts" / "broken.yaml").string()}, env);
    EXPECT_NE(broken.exit, 0) << broken.describe();
  }

  // (a) The seed's PrometheusRule: its metrics do not exist, so none of the 7 alerts fires.
  auto seed = hc({"health-check", "--no-record", "--json", "seed-alerts"});
  EXPECT_EXIT_CODE(seed, 0);
  auto sj = parse(seed);
  EXPECT_EQ(sj["status"], "ok") << seed.out;
  ASSERT_EQ(sj["checks"].size(), 7u) << seed.out;
  const std::vector<std::string> alerts{"HighErrorRate",  "SlowResponseTime", "HighMemoryUsage", "PodRestarts",
                                        "DatabaseConnectionErrors", "DiskSpaceLow", "HighCPUUsage"};
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    const auto& c = sj["checks"][i];
    EXPECT_EQ(c["name"], "seed-alerts/" + alerts[i]) << c.dump();
    EXPECT_EQ(c["kind"], "rules") << c.dump();
    EXPECT_EQ(c["service"], "platform") << c.dump();
    EXPECT_EQ(c["status"], "ok") << c.dump();
    EXPECT_EQ(c["message"], "not firing") << c.dump();
  }

  // (b) Plain groups: critical firing → fail, warning firing → warn, the recording rule is no check.
  auto self = hc({"health-check", "--no-record", "--json", "self-alerts"});
  EXPECT_EXIT_CODE(self, 1);
  auto pj = parse(self);
  EXPECT_EQ(pj["status"], "fail") << self.out;
  ASSERT_EQ(pj["checks"].size(), 2u) << self.out;
  auto crit = by_name(pj, "self-alerts/SelfUpCritical");
  EXPECT_EQ(crit["status"], "fail") << crit.dump();
  EXPECT_EQ(crit["value"], 1) << crit.dump();
  EXPECT_TRUE(contains(crit, "firing") && contains(crit, "critical")) << crit.dump();
  auto warn = by_name(pj, "self-alerts/SelfUpWarning");
  EXPECT_EQ(warn["status"], "warn") << warn.dump();
  EXPECT_TRUE(contains(warn, "severity warning")) << warn.dump();
  for (const auto& c : pj["checks"]) EXPECT_EQ(c["name"].get<std::string>().find("job:up:sum"), std::string::npos);

  // A broken YAML file stops the run before anything runs: exit 78 (a config file people write)
  // naming FILE:LINE:COL, nothing recorded.
  auto broken = hc({"health-check", "--json", "broken-alerts"});
  EXPECT_EXIT_CODE(broken, 78);
  EXPECT_EQ(broken.out, "");
  auto be = nlohmann::json::parse(broken.err, nullptr, false);
  ASSERT_TRUE(be.is_object()) << broken.describe();
  EXPECT_TRUE(std::regex_search(be["error"]["message"].get<std::string>(), std::regex("^alerts/broken\\.yaml:[67]:\\d+: ")))
      << broken.err;
  EXPECT_FALSE(fs::exists(ops / "health")) << "a refused run records nothing";

  // --rules FILE evaluates an extra rules file as the check "rules".
  auto extra = hc({"health-check", "--no-record", "--json", "seed-alerts", "--rules", (ops / "alerts" / "self.yaml").string()});
  EXPECT_EXIT_CODE(extra, 1);
  auto ej = parse(extra);
  bool saw_extra = false;
  for (const auto& c : ej["checks"]) saw_extra = saw_extra || c["name"].get<std::string>().starts_with("rules/");
  EXPECT_TRUE(saw_extra) << extra.out;

  // A recorded run of the good checks: `status --json` then has the health section.
  auto rec = hc({"health-check", "--json", "seed-alerts", "self-alerts"});
  EXPECT_EXIT_CODE(rec, 1);
  auto rj = parse(rec);
  auto st = hc({"status", "--json"});
  EXPECT_EXIT_CODE(st, 0);
  auto stj = parse(st);
  ASSERT_TRUE(stj.contains("health") && stj["health"].is_object()) << st.out;
  EXPECT_EQ(stj["health"]["run_id"], rj["run_id"]) << st.out;
  EXPECT_EQ(stj["health"]["at"], k_now);
  EXPECT_EQ(stj["health"]["status"], "fail") << st.out;
  EXPECT_EQ(stj["health"]["services"]["platform"], "ok") << st.out;
  EXPECT_EQ(stj["health"]["services"]["metrics"], "fail") << st.out;
}

}  // namespace
