// Shared by the notify_*_test.cpp end-to-end tests: channels written into hypercare.toml that
// point at a FakeEndpoint, planted secrets, and readers for the outbox and the fake's requests.
#pragma once

#include <sys/stat.h>

#include <chrono>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "fake_http.hpp"
#include "harness.hpp"

namespace hctest {

// Planted secrets: distinctive enough that finding them anywhere is certainly a leak.
inline constexpr const char* k_pd_key = "R0UT1NGKEYplanted000000000000042";  // 32 characters, like a real one
inline constexpr const char* k_slack_path = "/services/T0PLANTED/B0PLANTED/sl4ckPlantedT0kenXyZ";
inline constexpr const char* k_slack_token = "sl4ckPlantedT0kenXyZ";
inline constexpr const char* k_hook_path = "/hooks/w3bh00kPlantedS3cretQ";
inline constexpr const char* k_hook_token = "w3bh00kPlantedS3cretQ";

inline std::string pagerduty_channel(const std::string& url, const std::string& extra = "",
                                     const std::string& name = "pagerduty") {
  return fmt::format(
      "\n[[notify.channel]]\nname = \"{}\"\nkind = \"pagerduty\"\nrouting_key_env = \"HYPERCARE_PD_ROUTING_KEY\"\n"
      "url = \"{}\"\nevents = [\"incident.created\", \"incident.acknowledged\", \"incident.resolved\"]\n{}",
      name, url, extra);
}

inline std::string slack_channel(const std::string& extra = "", const std::string& name = "hypercare-slack") {
  return fmt::format("\n[[notify.channel]]\nname = \"{}\"\nkind = \"slack\"\nurl_env = \"HYPERCARE_SLACK_WEBHOOK\"\n"
                     "events = [\"incident.*\"]\n{}",
                     name, extra);
}

inline std::string webhook_channel(const std::string& extra = "", const std::string& name = "ops-webhook") {
  return fmt::format("\n[[notify.channel]]\nname = \"{}\"\nkind = \"webhook\"\nurl_env = \"HYPERCARE_OPS_WEBHOOK\"\n"
                     "events = [\"*\"]\n{}",
                     name, extra);
}

class NotifyCliTest : public CliTest {
 protected:
  // Appends TOML (channels, [notify] and [ingest] settings) to the ops dir's hypercare.toml; a
  // [notify] or [ingest] table it brings replaces the one the example may already have.
  void configure(const std::string& toml) const {
    for (std::string_view table : {"[notify]", "[ingest"})
      if (toml.starts_with(table) || toml.find("\n" + std::string(table)) != std::string::npos) drop_tables(table);
    append_bytes(ops / "hypercare.toml", toml);
  }

  // Removes from hypercare.toml every table whose header starts with `prefix`, with its keys.
  void drop_tables(std::string_view prefix) const {
    std::string out;
    bool skip = false;
    for (const auto& line : split_lines(slurp(ops / "hypercare.toml"))) {
      if (line.starts_with("[")) skip = line.starts_with(prefix);
      if (!skip) out += line + "\n";
    }
    spit(ops / "hypercare.toml", out);
  }

  // The env every notifying command gets: the routing key, and the Slack / webhook URLs on `fake`.
  void point_at(const FakeEndpoint& fake) {
    env["HYPERCARE_PD_ROUTING_KEY"] = k_pd_key;
    env["HYPERCARE_SLACK_WEBHOOK"] = fake.url(k_slack_path);
    env["HYPERCARE_OPS_WEBHOOK"] = fake.url(k_hook_path);
  }

  // Writes $XDG_CONFIG_HOME/hypercare/secrets.toml with `mode`.
  void write_secrets(const std::string& toml, mode_t mode = 0600) const {
    auto dir = home / ".config" / "hypercare";
    fs::create_directories(dir);
    spit(dir / "secrets.toml", toml);
    ::chmod((dir / "secrets.toml").c_str(), mode);
  }

  // `notify list --json` (optionally --failed): the queued and dead entries.
  nlohmann::json outbox(bool failed = false, const Env& extra = {}) const {
    std::vector<std::string> args{"notify", "list", "--json"};
    if (failed) args.push_back("--failed");
    auto r = hc(args, extra);
    EXPECT_EXIT_CODE(r, 0);
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_array()) << r.describe();
    return j.is_array() ? j : nlohmann::json::array();
  }

  // `notify list --sent --limit 0 --json`: this machine's delivery log.
  nlohmann::json sent_log() const {
    auto r = hc({"notify", "list", "--sent", "--limit", "0", "--json"});
    EXPECT_EXIT_CODE(r, 0);
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_array()) << r.describe();
    return j.is_array() ? j : nlohmann::json::array();
  }

  // The entry files in .hypercare/outbox/ (not sent.jsonl, not the lock).
  std::vector<fs::path> outbox_files() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(ops / ".hypercare" / "outbox", ec))
      if (e.path().extension() == ".json") out.push_back(e.path());
    return out;
  }
};

// Each request body the fake got, parsed.
inline std::vector<nlohmann::json> bodies(const FakeEndpoint& fake) {
  std::vector<nlohmann::json> out;
  for (const auto& r : fake.received()) out.push_back(nlohmann::json::parse(r.body, nullptr, false));
  return out;
}

// Non-empty stderr lines.
inline std::vector<std::string> err_lines(const RunResult& r) {
  std::vector<std::string> out;
  for (auto& l : split_lines(r.err))
    if (!l.empty()) out.push_back(l);
  return out;
}

inline Reply pd_accepted() {
  return Reply{.mode = Reply::Mode::respond, .status = 202,
               .body = R"({"status":"success","message":"Event processed","dedup_key":"x"})",
               .headers = {{"Content-Type", "application/json"}}, .delay = {}};
}

inline Reply answer(int status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  return Reply{.mode = Reply::Mode::respond, .status = status, .body = std::move(body), .headers = std::move(headers),
               .delay = {}};
}

inline Reply stall() {
  return Reply{.mode = Reply::Mode::stall, .status = 200, .body = "", .headers = {}, .delay = {}};
}

inline double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace hctest
