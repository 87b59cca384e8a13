// checks.toml: the issue's example loads exactly; each mistake names file:line:col: key:.
#include "hypercare/config/checks_config.hpp"

#include <regex>

#include <gtest/gtest.h>

namespace hypercare::config {
namespace {

using namespace std::chrono_literals;

core::Result<ChecksConfig> parse(std::string_view text) {
  auto f = TomlFile::parse(text, "ops/checks.toml");
  if (!f) return std::unexpected(f.error());
  return parse_checks_config(*f);
}

constexpr std::string_view k_issue_example = R"([defaults]
timeout = "5s"
interval = "5m"

[prometheus]
url = "http://127.0.0.1:9090"

[[check]]
name = "api-health"
kind = "http"
service = "api"
url = "http://127.0.0.1:8080/health"
expect_status = [200, 204]
body_contains = "ok"
max_latency = "1s"
severity = "critical"
on_fail = { open_incident = "P2", after = 3 }

[[check]]
name = "db-port"
kind = "tcp"
service = "database"
address = "127.0.0.1:5432"

[[check]]
name = "odoo-pods"
kind = "command"
service = "odoo"
command = "kubectl get pods -n smart-dairy -l app=odoo -o jsonpath='{.items[*].status.phase}'"
expect_output = "^(Running ?)+$"
timeout = "20s"

[[check]]
name = "odoo-errors-24h"
kind = "command"
service = "odoo"
command = "kubectl logs -n smart-dairy -l app=odoo --since=24h | grep -c ERROR || true"
warn_above = 10
fail_above = 100

[[check]]
name = "odoo-disk"
kind = "disk"
service = "odoo"
path = "/var/lib/odoo"
warn_below = "20%"
fail_below = "10%"

[[check]]
name = "error-rate"
kind = "prometheus"
service = "api"
query = 'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))'
warn_above = 0.005
fail_above = 0.01
on_empty = "ok"

[[check]]
name = "alert-rules"
kind = "rules"
service = "platform"
file = "alerts/hypercare-alerts.yaml"
)";

TEST(ChecksConfig, IssueExampleLoadsExactly) {
  auto c = parse(k_issue_example);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->file, std::filesystem::path("ops/checks.toml"));
  EXPECT_EQ(c->timeout, 5s);
  EXPECT_EQ(c->interval, 300s);
  EXPECT_EQ(c->prometheus_url, "http://127.0.0.1:9090");
  ASSERT_EQ(c->checks.size(), 7u);

  const auto& api = c->checks[0];
  EXPECT_EQ(api.name, "api-health");
  EXPECT_EQ(api.kind, CheckKind::http);
  EXPECT_EQ(api.service, "api");
  EXPECT_EQ(api.url, "http://127.0.0.1:8080/health");
  EXPECT_EQ(api.method, "GET");
  EXPECT_EQ(api.expect_status, (std::vector<std::pair<int, int>>{{200, 200}, {204, 204}}));
  EXPECT_EQ(api.body_contains, "ok");
  ASSERT_TRUE(api.max_latency.has_value());
  EXPECT_EQ(*api.max_latency, 1s);
  EXPECT_TRUE(api.critical);
  ASSERT_TRUE(api.on_fail.has_value());
  EXPECT_EQ(api.on_fail->priority, Priority::P2);
  EXPECT_EQ(api.on_fail->after, 3);
  EXPECT_EQ(api.timeout, 5s);
  EXPECT_EQ(api.interval, 300s);
  EXPECT_TRUE(api.tls_verify);
  EXPECT_FALSE(api.thresholds.any());

  const auto& db = c->checks[1];
  EXPECT_EQ(db.name, "db-port");
  EXPECT_EQ(db.kind, CheckKind::tcp);
  EXPECT_EQ(db.service, "database");
  EXPECT_EQ(db.address, "127.0.0.1:5432");
  EXPECT_FALSE(db.on_fail.has_value());
  EXPECT_TRUE(db.critical);

  const auto& pods = c->checks[2];
  EXPECT_EQ(pods.name, "odoo-pods");
  EXPECT_EQ(pods.kind, CheckKind::command);
  EXPECT_EQ(pods.service, "odoo");
  EXPECT_EQ(pods.command, "kubectl get pods -n smart-dairy -l app=odoo -o jsonpath='{.items[*].status.phase}'");
  EXPECT_EQ(pods.expect_output, "^(Running ?)+$");
  EXPECT_EQ(pods.timeout, 20s);
  EXPECT_EQ(pods.interval, 300s);

  const auto& errs = c->checks[3];
  EXPECT_EQ(errs.name, "odoo-errors-24h");
  EXPECT_EQ(errs.kind, CheckKind::command);
  EXPECT_EQ(errs.command, "kubectl logs -n smart-dairy -l app=odoo --since=24h | grep -c ERROR || true");
  EXPECT_EQ(errs.thresholds.warn_above, std::optional<double>(10));
  EXPECT_EQ(errs.thresholds.fail_above, std::optional<double>(100));
  EXPECT_FALSE(errs.thresholds.warn_below.has_value());
  EXPECT_FALSE(errs.thresholds.fail_below.has_value());
  EXPECT_EQ(errs.timeout, 5s);

  const auto& disk = c->checks[4];
  EXPECT_EQ(disk.name, "odoo-disk");
  EXPECT_EQ(disk.kind, CheckKind::disk);
  EXPECT_EQ(disk.path, "/var/lib/odoo");
  EXPECT_EQ(disk.thresholds.warn_below, std::optional<double>(20));
  EXPECT_EQ(disk.thresholds.fail_below, std::optional<double>(10));
  EXPECT_FALSE(disk.thresholds.warn_above.has_value());

  const auto& rate = c->checks[5];
  EXPECT_EQ(rate.name, "error-rate");
  EXPECT_EQ(rate.kind, CheckKind::prometheus);
  EXPECT_EQ(rate.service, "api");
  EXPECT_EQ(rate.query, R"(sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])))");
  EXPECT_EQ(rate.thresholds.warn_above, std::optional<double>(0.005));
  EXPECT_EQ(rate.thresholds.fail_above, std::optional<double>(0.01));
  EXPECT_EQ(rate.on_empty, "ok");

  const auto& rules = c->checks[6];
  EXPECT_EQ(rules.name, "alert-rules");
  EXPECT_EQ(rules.kind, CheckKind::rules);
  EXPECT_EQ(rules.service, "platform");
  EXPECT_EQ(rules.file, "alerts/hypercare-alerts.yaml");

  EXPECT_EQ(check_kind_name(CheckKind::http), "http");
  EXPECT_EQ(check_kind_name(CheckKind::rules), "rules");
}

TEST(ChecksConfig, EmptyFileHasNoChecksAndDefaults) {
  auto c = parse("");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->checks.empty());
  EXPECT_EQ(c->timeout, 5s);
  EXPECT_EQ(c->interval, 300s);
}

TEST(ChecksConfig, ServiceDefaultsToNameAndSeverityWarning) {
  auto c = parse("[[check]]\nname = \"x\"\nkind = \"command\"\ncommand = \"true\"\nseverity = \"warning\"\n"
                 "tags = [\"a\", \"b\"]\n");
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->checks.size(), 1u);
  EXPECT_EQ(c->checks[0].service, "x");
  EXPECT_FALSE(c->checks[0].critical);
  EXPECT_EQ(c->checks[0].tags, (std::vector<std::string>{"a", "b"}));
}

TEST(ChecksConfig, ExpectStatusRangesAndClasses) {
  auto c = parse("[[check]]\nname = \"x\"\nkind = \"http\"\nurl = \"http://h/\"\nexpect_status = [\"2xx\", \"301-302\", 404]\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->checks[0].expect_status, (std::vector<std::pair<int, int>>{{200, 299}, {301, 302}, {404, 404}}));
}

struct BadCase {
  const char* what;
  std::string text;
  std::string key;   // expected key path after "file:line:col: "
  int line;          // expected line (0: any)
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.what; }

class ChecksConfigErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ChecksConfigErrors, NamesFileLineColAndKey) {
  const auto& p = GetParam();
  auto c = parse(p.text);
  ASSERT_FALSE(c) << p.what << ": parsed although it should not";
  EXPECT_EQ(c.error().kind, core::ErrorKind::config) << c.error().message;
  std::smatch m;
  const std::string& msg = c.error().message;
  std::regex re(R"(^ops/checks\.toml:(\d+):(\d+): ([^ ]+): .+)");
  ASSERT_TRUE(std::regex_match(msg, m, re)) << p.what << ": " << msg;
  EXPECT_EQ(m[3].str(), p.key) << p.what << ": " << msg;
  if (p.line > 0) {
    EXPECT_EQ(std::stoi(m[1].str()), p.line) << p.what << ": " << msg;
  }
  EXPECT_GE(std::stoi(m[2].str()), 1) << msg;
}

const std::string k_head = "[[check]]\nname = \"x\"\n";  // lines 1-2

INSTANTIATE_TEST_SUITE_P(
    All, ChecksConfigErrors,
    ::testing::Values(
        BadCase{"unknown kind", k_head + "kind = \"ping\"\n", "check[0].kind", 3},
        BadCase{"missing kind", k_head + "service = \"s\"\n", "check[0].kind", 0},
        BadCase{"missing url", k_head + "kind = \"http\"\n", "check[0].url", 0},
        BadCase{"url without scheme", k_head + "kind = \"http\"\nurl = \"localhost:80\"\n", "check[0].url", 4},
        BadCase{"missing address", k_head + "kind = \"tcp\"\n", "check[0].address", 0},
        BadCase{"address without port", k_head + "kind = \"tcp\"\naddress = \"localhost\"\n", "check[0].address", 4},
        BadCase{"missing command", k_head + "kind = \"command\"\n", "check[0].command", 0},
        BadCase{"empty command", k_head + "kind = \"command\"\ncommand = \"\"\n", "check[0].command", 0},
        BadCase{"missing path", k_head + "kind = \"disk\"\n", "check[0].path", 0},
        BadCase{"missing query", "[prometheus]\nurl = \"http://p:9090\"\n" + k_head + "kind = \"prometheus\"\n",
                "check[0].query", 0},
        BadCase{"missing file", "[prometheus]\nurl = \"http://p:9090\"\n" + k_head + "kind = \"rules\"\n",
                "check[0].file", 0},
        BadCase{"expect_status 99", k_head + "kind = \"http\"\nurl = \"http://h/\"\nexpect_status = 99\n",
                "check[0].expect_status", 5},
        BadCase{"expect_status 600 in list",
                k_head + "kind = \"http\"\nurl = \"http://h/\"\nexpect_status = [200, 600]\n", "check[0].expect_status", 5},
        BadCase{"expect_status bad string", k_head + "kind = \"http\"\nurl = \"http://h/\"\nexpect_status = \"ok\"\n",
                "check[0].expect_status", 5},
        BadCase{"expect_status reversed range",
                k_head + "kind = \"http\"\nurl = \"http://h/\"\nexpect_status = \"299-200\"\n", "check[0].expect_status", 5},
        BadCase{"bad body_regex", k_head + "kind = \"http\"\nurl = \"http://h/\"\nbody_regex = \"(oops\"\n",
                "check[0].body_regex", 5},
        BadCase{"bad expect_output", k_head + "kind = \"command\"\ncommand = \"true\"\nexpect_output = \"[a-\"\n",
                "check[0].expect_output", 5},
        BadCase{"bad severity", k_head + "kind = \"command\"\ncommand = \"true\"\nseverity = \"high\"\n",
                "check[0].severity", 5},
        BadCase{"on_fail without open_incident", k_head + "kind = \"command\"\ncommand = \"true\"\non_fail = { after = 2 }\n",
                "check[0].on_fail.open_incident", 5},
        BadCase{"on_fail P7", k_head + "kind = \"command\"\ncommand = \"true\"\non_fail = { open_incident = \"P7\" }\n",
                "check[0].on_fail.open_incident", 5},
        BadCase{"on_fail after 0",
                k_head + "kind = \"command\"\ncommand = \"true\"\non_fail = { open_incident = \"P1\", after = 0 }\n",
                "check[0].on_fail.after", 5},
        BadCase{"prometheus without [prometheus] url", k_head + "kind = \"prometheus\"\nquery = \"up\"\n", "check[0]", 0},
        BadCase{"rules without [prometheus] url", k_head + "kind = \"rules\"\nfile = \"a.yaml\"\n", "check[0]", 0},
        BadCase{"bad on_empty",
                "[prometheus]\nurl = \"http://p\"\n" + k_head + "kind = \"prometheus\"\nquery = \"up\"\non_empty = \"maybe\"\n",
                "check[0].on_empty", 7},
        BadCase{"duplicate names",
                k_head + "kind = \"command\"\ncommand = \"true\"\n\n[[check]]\nname = \"x\"\nkind = \"tcp\"\naddress = \"h:1\"\n",
                "check[1].name", 7},
        BadCase{"name with space", "[[check]]\nname = \"a b\"\nkind = \"command\"\ncommand = \"true\"\n", "check[0].name", 0},
        BadCase{"threshold not a number", k_head + "kind = \"disk\"\npath = \"/\"\nwarn_below = \"lots\"\n",
                "check[0].warn_below", 5},
        BadCase{"threshold percent garbage", k_head + "kind = \"disk\"\npath = \"/\"\nfail_below = \"1x%\"\n",
                "check[0].fail_below", 5},
        BadCase{"bad timeout", k_head + "kind = \"command\"\ncommand = \"true\"\ntimeout = \"soon\"\n", "check[0].timeout",
                5},
        BadCase{"bad defaults timeout", "[defaults]\ntimeout = \"soon\"\n", "defaults.timeout", 2},
        BadCase{"check not array of tables", "check = \"x\"\n", "check", 1}),
    [](const ::testing::TestParamInfo<BadCase>& i) {
      std::string n;
      for (const char* c = i.param.what; *c; ++c) n += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
      return n;
    });

TEST(ChecksConfig, PercentThresholdsParseAsNumbers) {
  auto c = parse(k_head + "kind = \"disk\"\npath = \"/\"\nwarn_below = \"20%\"\nfail_below = \"7.5%\"\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->checks[0].thresholds.warn_below, std::optional<double>(20));
  EXPECT_EQ(c->checks[0].thresholds.fail_below, std::optional<double>(7.5));
}

TEST(ChecksConfig, TomlSyntaxErrorNamesLineAndCol) {
  auto c = parse("[[check]]\nname = \"x\nkind = 1\n");
  ASSERT_FALSE(c);
  EXPECT_TRUE(c.error().message.starts_with("ops/checks.toml:2:")) << c.error().message;
}

TEST(ChecksConfig, LoadMissingFileIsNullopt) {
  auto dir = std::filesystem::temp_directory_path() / "hc-checks-config-none";
  std::filesystem::create_directories(dir);
  auto c = load_checks_config(dir);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->has_value());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hypercare::config

namespace hypercare::config {
namespace {

// The brief's example uses max_latency = "200ms": sub-second latencies must be expressible.
TEST(ChecksConfig, MaxLatencyAcceptsMilliseconds) {
  auto c = parse("[[check]]\nname = \"x\"\nkind = \"http\"\nurl = \"http://h/\"\nmax_latency = \"200ms\"\n");
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_TRUE(c->checks[0].max_latency.has_value());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(*c->checks[0].max_latency).count(), 200);
}

}  // namespace
}  // namespace hypercare::config
