#include "prometheus_server.hpp"

#include "fake_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <thread>

namespace hctest {

using namespace std::chrono_literals;

HttpAnswer http_get(int port, const std::string& path) {
  HttpAnswer out;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return out;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(std::uint16_t(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return out;
  }
  std::string req = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != ssize_t(req.size())) {
    ::close(fd);
    return out;
  }
  std::string resp;
  char buf[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 2000) <= 0) break;
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    resp.append(buf, std::size_t(n));
  }
  ::close(fd);
  std::smatch m;
  if (std::regex_search(resp, m, std::regex("^HTTP/1\\.[01] (\\d{3})"))) out.status = std::stoi(m[1]);
  auto body = resp.find("\r\n\r\n");
  if (body != std::string::npos) out.body = resp.substr(body + 4);
  return out;
}

std::string PrometheusServer::start(const fs::path& dir, const Env& env, const std::string& openmetrics,
                                    const std::string& more_config) {
  port = refused_port();  // free a moment ago
  if (port <= 0) return "no free port";
  fs::create_directories(dir / "data");
  bool scrape_self = openmetrics.empty();
  if (scrape_self) {
    spit(dir / "prometheus.yml", "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                                 "scrape_configs: [{job_name: self, static_configs: [{targets: ['127.0.0.1:" +
                                     std::to_string(port) + "']}]}]\n" + more_config);
  } else {
    spit(dir / "prometheus.yml", "global: {}\n");
    spit(dir / "history.om", openmetrics);
    auto r = run({k_promtool, "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=2400h",
                  (dir / "history.om").string(), (dir / "data").string()},
                 env, {}, dir);
    if (r.exit != 0) return "promtool could not write the history: " + r.describe();
  }
  pid = spawn({k_prometheus, "--config.file=" + (dir / "prometheus.yml").string(),
               "--storage.tsdb.path=" + (dir / "data").string(), "--storage.tsdb.retention.time=100y",
               // An alert that fired before the Alertmanager was found is sent again a second later,
               // not after the default minute.
               "--rules.alert.resend-delay=1s",
               "--web.listen-address=127.0.0.1:" + std::to_string(port)},
              env, dir);
  if (pid <= 0) return "could not start " + std::string(k_prometheus);
  auto deadline = std::chrono::steady_clock::now() + 20s;
  bool ready = false, up = !scrape_self;
  while (std::chrono::steady_clock::now() < deadline && !(ready && up)) {
    int st = 0;
    if (::waitpid(pid, &st, WNOHANG) != 0) {
      pid = -1;
      return "prometheus exited early (port " + std::to_string(port) + " taken?)";
    }
    if (!ready) ready = http_get(port, "/-/ready").status == 200;
    if (ready && !up) {
      auto q = http_get(port, "/api/v1/query?query=up");
      auto j = nlohmann::json::parse(q.body, nullptr, false);
      up = q.status == 200 && j.is_object() && j.value("status", "") == "success" && !j["data"]["result"].empty();
    }
    if (!(ready && up)) std::this_thread::sleep_for(100ms);
  }
  if (!ready) return "prometheus on port " + std::to_string(port) + " never became ready";
  if (!up) return "prometheus on port " + std::to_string(port) + " has no `up` samples after 20 s";
  return {};
}

void PrometheusServer::reload() const {
  if (pid > 0) ::kill(pid, SIGHUP);
}

void PrometheusServer::stop() {
  if (pid <= 0) return;
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (::waitpid(pid, nullptr, WNOHANG) == pid) {
      pid = -1;
      return;
    }
    std::this_thread::sleep_for(100ms);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  pid = -1;
}

}  // namespace hctest
