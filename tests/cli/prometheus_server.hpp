// The real Prometheus (Debian's `prometheus`, installed by tests/deps.sh) on a free loopback port,
// for a test: scraping itself every second, or serving a history written beforehand with
// `promtool tsdb create-blocks-from openmetrics` (for reports over days in the past).
#pragma once

#include <sys/types.h>

#include <string>

#include "harness.hpp"

namespace hctest {

inline constexpr const char* k_prometheus = "/usr/bin/prometheus";
inline constexpr const char* k_promtool = "/usr/bin/promtool";

struct HttpAnswer {
  int status = 0;  // 0: no answer
  std::string body;
};
// A minimal HTTP/1.0 GET on 127.0.0.1:port (the path must already be URL-encoded).
HttpAnswer http_get(int port, const std::string& path);

class PrometheusServer {
 public:
  PrometheusServer() = default;
  PrometheusServer(const PrometheusServer&) = delete;
  PrometheusServer& operator=(const PrometheusServer&) = delete;
  ~PrometheusServer() { stop(); }

  // Starts it in `dir` and waits until it is ready (and, scraping itself, has `up` samples).
  // `openmetrics`, when not empty, is backfilled first and kept for 100 years. `more_config` is
  // added to prometheus.yml (rule_files, alerting). Returns "" or what went wrong.
  std::string start(const fs::path& dir, const Env& env, const std::string& openmetrics = {},
                    const std::string& more_config = {});
  // Reads prometheus.yml and its rule files again (SIGHUP).
  void reload() const;
  void stop();
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }

  int port = 0;
  pid_t pid = -1;
};

}  // namespace hctest
