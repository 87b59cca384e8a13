// [[notify.channel]], [notify] and [ingest] in hypercare.toml: the issue's snippet loads as
// written; every mistake is a config error naming file:line:col and the key; glob_match.
#include "hypercare/config/notify_config.hpp"

#include <gtest/gtest.h>

#include "hypercare/config/hypercare_config.hpp"

namespace hypercare::config {
namespace {

using namespace std::chrono_literals;

core::Result<HypercareConfig> parse(std::string_view text) {
  auto f = TomlFile::parse(text, "ops/hypercare.toml");
  if (!f) return std::unexpected(f.error());
  return parse_hypercare_config(*f);
}

// The message of the error `text` must produce (a config error: exit 78).
std::string error_of(std::string_view text) {
  auto c = parse(text);
  EXPECT_FALSE(c) << "parsed although it should not:\n" << text;
  if (c) return {};
  EXPECT_EQ(c.error().kind, core::ErrorKind::config) << c.error().message;
  return c.error().message;
}

// Verbatim from the issue.
constexpr std::string_view k_issue_snippet = R"([[notify.channel]]
name = "hypercare-slack"
kind = "slack"
url_env = "HYPERCARE_SLACK_WEBHOOK"
events = ["incident.*", "hotfix.*", "handover.created", "health.failed"]
min_priority = "P4"

[[notify.channel]]
name = "pagerduty"
kind = "pagerduty"
routing_key_env = "HYPERCARE_PD_ROUTING_KEY"
events = ["incident.created", "incident.acknowledged", "incident.resolved"]
min_priority = "P2"
# url = "https://events.pagerduty.com/v2/enqueue"   (the default; tests point it at loopback)

[[notify.channel]]
name = "ops-webhook"
kind = "webhook"
url_secret = "ops_webhook_url"      # a key in $XDG_CONFIG_HOME/hypercare/secrets.toml
events = ["*"]

[ingest.severity_map]
critical = "P1"
high = "P2"
warning = "P3"
info = "P4"
)";

TEST(NotifyConfig, TheIssueSnippetLoadsExactlyAsWritten) {
  auto c = parse(k_issue_snippet);
  ASSERT_TRUE(c) << c.error().message;
  const auto& ch = c->notify.channels;
  ASSERT_EQ(ch.size(), 3u);

  EXPECT_EQ(ch[0].name, "hypercare-slack");
  EXPECT_EQ(ch[0].kind, ChannelKind::slack);
  EXPECT_EQ(ch[0].secret.env, "HYPERCARE_SLACK_WEBHOOK");
  EXPECT_EQ(ch[0].secret.secret_key, "");
  EXPECT_EQ(ch[0].secret.literal, "");
  EXPECT_EQ(ch[0].events, (std::vector<std::string>{"incident.*", "hotfix.*", "handover.created", "health.failed"}));
  EXPECT_EQ(ch[0].min_priority, Priority::P4);
  EXPECT_EQ(ch[0].secret.describe(), "$HYPERCARE_SLACK_WEBHOOK");

  EXPECT_EQ(ch[1].name, "pagerduty");
  EXPECT_EQ(ch[1].kind, ChannelKind::pagerduty);
  EXPECT_EQ(ch[1].secret.env, "HYPERCARE_PD_ROUTING_KEY");
  EXPECT_EQ(ch[1].url, "https://events.pagerduty.com/v2/enqueue");
  EXPECT_EQ(ch[1].events, (std::vector<std::string>{"incident.created", "incident.acknowledged", "incident.resolved"}));
  EXPECT_EQ(ch[1].min_priority, Priority::P2);

  EXPECT_EQ(ch[2].name, "ops-webhook");
  EXPECT_EQ(ch[2].kind, ChannelKind::webhook);
  EXPECT_EQ(ch[2].secret.secret_key, "ops_webhook_url");
  EXPECT_EQ(ch[2].secret.env, "");
  EXPECT_EQ(ch[2].events, std::vector<std::string>{"*"});
  EXPECT_EQ(ch[2].min_priority, Priority::P4);  // every priority unless told otherwise
  EXPECT_EQ(ch[2].secret.describe(), "secrets.toml key 'ops_webhook_url'");

  // The documented short timeouts: connect 3 s, total 10 s.
  for (const auto& x : ch) {
    EXPECT_EQ(x.connect_timeout, 3s) << x.name;
    EXPECT_EQ(x.timeout, 10s) << x.name;
  }
  EXPECT_EQ(c->notify.find("pagerduty"), &ch[1]);
  EXPECT_EQ(c->notify.find("nope"), nullptr);

  const auto& in = c->ingest;
  EXPECT_EQ(in.priority_for("critical"), Priority::P1);
  EXPECT_EQ(in.priority_for("high"), Priority::P2);
  EXPECT_EQ(in.priority_for("warning"), Priority::P3);
  EXPECT_EQ(in.priority_for("info"), Priority::P4);
  EXPECT_EQ(in.priority_for("CRITICAL"), Priority::P1);  // label values compared case-insensitively
  EXPECT_EQ(in.priority_for(""), Priority::P3);          // missing severity
  EXPECT_EQ(in.priority_for("none"), Priority::P3);      // unknown severity
  EXPECT_FALSE(in.auto_resolve);
}

TEST(NotifyConfig, NoNotifyTableMeansNoChannelsAndTheDefaults) {
  auto c = parse("[team]\nname = \"t\"\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->notify.channels.empty());
  EXPECT_EQ(c->notify.retry.max_attempts, 8);
  EXPECT_EQ(c->notify.retry.base, 30s);
  EXPECT_EQ(c->notify.retry.cap, 15min);
  EXPECT_EQ(c->notify.retry.max_retry_after, 15min);
  // The issue's default severity map and missing → P3.
  EXPECT_EQ(c->ingest.priority_for("critical"), Priority::P1);
  EXPECT_EQ(c->ingest.priority_for("high"), Priority::P2);
  EXPECT_EQ(c->ingest.priority_for("warning"), Priority::P3);
  EXPECT_EQ(c->ingest.priority_for("info"), Priority::P4);
  EXPECT_EQ(c->ingest.priority_for(""), Priority::P3);
  EXPECT_FALSE(c->ingest.auto_resolve);
}

TEST(NotifyConfig, RetrySettingsTimeoutsAndIngestOptions) {
  auto c = parse(R"([notify]
max_attempts = 3
retry_base = "10s"
retry_max = "2m"
max_retry_after = "5m"

[[notify.channel]]
name = "pd"
kind = "pagerduty"
routing_key_secret = "pd_key"
url = "http://127.0.0.1:9/v2/enqueue"
events = "incident.created"
min_priority = "P1"
timeout = "2s"
connect_timeout = "5s"

[[notify.channel]]
name = "hook"
kind = "webhook"
url = "https://hooks.example.com/hypercare"
events = ["incident.*"]

[ingest]
auto_resolve = true
default_priority = "P2"

[ingest.severity_map]
page = "P1"
)");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->notify.retry.max_attempts, 3);
  EXPECT_EQ(c->notify.retry.base, 10s);
  EXPECT_EQ(c->notify.retry.cap, 2min);
  EXPECT_EQ(c->notify.retry.max_retry_after, 5min);
  const auto& pd = c->notify.channels.at(0);
  EXPECT_EQ(pd.secret.secret_key, "pd_key");
  EXPECT_EQ(pd.url, "http://127.0.0.1:9/v2/enqueue");
  EXPECT_EQ(pd.events, std::vector<std::string>{"incident.created"});  // a single string is a list of one
  EXPECT_EQ(pd.min_priority, Priority::P1);
  EXPECT_EQ(pd.timeout, 2s);
  EXPECT_EQ(pd.connect_timeout, 2s);  // never longer than the whole exchange
  const auto& hook = c->notify.channels.at(1);
  EXPECT_EQ(hook.secret.literal, "https://hooks.example.com/hypercare");  // a non-secret webhook URL may be written
  EXPECT_EQ(hook.secret.describe(), "the url in hypercare.toml");
  // A severity map replaces the defaults; what is not in it gets default_priority.
  EXPECT_TRUE(c->ingest.auto_resolve);
  EXPECT_EQ(c->ingest.priority_for("page"), Priority::P1);
  EXPECT_EQ(c->ingest.priority_for("critical"), Priority::P2);
  EXPECT_EQ(c->ingest.priority_for(""), Priority::P2);
}

TEST(NotifyConfig, PagerDutyDefaultsToP1AndP2Only) {
  auto c = parse(R"([[notify.channel]]
name = "pd"
kind = "pagerduty"
routing_key_env = "PD"
events = ["incident.*"]
)");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->notify.channels.at(0).min_priority, Priority::P2);  // the seed's rule: page for P1/P2
}

TEST(NotifyConfig, BadKindNamesFileLineColumnAndKey) {
  auto m = error_of(R"([[notify.channel]]
name = "x"
kind = "teams"
url_env = "X"
events = ["*"]
)");
  EXPECT_EQ(m, "ops/hypercare.toml:3:8: notify.channel[0].kind: must be slack, pagerduty or webhook");
}

TEST(NotifyConfig, TwoSecretSourcesAreRejected) {
  auto m = error_of(R"([[notify.channel]]
name = "s"
kind = "slack"
events = ["*"]

[[notify.channel]]
name = "pd"
kind = "pagerduty"
url_secret = "x"
events = ["*"]
)");
  // A Slack channel without any source comes first; then fix it and see the next one.
  EXPECT_NE(m.find("ops/hypercare.toml:1:1: notify.channel[0]: channel 's' needs url_env"), std::string::npos) << m;

  m = error_of(R"([[notify.channel]]
name = "s"
kind = "slack"
url_env = "A"
url_secret = "a"
events = ["*"]
)");
  EXPECT_EQ(m, "ops/hypercare.toml:1:1: notify.channel[0]: channel 's': give only one of url_env, url_secret");

  m = error_of(R"([[notify.channel]]
name = "w"
kind = "webhook"
url_env = "A"
url = "https://example.com/x"
events = ["*"]
)");
  EXPECT_EQ(m, "ops/hypercare.toml:1:1: notify.channel[0]: channel 'w': give only one of url_env, url_secret, url");

  m = error_of(R"([[notify.channel]]
name = "pd"
kind = "pagerduty"
routing_key_env = "A"
routing_key_secret = "a"
events = ["*"]
)");
  EXPECT_EQ(m, "ops/hypercare.toml:1:1: notify.channel[0]: channel 'pd': give only one of routing_key_env, routing_key_secret");
}

TEST(NotifyConfig, NoSecretSourceSaysWhereToPutIt) {
  auto m = error_of(R"([[notify.channel]]
name = "pd"
kind = "pagerduty"
events = ["*"]
)");
  EXPECT_EQ(m, "ops/hypercare.toml:1:1: notify.channel[0]: channel 'pd' needs routing_key_env (an environment "
               "variable) or routing_key_secret (a key in $XDG_CONFIG_HOME/hypercare/secrets.toml)");
}

TEST(NotifyConfig, TheWrongKindOfSecretKeyIsNamed) {
  auto m = error_of(R"([[notify.channel]]
name = "pd"
kind = "pagerduty"
url_env = "A"
events = ["*"]
)");
  EXPECT_EQ(m, "ops/hypercare.toml:4:11: notify.channel[0].url_env: is not used by a pagerduty channel; use "
               "routing_key_env or routing_key_secret");
}

TEST(NotifyConfig, ASlackUrlWrittenInTheFileIsASecretError) {
  // Even a URL that does not look like hooks.slack.com: a Slack webhook URL is always a secret.
  auto m = error_of(R"([[notify.channel]]
name = "s"
kind = "slack"
url = "https://chat.example.com/hook/abc"
events = ["*"]
)");
  EXPECT_EQ(m, "ops/hypercare.toml:4:7: notify.channel[0].url: a Slack webhook URL is a secret: name an "
               "environment variable with url_env or a secrets.toml key with url_secret");
  // The real thing is caught by the secret scan of the whole file first, with its position.
  m = error_of(R"([[notify.channel]]
name = "s"
kind = "slack"
url = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX"
events = ["*"]
)");
  EXPECT_TRUE(m.starts_with("ops/hypercare.toml:4:7: notify.channel[0].url: looks like a secret (a Slack webhook URL)"))
      << m;
  EXPECT_EQ(m.find("XXXXXXXXXXXX"), std::string::npos) << "the message must not repeat the secret: " << m;
}

TEST(NotifyConfig, ARoutingKeyWrittenInTheFileIsRejected) {
  auto m = error_of(R"([[notify.channel]]
name = "pd"
kind = "pagerduty"
routing_key = "0123456789abcdef0123456789abcdef"
events = ["*"]
)");
  EXPECT_TRUE(m.starts_with("ops/hypercare.toml:4:15: notify.channel[0].routing_key: looks like a secret")) << m;
  EXPECT_EQ(m.find("0123456789abcdef"), std::string::npos) << m;
}

TEST(NotifyConfig, UnknownKeysAreNamedWithTheKnownOnes) {
  auto m = error_of(R"([[notify.channel]]
name = "s"
kind = "slack"
url_env = "S"
event = ["*"]
)");
  EXPECT_EQ(m, "ops/hypercare.toml:5:9: notify.channel[0].event: unknown key in [notify.channel[0]]; did you mean "
               "'events'?");
  m = error_of("[[notify.channel]]\nname = \"s\"\nkind = \"slack\"\nurl_env = \"S\"\nzzz = 1\n");
  EXPECT_TRUE(m.starts_with("ops/hypercare.toml:5:7: notify.channel[0].zzz: unknown key in [notify.channel[0]]; the "
                            "keys here are name, kind,"))
      << m;
  m = error_of("[notify]\nretries = 3\n");
  EXPECT_TRUE(m.starts_with("ops/hypercare.toml:2:11: notify.retries: unknown key")) << m;
  m = error_of("[ingest]\nauto_close = true\n");
  EXPECT_TRUE(m.starts_with("ops/hypercare.toml:2:14: ingest.auto_close: unknown key")) << m;
}

TEST(NotifyConfig, AnEventGlobThatMatchesNothingIsAnError) {
  auto m = error_of(R"([[notify.channel]]
name = "s"
kind = "slack"
url_env = "S"
events = ["incident.*", "incidnet.created"]
)");
  EXPECT_TRUE(m.starts_with("ops/hypercare.toml:5:10: notify.channel[0].events: 'incidnet.created' matches no "
                            "event; known events: incident.created,"))
      << m;
  m = error_of(R"([[notify.channel]]
name = "s"
kind = "slack"
url_env = "S"
events = []
)");
  EXPECT_TRUE(m.starts_with("ops/hypercare.toml:5:10: notify.channel[0].events: is required")) << m;
  m = error_of(R"([[notify.channel]]
name = "s"
kind = "slack"
url_env = "S"
events = ["incident.*", 3]
)");
  EXPECT_EQ(m, "ops/hypercare.toml:5:25: notify.channel[0].events: must be a list of strings");
}

TEST(NotifyConfig, BadMinPriorityAndOtherBadValues) {
  auto m = error_of(R"([[notify.channel]]
name = "s"
kind = "slack"
url_env = "S"
events = ["*"]
min_priority = "P5"
)");
  EXPECT_EQ(m, "ops/hypercare.toml:6:16: notify.channel[0].min_priority: must be P1, P2, P3 or P4");

  m = error_of(R"([[notify.channel]]
name = "has space"
kind = "slack"
url_env = "S"
events = ["*"]
)");
  EXPECT_TRUE(m.starts_with("ops/hypercare.toml:2:8: notify.channel[0].name: is required")) << m;

  m = error_of(R"([[notify.channel]]
name = "a"
kind = "webhook"
url_env = "A"
events = ["*"]

[[notify.channel]]
name = "a"
kind = "webhook"
url_env = "B"
events = ["*"]
)");
  EXPECT_EQ(m, "ops/hypercare.toml:8:8: notify.channel[1].name: 'a' is used twice");

  m = error_of(R"([[notify.channel]]
name = "pd"
kind = "pagerduty"
routing_key_env = "A"
url = "ftp://example.com/"
events = ["*"]
)");
  EXPECT_EQ(m, "ops/hypercare.toml:5:7: notify.channel[0].url: must be an http:// or https:// URL");

  m = error_of("[notify]\nmax_attempts = 0\n");
  EXPECT_EQ(m, "ops/hypercare.toml:2:16: notify.max_attempts: must be from 1 to 100");

  m = error_of("[notify]\nchannel = \"slack\"\n");
  EXPECT_EQ(m, "ops/hypercare.toml:2:11: notify.channel: must be [[notify.channel]] tables");

  m = error_of("[ingest.severity_map]\ncritical = \"urgent\"\n");
  EXPECT_EQ(m, "ops/hypercare.toml:2:12: ingest.severity_map.critical: must be P1, P2, P3 or P4");

  m = error_of("[ingest]\ndefault_priority = \"P0\"\n");
  EXPECT_EQ(m, "ops/hypercare.toml:2:20: ingest.default_priority: must be P1, P2, P3 or P4");
}

TEST(NotifyConfig, EveryIssueEventTypeIsKnown) {
  const auto& known = known_event_types();
  for (std::string_view e : {"incident.created", "incident.acknowledged", "incident.escalated", "incident.breached",
                             "incident.resolved", "health.failed", "health.recovered", "hotfix.started",
                             "handover.created"})
    EXPECT_NE(std::find(known.begin(), known.end(), e), known.end()) << e;
}

TEST(GlobMatch, StarsMatchAnyRunIncludingDots) {
  EXPECT_TRUE(glob_match("*", "incident.created"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("incident.*", "incident.created"));
  EXPECT_TRUE(glob_match("incident.*", "incident."));
  EXPECT_FALSE(glob_match("incident.*", "incident"));
  EXPECT_FALSE(glob_match("incident.*", "health.failed"));
  EXPECT_TRUE(glob_match("*.failed", "health.failed"));
  EXPECT_TRUE(glob_match("*.failed", "hotfix.failed"));
  EXPECT_FALSE(glob_match("*.failed", "health.failed.again"));
  EXPECT_TRUE(glob_match("*.*", "a.b.c"));
  EXPECT_TRUE(glob_match("h*.*ed", "hotfix.succeeded"));
  EXPECT_TRUE(glob_match("a*b*c", "aXbYbZc"));  // needs backtracking past the first 'b'
  EXPECT_FALSE(glob_match("a*b*c", "aXbYbZ"));
  EXPECT_TRUE(glob_match("**", "x"));
  EXPECT_TRUE(glob_match("incident.created", "incident.created"));
  EXPECT_FALSE(glob_match("incident.created", "incident.create"));
  EXPECT_FALSE(glob_match("incident.create", "incident.created"));
  EXPECT_FALSE(glob_match("", "x"));
  EXPECT_TRUE(glob_match("", ""));
  EXPECT_FALSE(glob_match("Incident.*", "incident.created"));  // case matters: event names are lower case
}

TEST(GlobMatch, ALongNonMatchingPatternStaysFast) {
  std::string text(5000, 'a');
  std::string pattern = "*a*a*a*a*a*a*a*a*b";
  EXPECT_FALSE(glob_match(pattern, text));
}

}  // namespace
}  // namespace hypercare::config
