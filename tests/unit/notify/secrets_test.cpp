// Channel secrets: from the environment or from secrets.toml (owner-only, else permission = exit
// 77), with hints that fix the problem, and never the value in any message.
#include "hypercare/notify/secrets.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace hypercare::notify {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_value = "https://hooks.slack.com/services/T0AAA/B0BBB/planted0secret0token";

config::SecretRef env_ref(std::string name) {
  config::SecretRef r;
  r.env = std::move(name);
  return r;
}

config::SecretRef file_ref(std::string key) {
  config::SecretRef r;
  r.secret_key = std::move(key);
  return r;
}

class SecretsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() / ("hc-secrets-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_dir);
    fs::create_directories(m_dir / "hypercare");
    m_env = {{"XDG_CONFIG_HOME", m_dir.string()}, {"HOME", "/nonexistent"}};
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(m_dir);
  }
  fs::path write(std::string_view text, mode_t mode) {
    auto p = m_dir / "hypercare" / "secrets.toml";
    std::ofstream(p) << text;
    ::chmod(p.c_str(), mode);
    return p;
  }
  void expect_no_value(const core::Error& e) {
    EXPECT_EQ(e.message.find("planted0secret0token"), std::string::npos) << e.message;
    EXPECT_EQ(e.hint.find("planted0secret0token"), std::string::npos) << e.hint;
  }
  fs::path m_dir;
  Env m_env;
};

TEST(Secrets, FromTheEnvironment) {
  Env env{{"HC_SLACK", std::string(k_value)}};
  Secrets s(env);
  auto v = s.resolve(env_ref("HC_SLACK"));
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, k_value);
}

TEST(Secrets, AnUnsetOrEmptyVariableSaysWhichAndHowToSetIt) {
  Env env{{"EMPTY", ""}};
  Secrets s(env);
  for (std::string name : {"HC_SLACK", "EMPTY"}) {
    auto v = s.resolve(env_ref(name));
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().kind, core::ErrorKind::missing);
    EXPECT_EQ(v.error().message, "the environment variable " + name + " is not set");
    EXPECT_TRUE(v.error().hint.starts_with("export " + name + "=")) << v.error().hint;
  }
}

TEST(Secrets, ALiteralUrlIsItsOwnValue) {
  Env env;
  Secrets s(env);
  config::SecretRef r;
  r.literal = "https://hooks.example.com/x";
  EXPECT_EQ(*s.resolve(r), "https://hooks.example.com/x");
}

TEST_F(SecretsFile, AnOwnerOnlyFileIsRead) {
  write(fmt::format("ops_webhook_url = \"{}\"\npd_key = \"0123456789abcdef0123456789abcdef\"\n", k_value), 0600);
  Secrets s(m_env);
  auto v = s.resolve(file_ref("ops_webhook_url"));
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, k_value);
  EXPECT_EQ(*s.resolve(file_ref("pd_key")), "0123456789abcdef0123456789abcdef");
}

TEST_F(SecretsFile, AFileOthersCanReadIsAPermissionErrorWithTheChmodHint) {
  for (mode_t mode : {mode_t(0644), mode_t(0640), mode_t(0604)}) {
    auto p = write(fmt::format("ops_webhook_url = \"{}\"\n", k_value), mode);
    Secrets s(m_env);
    auto v = s.resolve(file_ref("ops_webhook_url"));
    ASSERT_FALSE(v) << fmt::format("{:o}", mode);
    EXPECT_EQ(v.error().kind, core::ErrorKind::permission);
    EXPECT_EQ(core::exit_code(v.error().kind), 77);
    EXPECT_EQ(v.error().message, fmt::format("{} is readable by others (mode {:04o}); secrets must be private",
                                             p.string(), mode));
    EXPECT_EQ(v.error().hint, "chmod 600 " + p.string());
    expect_no_value(v.error());
  }
}

TEST_F(SecretsFile, AMissingKeySaysWhichFileAndWhatLineToAdd) {
  auto p = write(fmt::format("other = \"{}\"\n", k_value), 0600);
  Secrets s(m_env);
  auto v = s.resolve(file_ref("ops_webhook_url"));
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().kind, core::ErrorKind::missing);
  EXPECT_EQ(v.error().message, p.string() + " has no key 'ops_webhook_url'");
  EXPECT_EQ(v.error().hint, "add a line: ops_webhook_url = \"...\"");
  expect_no_value(v.error());
}

TEST_F(SecretsFile, AMissingFileSaysHowToCreateIt) {
  Secrets s(m_env);
  auto v = s.resolve(file_ref("k"));
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().kind, core::ErrorKind::missing);
  auto p = (m_dir / "hypercare" / "secrets.toml").string();
  EXPECT_EQ(v.error().message, p + " does not exist");
  EXPECT_EQ(v.error().hint, "create it with mode 0600: install -m 600 /dev/null " + p);
}

TEST_F(SecretsFile, ABrokenFileNeverEchoesTheValue) {
  // An unquoted value, a cut-off string, a number too big for TOML: the TOML parser would quote
  // the offending text, which is the secret. The message points at the line instead.
  const std::string broken[] = {"ops_webhook_url = planted0secret0token\n",
                                fmt::format("ops_webhook_url = \"{}\n", k_value),
                                "ops_webhook_url = 12345678901234567890planted0secret0token\n",
                                "ops_webhook_url = 12345678901234567890\n"};
  auto p = (m_dir / "hypercare" / "secrets.toml").string();
  for (const auto& text : broken) {
    write(text, 0600);
    Secrets s(m_env);
    auto v = s.resolve(file_ref("ops_webhook_url"));
    ASSERT_FALSE(v) << text;
    EXPECT_EQ(v.error().kind, core::ErrorKind::config) << v.error().message;
    EXPECT_TRUE(v.error().message.starts_with(p + ":1:")) << v.error().message;
    EXPECT_NE(v.error().message.find("not valid TOML"), std::string::npos) << v.error().message;
    expect_no_value(v.error());
    EXPECT_EQ(v.error().message.find("1234567890"), std::string::npos) << v.error().message;
  }
  // Valid TOML, but not a string: named by position and key only.
  write("ops_webhook_url = 1234567890\n", 0600);
  Secrets s(m_env);
  auto v = s.resolve(file_ref("ops_webhook_url"));
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message, p + ":1:19: ops_webhook_url: must be a string");
}

TEST(SecretsPath, XdgConfigHomeThenHome) {
  EXPECT_EQ(secrets_path({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}}), fs::path("/x/hypercare/secrets.toml"));
  EXPECT_EQ(secrets_path({{"XDG_CONFIG_HOME", ""}, {"HOME", "/h"}}), fs::path("/h/.config/hypercare/secrets.toml"));
  EXPECT_EQ(secrets_path({{"HOME", "/h"}}), fs::path("/h/.config/hypercare/secrets.toml"));
  EXPECT_FALSE(secrets_path({}));
}

TEST(Redact, EveryOccurrenceGoes) {
  EXPECT_EQ(redact("a KEY1234 b KEY1234KEY1234", "KEY1234"), "a *** b ******");
  EXPECT_EQ(redact("nothing here", "KEY1234"), "nothing here");
  EXPECT_EQ(redact("", "KEY1234"), "");
  EXPECT_EQ(redact("aaaaaa", "aaaa"), "***aa");
  // Too short to be a secret worth hiding (and redacting it would mangle ordinary text).
  EXPECT_EQ(redact("abc abc", "abc"), "abc abc");
}

TEST(Redact, AUrlsPathAndTokenGoToo) {
  // What servers echo back of a webhook URL: the whole of it, its path, or the token alone.
  const std::string url = "https://hooks.slack.com/services/T0AAA/B0BBB/planted0secret0token";
  EXPECT_EQ(redact("POST " + url + ": timed out", url), "POST ***: timed out");
  EXPECT_EQ(redact("<pre>Cannot POST /services/T0AAA/B0BBB/planted0secret0token</pre>", url), "<pre>Cannot POST ***</pre>");
  EXPECT_EQ(redact("invalid_token planted0secret0token", url), "invalid_token ***");
  // Short paths and segments are not secrets worth mangling other text for.
  EXPECT_EQ(redact("see /hook for more", "https://example.com/hook"), "see /hook for more");
  EXPECT_EQ(redact("routing key R0UTE", "R0UTE"), "routing key ***");
}

}  // namespace
}  // namespace hypercare::notify
