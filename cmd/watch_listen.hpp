// `watch --listen ADDR`: an HTTP listener (cpp-httplib) in the watch process, beside its rounds.
//
//   POST /alertmanager  an Alertmanager webhook (version 4), recorded exactly as `incident ingest`
//                       records it (ingest_text). 200: recorded and on disk (committed with the next
//                       round); 400: a payload that will never be accepted, with the reason;
//                       503 (Retry-After): it could not be recorded now — a round holds the
//                       record for too long, the lock is busy, the disk is full — so the sender
//                       retries; 401 without the token; 413 over 4 MiB.
//   POST /webhook/NAME  a generic alert from a source declared in [[listen.source]]
//                       (incident/webhook.hpp); 404 for a source that is not declared.
//   GET|POST /heartbeat/NAME
//                       a ping of a [[heartbeat]] (heartbeat.hpp); 404 when none has that name.
//   GET  /metrics       Prometheus text exposition: incidents, SLA breaches, the outbox,
//                       heartbeats, the last round.
//   GET  /healthz       200 while the last round went well (503 when it failed), with that round.
//
// One Invocation serves the rounds and the requests, so they take turns (`turn`): a request waits
// for a round in progress up to k_turn_wait, then answers 503.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "app.hpp"

namespace hypercare::cli {

inline constexpr std::chrono::seconds k_turn_wait{8};  // under Alertmanager's 10 s default timeout

struct ListenAddress {
  std::string host;  // as given: 127.0.0.1, ::1, localhost, 0.0.0.0, ...
  int port = 0;
  bool loopback = false;
  std::string text() const;  // host:port, [v6]:port
};
// "127.0.0.1:9095", "[::1]:9095", "localhost:9095", "0.0.0.0:9095"; ":9095" is every address.
core::Result<ListenAddress> parse_listen_address(std::string_view text);

// What /healthz tells of the last round.
struct RoundState {
  core::TimePoint at{};
  bool ok = true;
  std::string error;
  std::chrono::milliseconds took{0};
};

class Listener {
 public:
  // Binds `address` (a usage error when it cannot) and serves in the background. The token comes
  // from [listen] in hypercare.toml: required off loopback, and wherever it is configured.
  static core::Result<std::unique_ptr<Listener>> start(Invocation& inv, std::timed_mutex& turn, const ListenAddress& address);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  void round_done(RoundState state);
  // Stops accepting and returns once the requests in flight are answered.
  void stop();

 private:
  struct Impl;
  explicit Listener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace hypercare::cli
