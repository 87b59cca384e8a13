// FakeEndpoint: one accepting thread, one thread per connection (finished ones are joined as new
// connections arrive, the rest when the endpoint stops). Every blocking wait also polls an eventfd
// that becomes readable for good when the endpoint stops, so stalled and delayed connections end
// at once and the destructor never hangs.
#include "fake_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <stdexcept>

namespace hctest {

namespace {

constexpr int k_idle_ms = 60'000;                       // a silent client is dropped after this
constexpr std::size_t k_max_head = 64 * 1024;            // request line + headers
constexpr std::size_t k_max_body = 64 * 1024 * 1024;     // Content-Length or de-chunked

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return char(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

const char* reason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 413: return "Content Too Large";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
  }
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(std::size_t(n));
  }
  return true;
}

// Buffered reads from a connection that give up when the endpoint stops (wake fd readable), the
// peer closes, or nothing arrives for k_idle_ms.
struct Reader {
  int fd, wake;
  std::string buf;

  bool more() {
    for (;;) {
      pollfd p[2] = {{fd, POLLIN, 0}, {wake, POLLIN, 0}};
      int r = ::poll(p, 2, k_idle_ms);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0 || (p[1].revents & POLLIN)) return false;
      char chunk[16 * 1024];
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      buf.append(chunk, std::size_t(n));
      return true;
    }
  }
  // Position of the "\r\n" ending the line that starts at `from`, reading as needed; npos on failure.
  std::size_t line_end(std::size_t from, std::size_t limit) {
    for (;;) {
      auto e = buf.find("\r\n", from);
      if (e != std::string::npos) return e;
      if (buf.size() - from > limit || !more()) return std::string::npos;
    }
  }
  bool have(std::size_t n) {
    while (buf.size() < n)
      if (!more()) return false;
    return true;
  }
};

enum class Parse { ok, bad, gone };

// Reads one request into `out`. `send_continue` is called once the headers are in, when the client
// waits for "100 Continue" before sending its body.
Parse read_request(Reader& in, Received& out, const std::function<bool()>& send_continue) {
  std::size_t head_end;
  for (;;) {
    head_end = in.buf.find("\r\n\r\n");
    if (head_end != std::string::npos) break;
    if (in.buf.size() > k_max_head) return Parse::bad;
    if (!in.more()) return in.buf.empty() ? Parse::gone : Parse::bad;
  }
  std::string_view head(in.buf.data(), head_end);
  auto eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  auto sp1 = line.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos || sp1 == 0 || sp2 == sp1 + 1) return Parse::bad;
  if (!line.substr(sp2 + 1).starts_with("HTTP/1.")) return Parse::bad;
  out.method = std::string(line.substr(0, sp1));
  out.path = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));

  std::string_view rest = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2);
  while (!rest.empty()) {
    auto e = rest.find("\r\n");
    std::string_view h = rest.substr(0, e);
    rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e + 2);
    auto colon = h.find(':');
    if (colon == std::string_view::npos || colon == 0) return Parse::bad;
    std::string name = lower(trim(h.substr(0, colon)));
    std::string value(trim(h.substr(colon + 1)));
    auto [it, fresh] = out.headers.try_emplace(name, value);
    if (!fresh) it->second += ", " + value;
  }

  std::size_t pos = head_end + 4;
  auto te = out.headers.find("transfer-encoding");
  auto cl = out.headers.find("content-length");
  bool chunked = te != out.headers.end() && lower(te->second).find("chunked") != std::string::npos;
  bool has_body = chunked || (cl != out.headers.end() && cl->second != "0");
  auto ex = out.headers.find("expect");
  if (has_body && ex != out.headers.end() && lower(ex->second) == "100-continue" && in.buf.size() == pos) {
    if (!send_continue()) return Parse::gone;
  }

  if (chunked) {
    for (;;) {
      auto e = in.line_end(pos, 1024);
      if (e == std::string::npos) return Parse::bad;
      std::string_view size_text = trim(std::string_view(in.buf).substr(pos, e - pos));
      size_text = size_text.substr(0, size_text.find(';'));  // chunk extensions
      size_text = trim(size_text);
      if (size_text.empty() || size_text.size() > 8) return Parse::bad;
      std::size_t size = 0;
      for (char c : size_text) {
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return Parse::bad;
        size = size * 16 + std::size_t(d);
      }
      pos = e + 2;
      if (size == 0) break;
      if (out.body.size() + size > k_max_body || !in.have(pos + size + 2)) return Parse::bad;
      out.body.append(in.buf, pos, size);
      if (in.buf.compare(pos + size, 2, "\r\n") != 0) return Parse::bad;
      pos += size + 2;
    }
    for (;;) {  // trailer fields, up to the empty line
      auto e = in.line_end(pos, k_max_head);
      if (e == std::string::npos) return Parse::bad;
      bool last = e == pos;
      pos = e + 2;
      if (last) break;
    }
  } else if (cl != out.headers.end()) {
    std::size_t n = 0;
    if (cl->second.empty() || cl->second.size() > 12) return Parse::bad;
    for (char c : cl->second) {
      if (c < '0' || c > '9') return Parse::bad;
      n = n * 10 + std::size_t(c - '0');
    }
    if (n > k_max_body || !in.have(pos + n)) return Parse::bad;
    out.body.assign(in.buf, pos, n);
  }
  return Parse::ok;
}

std::string render(const Reply& r, bool head_request) {
  bool no_body = r.status == 204 || r.status == 304 || (r.status >= 100 && r.status < 200);
  auto user_has = [&](std::string_view name) {
    return std::ranges::any_of(r.headers, [&](const auto& h) { return lower(h.first) == name; });
  };
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
  for (const auto& [k, v] : r.headers) out += k + ": " + v + "\r\n";
  if (!no_body && !user_has("content-type")) out += "Content-Type: text/plain; charset=utf-8\r\n";
  if (!no_body && !user_has("content-length")) out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  if (!user_has("connection")) out += "Connection: close\r\n";
  out += "\r\n";
  if (!no_body && !head_request) out += r.body;
  return out;
}

}  // namespace

FakeEndpoint::FakeEndpoint() {
  m_wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (m_wake < 0 || m_listen < 0) throw std::runtime_error("FakeEndpoint: socket/eventfd failed");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(m_listen, 128) != 0 ||
      ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(m_listen);
    ::close(m_wake);
    throw std::runtime_error("FakeEndpoint: cannot listen on 127.0.0.1");
  }
  m_port = ntohs(a.sin_port);
  m_accept = std::thread([this] { accept_loop(); });
}

FakeEndpoint::~FakeEndpoint() {
  std::uint64_t one = 1;
  [[maybe_unused]] auto w = ::write(m_wake, &one, sizeof one);
  if (m_accept.joinable()) m_accept.join();
  reap(true);
  ::close(m_listen);
  ::close(m_wake);
}

std::string FakeEndpoint::url(std::string_view path) const {
  std::string u = "http://127.0.0.1:" + std::to_string(m_port);
  if (path.empty() || path.front() != '/') u += '/';
  u += path;
  return u;
}

void FakeEndpoint::script(std::vector<Reply> replies) {
  std::lock_guard lock(m_mutex);
  m_script.assign(std::make_move_iterator(replies.begin()), std::make_move_iterator(replies.end()));
}

void FakeEndpoint::fallback(Reply r) {
  std::lock_guard lock(m_mutex);
  m_fallback = std::move(r);
}

void FakeEndpoint::respond_with(std::function<Reply(const Received&)> fn) {
  std::lock_guard lock(m_mutex);
  m_fn = std::move(fn);
}

std::vector<Received> FakeEndpoint::received() const {
  std::lock_guard lock(m_mutex);
  return m_received;
}

std::size_t FakeEndpoint::count() const {
  std::lock_guard lock(m_mutex);
  return m_received.size();
}

bool FakeEndpoint::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(m_mutex);
  return m_cv.wait_for(lock, timeout, [&] { return m_received.size() >= n; });
}

bool FakeEndpoint::wait_stop(int ms) const {
  for (;;) {
    pollfd p{m_wake, POLLIN, 0};
    int r = ::poll(&p, 1, ms);
    if (r < 0 && errno == EINTR) continue;
    return r > 0;
  }
}

void FakeEndpoint::accept_loop() {
  for (;;) {
    pollfd p[2] = {{m_listen, POLLIN, 0}, {m_wake, POLLIN, 0}};
    int r = ::poll(p, 2, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 || (p[1].revents & POLLIN)) return;
    int c = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        if (wait_stop(10)) return;
      }
      continue;
    }
    reap(false);
    auto done = std::make_shared<bool>(false);
    std::lock_guard lock(m_conns_mutex);
    m_conns.push_back(Conn{std::thread([this, c, done] {
                             serve(c);
                             std::lock_guard l(m_conns_mutex);
                             *done = true;
                           }),
                           done});
  }
}

void FakeEndpoint::reap(bool all) {
  std::list<Conn> finished;
  {
    std::lock_guard lock(m_conns_mutex);
    if (all) {
      finished.swap(m_conns);
    } else {
      for (auto it = m_conns.begin(); it != m_conns.end();) {
        auto next = std::next(it);
        if (*it->done) finished.splice(finished.end(), m_conns, it);
        it = next;
      }
    }
  }
  for (auto& c : finished)
    if (c.thread.joinable()) c.thread.join();
}

Reply FakeEndpoint::choose(const Received& req) {
  std::function<Reply(const Received&)> fn;
  Reply reply;
  {
    std::lock_guard lock(m_mutex);
    m_received.push_back(req);
    fn = m_fn;
    if (!fn) {
      if (!m_script.empty()) {
        reply = std::move(m_script.front());
        m_script.pop_front();
      } else {
        reply = m_fallback;
      }
    }
  }
  m_cv.notify_all();
  if (fn) {
    try {
      reply = fn(req);
    } catch (const std::exception& e) {
      reply = Reply{.mode = Reply::Mode::respond, .status = 500, .body = std::string("respond_with threw: ") + e.what(),
                    .headers = {}, .delay = {}};
    }
  }
  return reply;
}

void FakeEndpoint::serve(int fd) {
  try {
    Reader in{fd, m_wake, {}};
    Received req;
    Parse parsed = read_request(in, req, [&] { return send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n"); });
    if (parsed == Parse::bad) {
      send_all(fd, render(Reply{.mode = Reply::Mode::respond, .status = 400, .body = "bad request", .headers = {}, .delay = {}}, false));
    }
    if (parsed != Parse::ok) {
      ::close(fd);
      return;
    }
    req.at = std::chrono::steady_clock::now();
    Reply reply = choose(req);

    bool stopping = reply.delay.count() > 0 && wait_stop(int(std::min<std::int64_t>(reply.delay.count(), INT32_MAX)));
    if (!stopping && reply.mode == Reply::Mode::stall) {
      // Hold the connection: swallow whatever the client sends until it hangs up or we stop.
      for (;;) {
        pollfd p[2] = {{fd, POLLIN, 0}, {m_wake, POLLIN, 0}};
        int r = ::poll(p, 2, -1);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 || (p[1].revents & POLLIN)) break;
        char sink[4096];
        ssize_t n = ::recv(fd, sink, sizeof sink, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
      }
    } else if (!stopping && reply.mode == Reply::Mode::respond) {
      if (send_all(fd, render(reply, req.method == "HEAD"))) {
        // Lingering close: send our FIN, then let the client read the answer and close first, so
        // that no unread byte turns our close into a reset that could eat the response.
        ::shutdown(fd, SHUT_WR);
        for (;;) {
          pollfd p[2] = {{fd, POLLIN, 0}, {m_wake, POLLIN, 0}};
          int r = ::poll(p, 2, 2000);
          if (r < 0 && errno == EINTR) continue;
          if (r <= 0 || (p[1].revents & POLLIN)) break;
          char sink[4096];
          ssize_t n = ::recv(fd, sink, sizeof sink, 0);
          if (n < 0 && errno == EINTR) continue;
          if (n <= 0) break;
        }
      }
    }
  } catch (...) {
    // A test helper must not take the test binary down; the connection just closes.
  }
  ::close(fd);
}

int refused_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

}  // namespace hctest
