// secret_reason: secrets (webhook URLs, credentials in URLs, tokens, cloud keys, keys that hold
// a password) are found; the names of secrets (url_env, token_secret) and plain values are not;
// the reason never repeats the secret.
#include "hypercare/config/secret_scan.hpp"

#include <gtest/gtest.h>

namespace hypercare::config {
namespace {

struct Case {
  std::string_view key, value, reason;
};

// Under neutral keys, so that the value alone gives it away.
const Case k_secrets[] = {
    {"url", "https://hooks.slack.com/services/T0/B0/XXXX", "a Slack webhook URL"},
    {"url", "https://hooks.slack.com:443/services/T0/B0/XXXX", "a Slack webhook URL"},
    {"url", "HTTPS://HOOKS.SLACK.COM/services/T0/B0/XXXX", "a Slack webhook URL"},
    {"url", "https://discord.com/api/webhooks/123/abc", "a Discord webhook URL"},
    {"url", "https://user:pass@example.com/x", "a URL with a password in it (user:password@)"},
    {"url", "https://example.com/x?token=abc123", "a URL with a token in its query"},
    {"header", "Bearer abcdef1234567890abcdef", "an Authorization credential (Bearer/Basic)"},
    {"id", "AKIAIOSFODNN7EXAMPLE", "an AWS access key id"},
    {"pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "a private key"},
    {"command", "curl -X POST 'https://hooks.slack.com/services/T0/B0/XXXX' -d @msg.json", "a Slack webhook URL"},
};

TEST(SecretScan, ValuesThatAreSecretsAreNamed) {
  for (const auto& c : k_secrets) {
    auto why = secret_reason(c.key, c.value);
    ASSERT_TRUE(why) << c.key << " = " << c.value;
    EXPECT_EQ(*why, c.reason) << c.value;
  }
}

TEST(SecretScan, KeysThatHoldSecretsAreNamed) {
  EXPECT_EQ(secret_reason("Authorization", "Bearer abcdef1234567890abcdef"),
            "'Authorization' holds a password, token or key");
  EXPECT_EQ(secret_reason("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "'AWS_SECRET_ACCESS_KEY' holds a password, token or key");
  EXPECT_EQ(secret_reason("routing_key", "0123456789abcdef0123456789abcdef"),
            "'routing_key' holds a password, token or key");
  EXPECT_EQ(secret_reason("password", "hunter2"), "'password' holds a password, token or key");
}

TEST(SecretScan, TheNamesOfSecretsAndPlainValuesAreNot) {
  EXPECT_EQ(secret_reason("url_env", "SLACK_URL"), std::nullopt);
  EXPECT_EQ(secret_reason("routing_key_env", "PD_ROUTING_KEY"), std::nullopt);
  EXPECT_EQ(secret_reason("token_secret", "pd"), std::nullopt);
  EXPECT_EQ(secret_reason("url_secret", "slack"), std::nullopt);
  EXPECT_EQ(secret_reason("url", "https://example.com/health"), std::nullopt);
  EXPECT_EQ(secret_reason("url", "https://example.com/x?page=2"), std::nullopt);
  EXPECT_EQ(secret_reason("name", "Smart Dairy"), std::nullopt);
  EXPECT_EQ(secret_reason("description", "System down"), std::nullopt);
  EXPECT_EQ(secret_reason("password", ""), std::nullopt);  // nothing to leak
}

TEST(SecretScan, TheReasonNeverContainsTheSecret) {
  const std::pair<std::string_view, std::string_view> secrets[] = {
      {"url", "https://hooks.slack.com/services/T0/B0/XXXX"},
      {"url", "https://user:pass@example.com/x"},
      {"url", "https://example.com/x?token=abc123"},
      {"header", "Bearer abcdef1234567890abcdef"},
      {"id", "AKIAIOSFODNN7EXAMPLE"},
      {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
      {"routing_key", "0123456789abcdef0123456789abcdef"},
      {"password", "hunter2"},
  };
  for (const auto& [key, value] : secrets) {
    auto why = secret_reason(key, value);
    ASSERT_TRUE(why) << value;
    EXPECT_EQ(why->find(value), std::string::npos) << *why;
    for (std::string_view part : {"XXXX", "pass@", "abc123", "abcdef123456", "IOSFODNN7", "wJalrXUtn", "0123456789abcdef",
                                  "hunter2"})
      EXPECT_EQ(why->find(part), std::string::npos) << *why;
  }
}

}  // namespace
}  // namespace hypercare::config
