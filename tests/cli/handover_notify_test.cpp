// handover.created and handover.accepted reach a webhook channel (a real HTTP server on
// loopback); a handover waiting in the outbox shows up as pending in the next document.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "handover_fixture.hpp"

namespace hctest {
namespace {

// Accepts webhook POSTs one at a time, answers 200 and keeps the bodies.
class Receiver {
 public:
  Receiver() {
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::listen(m_fd, 16) == 0 &&
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
      m_port = ntohs(a.sin_port);
    m_thread = std::thread([this] { loop(); });
  }
  ~Receiver() {
    m_stop = true;
    m_thread.join();
    ::close(m_fd);
  }
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/hook"; }
  std::vector<nlohmann::json> bodies() {
    std::lock_guard lock(m_mutex);
    return m_bodies;
  }

 private:
  void loop() {
    while (!m_stop) {
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (c >= 0) serve(c);
    }
  }
  void serve(int c) {
    std::string req;
    char buf[4096];
    std::size_t want = std::string::npos;
    while (want == std::string::npos || req.size() < want) {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) break;
      auto n = ::read(c, buf, sizeof buf);
      if (n <= 0) break;
      req.append(buf, std::size_t(n));
      auto end = req.find("\r\n\r\n");
      if (end != std::string::npos && want == std::string::npos) {
        auto cl = req.find("Content-Length: ");
        if (cl == std::string::npos) cl = req.find("content-length: ");
        want = end + 4 + (cl == std::string::npos ? 0 : std::stoul(req.substr(cl + 16)));
      }
    }
    auto end = req.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::lock_guard lock(m_mutex);
      m_bodies.push_back(nlohmann::json::parse(req.substr(end + 4), nullptr, false));
    }
    std::string resp = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    (void)::send(c, resp.data(), resp.size(), MSG_NOSIGNAL);
    ::close(c);
  }
  int m_fd = -1, m_port = 0;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
  std::mutex m_mutex;
  std::vector<nlohmann::json> m_bodies;
};

class HandoverNotifyTest : public HandoverTest {
 protected:
  void channel(const std::string& url) {
    append_bytes(ops / "hypercare.toml", "\n[[notify.channel]]\nname = \"ops-hook\"\nkind = \"webhook\"\nurl = \"" + url +
                                             "\"\nevents = [\"handover.*\"]\ntimeout = \"2s\"\n");
  }
};

TEST_F(HandoverNotifyTest, CreatedAndAcceptedReachTheChannel) {
  init_ops();
  Receiver hook;
  channel(hook.url());
  auto id = new_handover({}, k_handover_now);
  ASSERT_EXIT_CODE(hc({"handover", "accept", "--confirm", "dashboards"}, at("2026-11-27T16:35:00Z")), 0);
  auto bodies = hook.bodies();
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(bodies[0]["event"], "handover.created");
  EXPECT_EQ(bodies[0]["headline"], "shift handover from dev3 to dev1");
  EXPECT_EQ(bodies[0]["message"], "0 open incident(s) · 0 pending · services UNKNOWN");
  EXPECT_EQ(bodies[0]["priority"], nullptr);
  EXPECT_EQ(bodies[0]["handover"]["id"], id);
  EXPECT_EQ(bodies[0]["handover"]["accepted"], false);
  EXPECT_EQ(bodies[1]["event"], "handover.accepted");
  EXPECT_EQ(bodies[1]["headline"], "handover accepted by dev1");
  EXPECT_EQ(bodies[1]["message"], "not confirmed yet: tickets, contacts, access");
  EXPECT_EQ(bodies[1]["handover"]["unconfirmed_count"], 3);
  // A no-op accept tells nobody.
  ASSERT_EXIT_CODE(hc({"handover", "accept", "--confirm", "dashboards"}, at("2026-11-27T16:36:00Z")), 0);
  EXPECT_EQ(hook.bodies().size(), 2u);
}

// Issue 16: the incoming person is paged as well as the channel told.
TEST_F(HandoverNotifyTest, TheIncomingPersonIsPaged) {
  init_ops();
  Receiver pager;
  auto rota = slurp(ops / "rota.toml");
  std::string email = "email = \"dev1@example.com\"\n";
  ASSERT_NE(rota.find(email), std::string::npos);
  rota.insert(rota.find(email) + email.size(), "webhook = \"dev1_pager\"\n");
  spit(ops / "rota.toml", rota);
  fs::create_directories(home / ".config" / "hypercare");
  spit(home / ".config" / "hypercare" / "secrets.toml", "dev1_pager = \"" + pager.url() + "\"\n");
  fs::permissions(home / ".config" / "hypercare" / "secrets.toml", fs::perms::owner_read | fs::perms::owner_write);
  auto id = new_handover({}, k_handover_now);
  auto pages = pager.bodies();
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0]["type"], "page");
  EXPECT_EQ(pages[0]["event"], "handover.created");
  EXPECT_EQ(pages[0]["person"]["id"], "dev1");
  EXPECT_EQ(pages[0]["text"], "a handover is waiting for you: hypercare handover accept " + id);
  EXPECT_EQ(pages[0]["page"], id + "/handover/dev1");
}

TEST_F(HandoverNotifyTest, UndeliveredNotificationsArePendingInTheNextHandover) {
  init_ops();
  // A port nobody listens on: the notification stays queued and the command still succeeds.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  channel("http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/hook");
  auto r = hc({"handover", "new"}, at(k_handover_now));
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.err.find("not delivered yet"), std::string::npos) << r.err;
  auto second = new_handover({"--from", "dev3", "--to", "dev1", "--replace"}, "2026-11-27T16:20:00Z");
  auto doc = document_of(second);
  EXPECT_NE(doc.find("- Notifications: 1 queued — `hypercare notify list`"), std::string::npos) << doc;
}

}  // namespace
}  // namespace hctest
