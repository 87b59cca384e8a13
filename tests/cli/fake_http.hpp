// A scriptable fake HTTP/1.1 endpoint on loopback for end-to-end tests: stands in for Slack,
// PagerDuty, a webhook receiver or any HTTP service the real binary talks to. Each request is
// recorded (method, target, lower-cased headers, de-chunked body, arrival time) and answered with
// the next scripted Reply, then with the fallback, or with what a user function computes. A reply
// can be delayed, withheld until the endpoint stops (a hung server) or replaced by a bare close.
// Every answer carries `Connection: close`; one request per connection.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace hctest {

struct Reply {
  // respond: answer (after `delay`); stall: read the request and never answer, until the client
  // goes away or the endpoint stops; close: close the connection without answering.
  enum class Mode { respond, stall, close };
  Mode mode = Mode::respond;
  int status = 200;
  std::string body = "ok";
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. {"Retry-After", "2"}
  std::chrono::milliseconds delay{0};                         // before answering (or closing)
};

struct Received {
  std::string method, path, body;               // path: the request target as sent (with ?query)
  std::map<std::string, std::string> headers;   // lower-cased names; repeated ones joined by ", "
  std::chrono::steady_clock::time_point at;     // when the whole request had arrived
};

class FakeEndpoint {
 public:
  FakeEndpoint();   // listens on 127.0.0.1, ephemeral port, serves until destroyed
  ~FakeEndpoint();  // stops, unblocks stalled and delayed connections, joins every thread
  FakeEndpoint(const FakeEndpoint&) = delete;
  FakeEndpoint& operator=(const FakeEndpoint&) = delete;

  int port() const { return m_port; }
  std::string url(std::string_view path = "/") const;  // "http://127.0.0.1:PORT/path"

  // Replies consumed in order, one per request (replaces what is left of an earlier script)...
  void script(std::vector<Reply> replies);
  // ...then this one for every further request (default: 200 "ok").
  void fallback(Reply r);
  // Computes the reply per request instead (overrides script and fallback; empty fn: back to them).
  // Called on the connection's thread without any lock held; it may call received()/count().
  void respond_with(std::function<Reply(const Received&)> fn);

  // Requests are recorded as soon as they have been read, before the reply is chosen or sent.
  std::vector<Received> received() const;  // thread-safe copy of every request so far, in order
  std::size_t count() const;
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout) const;  // until count() >= n

 private:
  struct Conn {
    std::thread thread;
    std::shared_ptr<bool> done;  // guarded by m_conns_mutex
  };
  void accept_loop();
  void serve(int fd);
  Reply choose(const Received& r);
  // Waits up to `ms` (negative: forever) for the stop signal; true when stopping.
  bool wait_stop(int ms) const;
  void reap(bool all);

  int m_listen = -1, m_port = 0;
  int m_wake = -1;  // eventfd: readable for good once the endpoint stops
  std::thread m_accept;

  mutable std::mutex m_mutex;
  mutable std::condition_variable m_cv;
  std::deque<Reply> m_script;
  Reply m_fallback;
  std::function<Reply(const Received&)> m_fn;
  std::vector<Received> m_received;

  std::mutex m_conns_mutex;
  std::list<Conn> m_conns;
};

// A loopback port nothing listens on (bound to learn a free one, then closed): connecting to it is
// refused, unless something else grabs it in between (unlikely within a test).
int refused_port();

}  // namespace hctest
