// hotfix.toml: the issue's example loads exactly as written; defaults apply under components;
// string-or-list steps; per-step time-outs; every mistake names file:line:col and the key.
#include "hypercare/config/hotfix_config.hpp"

#include "hypercare/init/examples.hpp"


#include <gtest/gtest.h>

namespace hypercare::config {
namespace {

using namespace std::chrono_literals;

core::Result<HotfixConfig> parse(std::string_view text) {
  auto f = TomlFile::parse(text, "ops/hotfix.toml");
  if (!f) return std::unexpected(f.error());
  return parse_hotfix_config(*f);
}

std::string error_of(std::string_view text) {
  auto c = parse(text);
  EXPECT_FALSE(c) << "expected an error for:\n" << text;
  if (c) return "";
  EXPECT_EQ(c.error().kind, core::ErrorKind::config);
  return c.error().message;
}

// Verbatim from issue 6.
constexpr std::string_view k_issue_example = R"([defaults]
timeout = "5m"
settle = "30s"
precheck = ["./scripts/deployment/pre-deploy-checks.sh --quick"]

[component.odoo]
current = "kubectl get deployment odoo -n smart-dairy -o jsonpath='{.spec.template.spec.containers[0].image}'"
deploy = "kubectl set image deployment/odoo -n smart-dairy odoo=$ECR_REGISTRY/smart-dairy-odoo:$HYPERCARE_TAG"
wait = "kubectl rollout status deployment/odoo -n smart-dairy --timeout=300s"
smoke = ["./scripts/deployment/smoke_tests.py --component odoo"]
smoke_retries = 2
rollback = "kubectl rollout undo deployment/odoo -n smart-dairy"

[component.api]
current = "kubectl get deployment api -n smart-dairy -o jsonpath='{.spec.template.spec.containers[0].image}'"
deploy = "kubectl set image deployment/api -n smart-dairy api=$ECR_REGISTRY/smart-dairy-api:$HYPERCARE_TAG"
wait = "kubectl rollout status deployment/api -n smart-dairy --timeout=300s"
settle = "10s"
smoke = ["./scripts/deployment/smoke_tests.py --component api"]
rollback = "kubectl rollout undo deployment/api -n smart-dairy"
)";

TEST(HotfixConfig, TheIssueExampleLoadsAsWritten) {
  auto c = parse(k_issue_example);
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->components.size(), 2u);
  EXPECT_EQ(c->names(), (std::vector<std::string>{"odoo", "api"}));  // file order, not sorted
  const auto* odoo = c->find("odoo");
  ASSERT_NE(odoo, nullptr);
  EXPECT_EQ(odoo->precheck, (std::vector<std::string>{"./scripts/deployment/pre-deploy-checks.sh --quick"}));
  EXPECT_EQ(odoo->current,
            "kubectl get deployment odoo -n smart-dairy -o jsonpath='{.spec.template.spec.containers[0].image}'");
  EXPECT_EQ(odoo->deploy,
            "kubectl set image deployment/odoo -n smart-dairy odoo=$ECR_REGISTRY/smart-dairy-odoo:$HYPERCARE_TAG");
  EXPECT_EQ(odoo->wait, "kubectl rollout status deployment/odoo -n smart-dairy --timeout=300s");
  EXPECT_EQ(odoo->smoke, (std::vector<std::string>{"./scripts/deployment/smoke_tests.py --component odoo"}));
  EXPECT_EQ(odoo->smoke_retries, 2);
  EXPECT_EQ(odoo->rollback, "kubectl rollout undo deployment/odoo -n smart-dairy");
  EXPECT_EQ(odoo->settle, 30s);
  EXPECT_EQ(odoo->timeout, 5min);
  EXPECT_EQ(odoo->timeout_of(HotfixStep::wait), 5min);
  EXPECT_EQ(odoo->failed_rollback_incident, Priority::P1);
  const auto* api = c->find("api");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->settle, 10s);
  EXPECT_EQ(api->smoke_retries, 0);
  EXPECT_EQ(api->precheck.size(), 1u);
  EXPECT_EQ(c->find("frontend"), nullptr);
}

TEST(HotfixConfig, TheShippedExampleLoads) {  // as `init --example smart-dairy` writes it
  std::string_view text;
  for (const auto& file : init::example_files())
    if (file.example == "smart-dairy" && file.name == "hotfix.toml") text = file.content;
  ASSERT_FALSE(text.empty());
  auto f = TomlFile::parse(text, "hotfix.toml");
  ASSERT_TRUE(f) << f.error().message;
  auto c = parse_hotfix_config(*f);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->names(), (std::vector<std::string>{"odoo", "api", "frontend"}));
  const auto* frontend = c->find("frontend");
  ASSERT_NE(frontend, nullptr);
  EXPECT_EQ(frontend->timeout_of(HotfixStep::wait), 3min);
  EXPECT_EQ(frontend->timeout_of(HotfixStep::deploy), 5min);
  EXPECT_EQ(frontend->path, (std::vector<std::string>{"stand-in"}));
  EXPECT_EQ(frontend->env.at("ECR_REGISTRY"), "123456789012.dkr.ecr.ap-south-1.amazonaws.com");
}

TEST(HotfixConfig, StepsAreAStringOrAListAndAComponentOverridesTheDefaults) {
  auto c = parse(R"([defaults]
precheck = "check-a"
smoke = ["s1", "s2"]
smoke_retry_delay = "0"
kill_grace = "2s"
deploy_timeout = "90s"
failed_rollback_incident = "P2"

[component.web]
deploy = "d"
rollback = "r"
precheck = []
smoke = "only-one"
wait_timeout = "200ms"
failed_rollback_incident = "none"
path = ["bin", "/opt/tools/bin"]
env = { REGION = "ap-south-1" }
)");
  ASSERT_TRUE(c) << c.error().message;
  const auto& web = c->components.at(0);
  EXPECT_TRUE(web.precheck.empty());
  EXPECT_EQ(web.smoke, (std::vector<std::string>{"only-one"}));
  EXPECT_EQ(web.smoke_retry_delay, 0ms);
  EXPECT_EQ(web.kill_grace, 2s);
  EXPECT_EQ(web.timeout_of(HotfixStep::deploy), 90s);
  EXPECT_EQ(web.timeout_of(HotfixStep::wait), 200ms);
  EXPECT_EQ(web.timeout_of(HotfixStep::smoke), 5min);
  EXPECT_FALSE(web.failed_rollback_incident);
  EXPECT_EQ(web.path.size(), 2u);
  EXPECT_EQ(web.env.at("REGION"), "ap-south-1");
  EXPECT_TRUE(web.current.empty());
  EXPECT_EQ(web.settle, 0ms);
}

TEST(HotfixConfig, DeployAndRollbackAreRequired) {
  EXPECT_EQ(error_of("[component.web]\nrollback = \"r\"\n"),
            "ops/hotfix.toml:1:1: component.web.deploy: is required: the command that deploys \"$HYPERCARE_TAG\"");
  EXPECT_EQ(error_of("[component.web]\ndeploy = \"d\"\n"),
            "ops/hotfix.toml:1:1: component.web.rollback: is required: the command that undoes a failed deploy");
  EXPECT_EQ(error_of("[defaults]\ntimeout = \"1m\"\n"),
            "ops/hotfix.toml: component: no components: add a [component.NAME] table with deploy and rollback");
}

TEST(HotfixConfig, UnknownKeysAreReportedWithTheirPlace) {
  auto e = error_of("[component.web]\ndeploy = \"d\"\nrollback = \"r\"\nsmoke_retry = 2\n");
  EXPECT_EQ(e, "ops/hotfix.toml:4:15: component.web.smoke_retry: unknown key; did you mean 'smoke_retries' or "
               "'smoke_retry_delay'?");
  e = error_of("[component.web]\ndeploy = \"d\"\nrollback = \"r\"\nzzz = 2\n");
  EXPECT_TRUE(e.starts_with("ops/hotfix.toml:4:7: component.web.zzz: unknown key; a component knows ")) << e;
  EXPECT_NE(e.find("smoke_retries"), std::string::npos);
  EXPECT_EQ(error_of("[component.web]\ndeploy = \"d\"\nrollback = \"r\"\nsettle_timeout = \"1m\"\n"),
            "ops/hotfix.toml:4:18: component.web.settle_timeout: unknown key; the per-step time-outs are "
            "precheck|current|deploy|wait|smoke|rollback_timeout");
  EXPECT_EQ(error_of("[deploy]\nx = 1\n[component.web]\ndeploy = \"d\"\nrollback = \"r\"\n"),
            "ops/hotfix.toml:1:1: deploy: unknown key; hotfix.toml has [defaults] and [component.NAME] tables");
}

TEST(HotfixConfig, BadValuesNameTheKey) {
  std::string ok = "[component.web]\ndeploy = \"d\"\nrollback = \"r\"\n";
  EXPECT_EQ(error_of(ok + "smoke_retries = -1\n"), "ops/hotfix.toml:4:17: component.web.smoke_retries: must be a whole number from 0 to 20");
  EXPECT_EQ(error_of(ok + "settle = \"soon\"\n"),
            "ops/hotfix.toml:4:10: component.web.settle: invalid duration 'soon': write it like 90s, 15m, 4h, 2d or 1h30m");
  EXPECT_EQ(error_of(ok + "timeout = \"0s\"\n"), "ops/hotfix.toml:4:11: component.web.timeout: must be longer than zero");
  EXPECT_EQ(error_of(ok + "smoke = [\"a\", 3]\n"), "ops/hotfix.toml:4:15: component.web.smoke[1]: must be a shell command (a string)");
  EXPECT_EQ(error_of(ok + "wait = \"  \"\n"), "ops/hotfix.toml:4:8: component.web.wait: must not be empty");
  EXPECT_EQ(error_of(ok + "failed_rollback_incident = \"P7\"\n"),
            "ops/hotfix.toml:4:28: component.web.failed_rollback_incident: must be a priority (\"P1\" … \"P4\") or \"none\"");
  EXPECT_EQ(error_of(ok + "env = { HYPERCARE_TAG = \"x\" }\n"),
            "ops/hotfix.toml:4:25: component.web.env.HYPERCARE_TAG: HYPERCARE_* variables are set by hypercare itself");
  EXPECT_EQ(error_of(ok + "env = { \"A-B\" = \"x\" }\n"),
            "ops/hotfix.toml:4:17: component.web.env.A-B: is not a valid environment variable name");
  EXPECT_EQ(error_of(ok + "path = \"bin\"\n"), "ops/hotfix.toml:4:8: component.web.path: must be a list of directories, e.g. [\"bin\"]");
  EXPECT_EQ(error_of("[component.\"bad\\nname\"]\ndeploy = \"d\"\nrollback = \"r\"\n"),
            "ops/hotfix.toml:1:1: component.bad\nname: a component name is 1 to 128 characters, without control characters "
            "or surrounding spaces");
}

TEST(HotfixConfig, SecretsAreRefused) {
  auto e = error_of("[component.web]\ndeploy = \"curl https://hooks.slack.com/services/T0/B0/XXXX\"\nrollback = \"r\"\n");
  EXPECT_NE(e.find("Slack webhook URL"), std::string::npos) << e;
}

TEST(HotfixConfig, SyntaxErrorsNameLineAndColumn) {
  auto e = error_of("[component.web]\ndeploy = \"d\nrollback = \"r\"\n");
  EXPECT_TRUE(e.starts_with("ops/hotfix.toml:2:")) << e;
}

TEST(HotfixConfig, ComponentNamesMayBeAnyPrintableText) {
  auto c = parse("[component.\"odoo; rm -rf $(x) `y`\"]\ndeploy = \"d\"\nrollback = \"r\"\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->components.at(0).name, "odoo; rm -rf $(x) `y`");
  EXPECT_TRUE(valid_component_name("-leading-dash"));
  EXPECT_FALSE(valid_component_name(""));
  EXPECT_FALSE(valid_component_name(" padded"));
  EXPECT_FALSE(valid_component_name(std::string(129, 'a')));
  EXPECT_FALSE(valid_component_name("tab\there"));
}

}  // namespace
}  // namespace hypercare::config
