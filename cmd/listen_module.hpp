// The HTTP server of `watch --listen`, as a module the watcher loads when it needs it
// (hypercare-listen.so, built beside the binary). cpp-httplib as Debian ships it is a shared
// library built with OpenSSL, zlib and brotli: linked into the binary it made every command start
// 2.5 times slower, for the one command that listens. The module does HTTP only — limits, the
// token, routing — and calls back into the binary for what a request means. Both sides are built
// together by the same compiler, so C++ types cross the boundary.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>

namespace hypercare::cli::listen {

struct Answer {
  int status = 200;
  std::string body;         // JSON, or what content_type says
  int retry_after_s = -1;   // Retry-After, when >= 0
  std::string content_type = "application/json";
};

struct Routes {
  std::function<Answer(const std::string& body)> alertmanager;                      // POST /alertmanager
  std::function<Answer(const std::string& name, const std::string& body)> webhook;  // POST /webhook/NAME
  std::function<Answer(const std::string& name)> heartbeat;                           // GET|POST /heartbeat/NAME
  std::function<Answer()> healthz;                                                 // GET /healthz
  std::function<Answer()> metrics;                                                 // GET /metrics
  // GET|POST /ack/ID?m=…&exp=…&sig=…: a signed ack link (its own credential: no bearer token).
  std::function<Answer(const std::string& method, const std::string& id, const std::map<std::string, std::string>& query)> ack;
};

struct ServerOptions {
  std::string host;
  int port = 0;                 // 0: a free one (Server::port says which)
  std::string token;            // empty: none required; else "Authorization: Bearer TOKEN" (not for /healthz)
  std::size_t max_body = 0;     // bytes; more is 413
  std::size_t threads = 4;      // requests read and answered at once; the others wait
  std::chrono::seconds read_timeout{10}, write_timeout{10};
  int keep_alive_s = 5;
};

class Server {
 public:
  virtual ~Server() = default;
  virtual int port() const = 0;
  // Stops accepting and returns once the requests in flight are answered.
  virtual void stop() = 0;
};

// The module's one entry point: binds and serves in the background, or returns nullptr and says
// why in *error.
using StartFn = Server* (*)(const ServerOptions& options, const Routes& routes, std::string* error);
inline constexpr const char* k_start_symbol = "hypercare_listen_start_v5";
inline constexpr const char* k_module_file = "hypercare-listen.so";

}  // namespace hypercare::cli::listen
