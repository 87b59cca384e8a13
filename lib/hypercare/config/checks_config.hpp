// checks.toml: the health checks — defaults, an optional Prometheus server, and [[check]]
// entries of kind http, tcp, command, disk, prometheus, rules or info.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"

namespace hypercare::config {

// info: a figure recorded and shown without a verdict (a command's output or a PromQL value): it
// is kept out of verdicts, uptime, on_fail and notifications, and shown by `report daily`.
enum class CheckKind { http, tcp, command, disk, prometheus, rules, info };
std::string_view check_kind_name(CheckKind k);

struct Thresholds {
  std::optional<double> warn_above, fail_above, warn_below, fail_below;
  bool any() const { return warn_above || fail_above || warn_below || fail_below; }
};

struct OnFail {
  Priority priority = Priority::P2;
  int after = 3;
};

struct CheckSpec {
  std::string name, service;
  CheckKind kind = CheckKind::command;
  std::vector<std::string> tags;
  bool critical = true;  // severity: critical (a failure is a failure) or warning (it only warns)
  std::chrono::milliseconds timeout{5000};
  core::Seconds interval{300};
  std::optional<OnFail> on_fail;
  // http
  std::string url, method = "GET", body_contains, body_regex;
  std::vector<std::pair<int, int>> expect_status;  // inclusive ranges; empty: 200–399
  std::optional<std::chrono::milliseconds> max_latency;
  std::vector<std::pair<std::string, std::string>> headers;  // values may be $VAR or ${VAR}
  bool tls_verify = true;
  // tcp
  std::string address;
  // command
  std::string command, expect_output;
  // command, prometheus (on the value) and disk (on the free percentage)
  Thresholds thresholds;
  // disk
  std::string path;
  // prometheus
  std::string query, on_empty = "fail";  // ok | warn | fail
  // rules
  std::string file;
  // info (with command or query)
  std::string unit;  // shown after the value: "connections", "%", "GiB"
};

struct ChecksConfig {
  std::filesystem::path file;
  std::chrono::milliseconds timeout{5000};
  core::Seconds interval{300};
  std::string prometheus_url;
  std::vector<CheckSpec> checks;
};

inline constexpr const char* k_checks_file = "checks.toml";

// nullopt when the ops dir has no checks.toml.
core::Result<std::optional<ChecksConfig>> load_checks_config(const std::filesystem::path& ops_dir);
core::Result<ChecksConfig> parse_checks_config(const TomlFile& file);
class Schema;
const Schema& checks_schema();  // the keys checks.toml may hold

}  // namespace hypercare::config
