// The FakeEndpoint test helper (fake_http.hpp) itself: parsing (Content-Length, chunked,
// Expect: 100-continue, split writes), scripted replies, fallback, respond_with, 429 + Retry-After,
// delay, stall, close, refused_port, 1 000 sequential and many concurrent connections, no leaked
// threads or descriptors, prompt shutdown with stalled connections pending. Raw sockets, plus the
// curl CLI where it is installed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fake_http.hpp"
#include "harness.hpp"

namespace {

using namespace hctest;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(std::uint16_t(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_text(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::send(fd, s.data(), s.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    s.remove_prefix(std::size_t(n));
  }
  return true;
}

// Reads until EOF or `timeout` without any byte; `timed_out` tells which.
std::string read_all(int fd, std::chrono::milliseconds timeout, bool* timed_out = nullptr) {
  std::string out;
  if (timed_out) *timed_out = false;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, int(timeout.count())) <= 0) {
      if (timed_out) *timed_out = true;
      return out;
    }
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return out;
    out.append(buf, std::size_t(n));
  }
}

// One raw request, one whole response (until the server closes).
std::string exchange(int port, std::string_view request, std::chrono::milliseconds timeout = 5s) {
  int fd = connect_to(port);
  if (fd < 0) return "connect failed";
  send_text(fd, request);
  std::string resp = read_all(fd, timeout);
  ::close(fd);
  return resp;
}

std::string post(std::string_view path, std::string_view body, std::string_view extra_headers = "") {
  return "POST " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         std::string(extra_headers) + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

int status_of(const std::string& resp) {
  if (!resp.starts_with("HTTP/1.1 ") || resp.size() < 12) return -1;
  return std::stoi(resp.substr(9, 3));
}

std::string body_of(const std::string& resp) {
  auto e = resp.find("\r\n\r\n");
  return e == std::string::npos ? std::string{} : resp.substr(e + 4);
}

Reply reply(int status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {},
            Reply::Mode mode = Reply::Mode::respond, std::chrono::milliseconds delay = 0ms) {
  return Reply{.mode = mode, .status = status, .body = std::move(body), .headers = std::move(headers), .delay = delay};
}

std::size_t thread_count() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("Threads:")) return std::stoul(line.substr(8));
  return 0;
}

std::size_t fd_count() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

bool have_curl() { return ::access("/usr/bin/curl", X_OK) == 0; }

TEST(FakeHttp, DefaultsTo200OkAndRecordsTheRequest) {
  FakeEndpoint ep;
  ASSERT_GT(ep.port(), 0);
  EXPECT_EQ(ep.url(), "http://127.0.0.1:" + std::to_string(ep.port()) + "/");
  EXPECT_EQ(ep.url("/hooks/x?a=1"), "http://127.0.0.1:" + std::to_string(ep.port()) + "/hooks/x?a=1");
  EXPECT_EQ(ep.url("v2/enqueue"), "http://127.0.0.1:" + std::to_string(ep.port()) + "/v2/enqueue");

  auto before = Clock::now();
  std::string resp = exchange(ep.port(), post("/services/T0/B0/xyz?q=1", R"({"text":"hi"})", "X-Custom-Thing:  spaced  \r\n"));
  EXPECT_EQ(status_of(resp), 200) << resp;
  EXPECT_EQ(body_of(resp), "ok");
  EXPECT_NE(resp.find("\r\nConnection: close\r\n"), std::string::npos) << resp;
  EXPECT_NE(resp.find("\r\nContent-Length: 2\r\n"), std::string::npos) << resp;

  ASSERT_EQ(ep.count(), 1u);
  auto got = ep.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].path, "/services/T0/B0/xyz?q=1");
  EXPECT_EQ(got[0].body, R"({"text":"hi"})");
  EXPECT_EQ(got[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(got[0].headers.at("x-custom-thing"), "spaced");
  EXPECT_EQ(got[0].headers.at("host"), "127.0.0.1");
  EXPECT_GE(got[0].at, before);
  EXPECT_LE(got[0].at, Clock::now());
}

TEST(FakeHttp, GetWithoutBodyAndRepeatedHeaders) {
  FakeEndpoint ep;
  std::string resp = exchange(ep.port(), "GET /health HTTP/1.1\r\nHost: x\r\nAccept: a\r\nAccept: b\r\n\r\n");
  EXPECT_EQ(status_of(resp), 200) << resp;
  auto got = ep.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "GET");
  EXPECT_EQ(got[0].path, "/health");
  EXPECT_EQ(got[0].body, "");
  EXPECT_EQ(got[0].headers.at("accept"), "a, b");
}

TEST(FakeHttp, ScriptedRepliesInOrderThenFallback) {
  FakeEndpoint ep;
  ep.script({reply(500, "rollup_error"), reply(404, "channel_not_found"), reply(201, "made")});
  ep.fallback(reply(202, R"({"status":"success"})", {{"Content-Type", "application/json"}}));
  std::vector<std::string> resps;
  for (int i = 0; i < 5; ++i) resps.push_back(exchange(ep.port(), post("/n" + std::to_string(i), "b" + std::to_string(i))));
  EXPECT_EQ(status_of(resps[0]), 500);
  EXPECT_EQ(body_of(resps[0]), "rollup_error");
  EXPECT_NE(resps[0].find("HTTP/1.1 500 Internal Server Error\r\n"), std::string::npos);
  EXPECT_EQ(status_of(resps[1]), 404);
  EXPECT_EQ(body_of(resps[1]), "channel_not_found");
  EXPECT_EQ(status_of(resps[2]), 201);
  for (int i = 3; i < 5; ++i) {
    EXPECT_EQ(status_of(resps[std::size_t(i)]), 202);
    EXPECT_EQ(body_of(resps[std::size_t(i)]), R"({"status":"success"})");
    EXPECT_NE(resps[std::size_t(i)].find("Content-Type: application/json\r\n"), std::string::npos);
    EXPECT_EQ(resps[std::size_t(i)].find("text/plain"), std::string::npos) << "a user Content-Type replaces the default";
  }
  auto got = ep.received();
  ASSERT_EQ(got.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(got[i].path, "/n" + std::to_string(i));
    EXPECT_EQ(got[i].body, "b" + std::to_string(i));
  }
  // A new script replaces the rest of the old one and goes before the fallback again.
  ep.script({reply(503, "later")});
  EXPECT_EQ(status_of(exchange(ep.port(), post("/x", "{}"))), 503);
  EXPECT_EQ(status_of(exchange(ep.port(), post("/x", "{}"))), 202);
}

TEST(FakeHttp, TooManyRequestsWithRetryAfter) {
  FakeEndpoint ep;
  ep.script({reply(429, "rate_limited", {{"Retry-After", "2"}})});
  std::string resp = exchange(ep.port(), post("/hook", "{}"));
  EXPECT_NE(resp.find("HTTP/1.1 429 Too Many Requests\r\n"), std::string::npos) << resp;
  EXPECT_NE(resp.find("\r\nRetry-After: 2\r\n"), std::string::npos) << resp;
  EXPECT_EQ(body_of(resp), "rate_limited");
  EXPECT_EQ(status_of(exchange(ep.port(), post("/hook", "{}"))), 200);
}

TEST(FakeHttp, RespondWithComputesTheReply) {
  FakeEndpoint ep;
  ep.script({reply(500, "never used")});
  ep.respond_with([&ep](const Received& r) {
    // May call back into the endpoint: no lock is held.
    return reply(r.path == "/v2/enqueue" ? 202 : 400, r.method + " " + r.body + " #" + std::to_string(ep.count()));
  });
  std::string a = exchange(ep.port(), post("/v2/enqueue", "x"));
  std::string b = exchange(ep.port(), post("/other", "y"));
  EXPECT_EQ(status_of(a), 202);
  EXPECT_EQ(body_of(a), "POST x #1");
  EXPECT_EQ(status_of(b), 400);
  EXPECT_EQ(body_of(b), "POST y #2");
  ep.respond_with({});  // back to the script
  EXPECT_EQ(status_of(exchange(ep.port(), post("/", ""))), 500);

  ep.respond_with([](const Received&) -> Reply { throw std::runtime_error("oops"); });
  std::string c = exchange(ep.port(), post("/", ""));
  EXPECT_EQ(status_of(c), 500);
  EXPECT_NE(body_of(c).find("oops"), std::string::npos);
}

TEST(FakeHttp, DelayBeforeAnswering) {
  FakeEndpoint ep;
  ep.fallback(reply(200, "late", {}, Reply::Mode::respond, 300ms));
  auto t0 = Clock::now();
  std::string resp = exchange(ep.port(), post("/", "{}"));
  auto took = Clock::now() - t0;
  EXPECT_EQ(body_of(resp), "late");
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 3s);
}

TEST(FakeHttp, StallKeepsTheClientWaitingUntilItGivesUp) {
  FakeEndpoint ep;
  ep.script({reply(200, "", {}, Reply::Mode::stall)});
  int fd = connect_to(ep.port());
  ASSERT_GE(fd, 0);
  send_text(fd, post("/hook", "{}"));
  bool timed_out = false;
  std::string resp = read_all(fd, 400ms, &timed_out);
  EXPECT_TRUE(timed_out);
  EXPECT_EQ(resp, "");
  EXPECT_EQ(ep.count(), 1u) << "a stalled request is still recorded";
  ::close(fd);  // the client gives up; the next request gets the fallback
  EXPECT_EQ(status_of(exchange(ep.port(), post("/hook", "{}"))), 200);
}

TEST(FakeHttp, ShutdownIsPromptWithStalledAndDelayedConnectionsPending) {
  std::vector<int> fds;
  auto t0 = Clock::now();
  {
    FakeEndpoint ep;
    ep.script({reply(200, "", {}, Reply::Mode::stall), reply(200, "", {}, Reply::Mode::stall),
               reply(200, "x", {}, Reply::Mode::respond, 60s)});
    for (int i = 0; i < 3; ++i) {
      int fd = connect_to(ep.port());
      ASSERT_GE(fd, 0);
      send_text(fd, post("/", "{}"));
      fds.push_back(fd);
      ASSERT_TRUE(ep.wait_for(std::size_t(i) + 1, 5s));
    }
    int idle = connect_to(ep.port());  // connected, never sends a byte
    ASSERT_GE(idle, 0);
    fds.push_back(idle);
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_LT(Clock::now() - t0, 3s);
  for (int fd : fds) {  // every client sees the connection end, with no answer
    bool timed_out = true;
    EXPECT_EQ(read_all(fd, 2s, &timed_out), "");
    EXPECT_FALSE(timed_out);
    ::close(fd);
  }
}

TEST(FakeHttp, CloseWithoutAnswering) {
  FakeEndpoint ep;
  ep.script({reply(200, "unused", {}, Reply::Mode::close)});
  bool timed_out = true;
  int fd = connect_to(ep.port());
  ASSERT_GE(fd, 0);
  send_text(fd, post("/hook", R"({"a":1})"));
  EXPECT_EQ(read_all(fd, 5s, &timed_out), "");
  EXPECT_FALSE(timed_out) << "closed, not stalled";
  ::close(fd);
  ASSERT_EQ(ep.count(), 1u);
  EXPECT_EQ(ep.received()[0].body, R"({"a":1})");
  EXPECT_EQ(status_of(exchange(ep.port(), post("/hook", "{}"))), 200);
}

TEST(FakeHttp, ChunkedBodyIsReassembled) {
  FakeEndpoint ep;
  std::string req =
      "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
      "5\r\n{\"a\":\r\n"
      "A;ext=1\r\n\"0123456\"}\r\n"
      "0\r\nX-Trailer: t\r\n\r\n";
  std::string resp = exchange(ep.port(), req);
  EXPECT_EQ(status_of(resp), 200) << resp;
  ASSERT_EQ(ep.count(), 1u);
  EXPECT_EQ(ep.received()[0].body, R"({"a":"0123456"})");
}

TEST(FakeHttp, BodyArrivingInPiecesAndBigBodies) {
  FakeEndpoint ep;
  int fd = connect_to(ep.port());
  ASSERT_GE(fd, 0);
  std::string body(300 * 1024, 'z');  // bigger than any socket read
  std::string req = post("/big", body);
  for (std::size_t off = 0; off < req.size(); off += 7000) {
    send_text(fd, std::string_view(req).substr(off, 7000));
    if (off < 30000) std::this_thread::sleep_for(2ms);  // header and first pieces split in time
  }
  std::string resp = read_all(fd, 5s);
  ::close(fd);
  EXPECT_EQ(status_of(resp), 200) << resp;
  ASSERT_EQ(ep.count(), 1u);
  EXPECT_EQ(ep.received()[0].body.size(), body.size());
  EXPECT_EQ(ep.received()[0].body, body);

  // Chunked, in pieces too.
  int fd2 = connect_to(ep.port());
  ASSERT_GE(fd2, 0);
  send_text(fd2, "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3");
  std::this_thread::sleep_for(20ms);
  send_text(fd2, "\r\nabc\r");
  std::this_thread::sleep_for(20ms);
  send_text(fd2, "\n0\r\n\r\n");
  EXPECT_EQ(status_of(read_all(fd2, 5s)), 200);
  ::close(fd2);
  ASSERT_EQ(ep.count(), 2u);
  EXPECT_EQ(ep.received()[1].body, "abc");
}

TEST(FakeHttp, ExpectContinueGetsInterimResponseFirst) {
  FakeEndpoint ep;
  ep.fallback(reply(201, "created"));
  int fd = connect_to(ep.port());
  ASSERT_GE(fd, 0);
  send_text(fd, "POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  // The client waits for the interim answer before sending the body.
  std::string interim;
  while (interim.find("\r\n\r\n") == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    ASSERT_GT(::poll(&p, 1, 2000), 0) << "no 100 Continue";
    char c;
    ASSERT_EQ(::recv(fd, &c, 1, 0), 1);
    interim += c;
  }
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  send_text(fd, "data");
  std::string resp = read_all(fd, 5s);
  ::close(fd);
  EXPECT_EQ(status_of(resp), 201) << resp;
  EXPECT_EQ(body_of(resp), "created");
  ASSERT_EQ(ep.count(), 1u);
  EXPECT_EQ(ep.received()[0].body, "data");
  EXPECT_EQ(ep.received()[0].headers.at("expect"), "100-continue");
}

TEST(FakeHttp, MalformedRequestGets400AndIsNotRecorded) {
  FakeEndpoint ep;
  EXPECT_EQ(status_of(exchange(ep.port(), "garbage\r\n\r\n")), 400);
  EXPECT_EQ(status_of(exchange(ep.port(), "POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n")), 400);
  EXPECT_EQ(status_of(exchange(ep.port(), "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")), 400);
  EXPECT_EQ(ep.count(), 0u);
  EXPECT_EQ(status_of(exchange(ep.port(), post("/", "{}"))), 200);
}

TEST(FakeHttp, NoContentAndHeadHaveNoBody) {
  FakeEndpoint ep;
  ep.script({reply(204, "ignored"), reply(200, "hello")});
  std::string a = exchange(ep.port(), post("/", "{}"));
  EXPECT_EQ(status_of(a), 204);
  EXPECT_EQ(body_of(a), "");
  EXPECT_EQ(a.find("Content-Length"), std::string::npos);
  std::string b = exchange(ep.port(), "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(status_of(b), 200);
  EXPECT_NE(b.find("Content-Length: 5\r\n"), std::string::npos);
  EXPECT_EQ(body_of(b), "");
}

TEST(FakeHttp, WaitForTimesOutAndWakesUp) {
  FakeEndpoint ep;
  auto t0 = Clock::now();
  EXPECT_FALSE(ep.wait_for(1, 150ms));
  EXPECT_GE(Clock::now() - t0, 150ms);
  EXPECT_TRUE(ep.wait_for(0, 0ms));
  std::thread client([&] {
    std::this_thread::sleep_for(100ms);
    exchange(ep.port(), post("/", "{}"));
  });
  EXPECT_TRUE(ep.wait_for(1, 5s));
  client.join();
}

TEST(FakeHttp, RefusedPortRefuses) {
  int port = refused_port();
  ASSERT_GT(port, 0);
  errno = 0;
  EXPECT_EQ(connect_to(port), -1);
  EXPECT_EQ(errno, ECONNREFUSED);
}

TEST(FakeHttp, ThousandSequentialRequestsWithoutLeaks) {
  std::size_t fds_before = fd_count();
  std::size_t threads_before = thread_count();
  {
    FakeEndpoint ep;
    ep.script({reply(429, "slow down", {{"Retry-After", "1"}})});
    int ok = 0, limited = 0;
    std::size_t max_threads = 0;
    for (int i = 0; i < 1000; ++i) {
      std::string resp = exchange(ep.port(), post("/seq/" + std::to_string(i), std::to_string(i)));
      int s = status_of(resp);
      ok += s == 200;
      limited += s == 429;
      if (i % 100 == 99) max_threads = std::max(max_threads, thread_count());
    }
    EXPECT_EQ(ok, 999);
    EXPECT_EQ(limited, 1);
    ASSERT_TRUE(ep.wait_for(1000, 5s));
    auto got = ep.received();
    ASSERT_EQ(got.size(), 1000u);
    for (std::size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i].path, "/seq/" + std::to_string(i));
      ASSERT_EQ(got[i].body, std::to_string(i));
      if (i > 0) {
        ASSERT_GE(got[i].at, got[i - 1].at);
      }
    }
    // Finished connection threads are joined as new ones arrive, not kept until the end.
    EXPECT_LT(max_threads, threads_before + 20) << "threads pile up";
  }
  EXPECT_EQ(thread_count(), threads_before);
  EXPECT_EQ(fd_count(), fds_before);
}

TEST(FakeHttp, ConcurrentClients) {
  FakeEndpoint ep;
  ep.fallback(reply(200, "ok", {}, Reply::Mode::respond, 20ms));
  constexpr int k_clients = 8, k_each = 25;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  auto t0 = Clock::now();
  for (int c = 0; c < k_clients; ++c)
    clients.emplace_back([&, c] {
      for (int i = 0; i < k_each; ++i)
        if (status_of(exchange(ep.port(), post("/c" + std::to_string(c), std::to_string(i)))) == 200) ++ok;
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), k_clients * k_each);
  EXPECT_EQ(ep.count(), std::size_t(k_clients * k_each));
  // 200 answers each delayed by 20 ms: served in parallel, not one after the other (4 s).
  EXPECT_LT(Clock::now() - t0, 3s);
  std::map<std::string, int> per_path;
  for (const auto& r : ep.received()) ++per_path[r.path];
  EXPECT_EQ(per_path.size(), std::size_t(k_clients));
  for (const auto& [path, n] : per_path) EXPECT_EQ(n, k_each) << path;
}

// The same through libcurl's command-line client, as hypercare's own requests will come.
TEST(FakeHttp, CurlClient) {
  HC_REQUIRE(have_curl(), "no /usr/bin/curl (tests/deps.sh installs it)");
  FakeEndpoint ep;
  Env env{{"PATH", "/usr/bin:/bin"}};
  ep.script({reply(429, "rate_limited", {{"Retry-After", "7"}}), reply(200, "", {}, Reply::Mode::stall),
             reply(200, "", {}, Reply::Mode::close)});
  auto r = run({"/usr/bin/curl", "-sS", "-i", "-X", "POST", "--data-binary", "@-", "-H", "Content-Type: application/json",
                ep.url("/services/a")},
               env, R"({"text":"one"})");
  EXPECT_EQ(r.exit, 0) << r.describe();
  EXPECT_NE(r.out.find("HTTP/1.1 429 Too Many Requests"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Retry-After: 7"), std::string::npos) << r.out;

  auto t0 = Clock::now();
  r = run({"/usr/bin/curl", "-sS", "--max-time", "1", "--data-binary", "x", ep.url("/stall")}, env);
  EXPECT_EQ(r.exit, 28) << "operation timed out\n" << r.describe();
  EXPECT_GE(Clock::now() - t0, 900ms);

  r = run({"/usr/bin/curl", "-sS", "--data-binary", "x", ep.url("/close")}, env);
  EXPECT_EQ(r.exit, 52) << "empty reply from server\n" << r.describe();

  // Chunked upload with Expect: 100-continue, as libcurl sends bodies of unknown length.
  std::string big(5000, 'q');
  r = run({"/usr/bin/curl", "-sS", "-H", "Transfer-Encoding: chunked", "-H", "Expect: 100-continue", "--data-binary", "@-",
           ep.url("/chunked")},
          env, big);
  EXPECT_EQ(r.exit, 0) << r.describe();
  EXPECT_EQ(r.out, "ok");

  auto got = ep.received();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].body, R"({"text":"one"})");
  EXPECT_EQ(got[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(got[3].path, "/chunked");
  EXPECT_EQ(got[3].headers.at("transfer-encoding"), "chunked");
  EXPECT_EQ(got[3].body, big);

  int refused = refused_port();
  r = run({"/usr/bin/curl", "-sS", "http://127.0.0.1:" + std::to_string(refused) + "/"}, env);
  EXPECT_EQ(r.exit, 7) << "couldn't connect\n" << r.describe();
}

}  // namespace
