// Planted secrets — a Slack webhook URL (its path token), a PagerDuty routing key, a webhook URL
// from secrets.toml — must appear nowhere: not in stdout or stderr of any command (successes,
// failures, --json, --verbose), not in any file of the ops dir (.hypercare/outbox included, and
// its file names), not in any git object.
#include <sys/stat.h>

#include "notify_helpers.hpp"

namespace {

using namespace hctest;
using CliSecrets = NotifyCliTest;
using nlohmann::json;

const std::vector<std::string>& planted() {
  static const std::vector<std::string> s = {k_pd_key, k_slack_token, k_hook_token};
  return s;
}

void expect_clean(const std::string& what, const std::string& text) {
  for (const auto& secret : planted())
    EXPECT_EQ(text.find(secret), std::string::npos) << what << " holds the secret " << secret << ":\n"
                                                    << text.substr(0, 3000);
}

class CliSecretsRun : public CliSecrets {
 protected:
  // Runs a command and checks both of its streams.
  RunResult run_clean(const std::vector<std::string>& args, const Env& extra = {}) {
    auto r = hc(args, extra);
    std::string what;
    for (const auto& a : args) what += a + " ";
    expect_clean("stdout of `" + what + "`", r.out);
    expect_clean("stderr of `" + what + "`", r.err);
    ++m_runs;
    return r;
  }
  int m_runs = 0;
};

TEST_F(CliSecretsRun, PlantedSecretsAreNowhereInOutputFilesOrGit) {
  init_ops(true);
  FakeEndpoint fake;
  bool failing = false;
  // Working, then failing the way real services do: PagerDuty's 400 JSON, Slack's plain strings,
  // and a webhook behind an Express app that echoes the path it could not route.
  fake.respond_with([&failing](const Received& r) {
    if (r.path == "/v2/enqueue")
      return failing ? answer(400, R"({"status":"invalid event","message":"Event object is invalid","errors":["bad"]})")
                     : pd_accepted();
    if (r.path == k_slack_path) return failing ? answer(403, "action_prohibited") : answer(200, "ok");
    return failing ? answer(404, std::string("<pre>Cannot POST ") + k_hook_path + "</pre>") : answer(204, "");
  });
  configure(pagerduty_channel(fake.url("/v2/enqueue")) + slack_channel() +
            "\n[[notify.channel]]\nname = \"ops-webhook\"\nkind = \"webhook\"\nurl_secret = \"ops_webhook_url\"\n"
            "events = [\"*\"]\n");
  point_at(fake);
  write_secrets(fmt::format("ops_webhook_url = \"{}\"\n", fake.url(k_hook_path)));

  // Everything works.
  auto created = run_clean({"incident", "new", "Payments API down", "-p", "P1", "--json"});
  ASSERT_EXIT_CODE(created, 0);
  auto id = json::parse(created.out)["id"].get<std::string>();
  run_clean({"incident", "ack", id, "--verbose"});
  run_clean({"incident", "new", "Checkout slow", "-p", "P2"});
  for (const char* ch : {"pagerduty", "hypercare-slack", "ops-webhook"}) {
    EXPECT_EXIT_CODE(run_clean({"notify", "test", ch}), 0);
    run_clean({"notify", "test", ch, "--json"});
  }
  ASSERT_GE(fake.count(), 15u);

  // Everything fails.
  failing = true;
  auto second = run_clean({"incident", "new", "Orders stuck", "-p", "P1", "--json"});
  EXPECT_EXIT_CODE(second, 0);
  EXPECT_FALSE(second.err.empty()) << "the failures were reported";
  run_clean({"incident", "resolve", id, "--root-cause", "pool", "--resolution", "raised", "--verbose"});
  for (const char* ch : {"pagerduty", "hypercare-slack", "ops-webhook"}) {
    EXPECT_EXIT_CODE(run_clean({"notify", "test", ch}), 69);
    run_clean({"notify", "test", ch, "--json"});
  }
  // Unreachable, and timing out: curl's messages name the URL.
  run_clean({"incident", "note", id, "-m", "x"});
  run_clean({"incident", "reopen", id, "-m", "back"},
            {{"HYPERCARE_SLACK_WEBHOOK", fmt::format("http://127.0.0.1:{}{}", refused_port(), k_slack_path)}});
  FakeEndpoint hung;
  hung.fallback(stall());
  run_clean({"notify", "test", "hypercare-slack"}, {{"HYPERCARE_SLACK_WEBHOOK", hung.url(k_slack_path)}});
  // Every view of the outbox and the incidents.
  const std::vector<std::vector<std::string>> views = {{"notify", "list"},
                                        {"notify", "list", "--json"},
                                        {"notify", "list", "--failed"},
                                        {"notify", "list", "--failed", "--json"},
                                        {"notify", "list", "--sent", "--limit", "0"},
                                        {"notify", "list", "--sent", "--json"},
                                        {"notify", "flush"},
                                        {"notify", "flush", "--all", "--json"},
                                        {"notify", "flush", "--all", "--verbose"},
                                        {"incident", "show", id, "--json"},
                                        {"incident", "list", "--all", "--json"},
                                        {"status"},
                                        {"status", "--json"},
                                        {"doctor"},
                                        {"doctor", "--json"}};
  for (const auto& args : views) run_clean(args);
  ASSERT_FALSE(outbox(true).empty()) << "the failures are in the outbox";
  // Secret setup problems: a file others can read, an unset variable.
  ::chmod((home / ".config" / "hypercare" / "secrets.toml").c_str(), 0644);
  EXPECT_EXIT_CODE(run_clean({"notify", "test", "ops-webhook"}), 77);
  run_clean({"notify", "flush", "--json"});
  ::chmod((home / ".config" / "hypercare" / "secrets.toml").c_str(), 0600);
  run_clean({"notify", "test", "pagerduty"}, {{"HYPERCARE_PD_ROUTING_KEY", ""}});
  run_clean({"incident", "new", "x", "-p", "P1"}, {{"HYPERCARE_PD_ROUTING_KEY", ""}});
  EXPECT_GE(m_runs, 35);

  // Every file of the ops dir, hidden and machine-local ones included, and every file name.
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(ops)) {
    expect_clean("the path " + e.path().string(), e.path().string());
    if (!e.is_regular_file()) continue;
    ++files;
    expect_clean(e.path().string(), slurp(e.path()));
  }
  EXPECT_GT(files, 20u);
  ASSERT_FALSE(outbox_files().empty());
  for (const auto& f : outbox_files()) expect_clean("outbox file " + f.string(), slurp(f));

  // Every git object (compressed on disk), reachable or not, and the history as git shows it.
  auto objects = git({"cat-file", "--batch-all-objects", "--batch"});
  ASSERT_EXIT_CODE(objects, 0);
  EXPECT_GT(objects.out.size(), 1000u);
  expect_clean("git objects", objects.out);
  auto log = git({"log", "-p", "--all"});
  ASSERT_EXIT_CODE(log, 0);
  EXPECT_NE(log.out.find(id), std::string::npos) << "the incidents are committed";
  expect_clean("git log -p", log.out);
  for (const auto& secret : planted()) {
    auto grep = git({"grep", "-F", secret, "HEAD"});
    EXPECT_EQ(grep.exit, 1) << "git grep found " << secret << ":\n" << grep.out;
  }
  // The outbox is machine-local: never committed, so another clone never resends it.
  auto tracked = git({"ls-files"});
  EXPECT_EQ(tracked.out.find(".hypercare"), std::string::npos) << tracked.out;
}

}  // namespace
