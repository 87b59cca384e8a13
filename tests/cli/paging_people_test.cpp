// Paging people by name (issue 16): contact methods in rota.toml, [paging] in hypercare.toml, the
// escalation chain with repeats walked minute by minute, a page by mail through a real SMTP server
// (aiosmtpd) whose ack link, followed with a real HTTP client, acknowledges the incident — and a
// forged, expired and reused link refused — and shift notices once per shift and person.
#include <signal.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>

#include "hypercare/http/client.hpp"
#include "hypercare/notify/ack_link.hpp"
#include "notify_helpers.hpp"
#include "prometheus_server.hpp"  // http_get

namespace {

using namespace hctest;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* k_link_key = "l1nkKeyPlanted0123456789abcdef0123456789abcdef";

class PagingPeople : public NotifyCliTest {
 protected:
  void SetUp() override {
    init_ops(false);
    fs::remove(ops / "checks.toml");  // rounds about paging only
  }
  void TearDown() override {
    for (pid_t p : pids) {
      ::kill(p, SIGTERM);
      ::waitpid(p, nullptr, 0);
    }
  }
  // Adds `line` to the rota table of `member` (after its email line).
  void give(const std::string& member, const std::string& line) const {
    auto rota = slurp(ops / "rota.toml");
    std::string email = fmt::format("email = \"{}@example.com\"\n", member);
    auto at = rota.find(email);
    ASSERT_NE(at, std::string::npos) << email;
    rota.insert(at + email.size(), line + "\n");
    spit(ops / "rota.toml", rota);
  }
  RunResult at(const std::string& time, const std::vector<std::string>& args) const {
    return hc(args, {{"HYPERCARE_NOW", time}});
  }
  // Which topics the fake ntfy server got since `from`, in order.
  static std::vector<std::string> topics(const FakeEndpoint& fake, std::size_t from = 0) {
    std::vector<std::string> out;
    auto all = bodies(fake);
    for (std::size_t i = from; i < all.size(); ++i) out.push_back(all[i].value("topic", "?"));
    return out;
  }
  std::vector<pid_t> pids;
};

TEST_F(PagingPeople, TheChainWithARepeatPagesEachPersonOncePerLevelAndStopsAtTheEnd) {
  FakeEndpoint ntfy;
  for (const auto* who : {"dev1", "dev2", "dev3", "lead"}) give(who, fmt::format("ntfy = \"{}\"", ntfy.url(std::string("/hc-") + who)));
  configure("\n[paging]\nrepeat = 1\nshift_notice = \"15m\"\nlink_ttl = \"1h\"\n\n[paging.P1]\nmethods = [\"ntfy\", \"email\", \"slack\"]\n"
            "[paging.P3]\nmethods = [\"slack\"]\n");
  // 03:00Z is 08:30 IST: dev2 on shift (slot A), dev3 next, the lead above them (P1).
  auto r = at("2026-11-27T03:00:00Z", {"incident", "new", "Checkout down", "-p", "P1"});
  ASSERT_EXIT_CODE(r, 0);
  std::string id = r.out.substr(r.out.find("INC-"), 17);
  ASSERT_TRUE(ntfy.wait_for(1, 5s));
  auto first = bodies(ntfy)[0];
  EXPECT_EQ(first["topic"], "hc-dev2");
  EXPECT_EQ(first["priority"], 5);
  EXPECT_EQ(first["message"], "assigned to you");
  EXPECT_EQ(first["title"], id + " P1 Critical incident opened: Checkout down") << first.dump();
  EXPECT_EQ(first["tags"], json::array({"rotating_light"}));
  EXPECT_FALSE(first.contains("actions")) << "no [listen] link key: no ack button";
  EXPECT_EQ(ntfy.received()[0].path, "/") << "ntfy's JSON publishing goes to the server's root";

  // Every 5 minutes for two hours, a round of the watcher; two at 03:15 (a restart).
  std::map<std::string, std::vector<std::string>> paged;
  paged["03:00"] = {"hc-dev2"};
  for (int m = 5; m <= 120; m += 5) {
    auto now = fmt::format("2026-11-27T{:02}:{:02}:00Z", 3 + m / 60, m % 60);
    auto before = ntfy.count();
    for (int rounds = m == 15 ? 2 : 1; rounds > 0; --rounds) ASSERT_EXIT_CODE(at(now, {"watch", "--once"}), 0);
    auto got = topics(ntfy, before);
    if (!got.empty()) paged[now.substr(11, 5)] = got;
  }
  std::map<std::string, std::vector<std::string>> expected = {
      // 03:20: the response target (15m) is breached — the assignee and the lead are told.
      {"03:00", {"hc-dev2"}}, {"03:15", {"hc-dev3"}}, {"03:20", {"hc-dev3", "hc-lead"}}, {"03:30", {"hc-lead"}},
      {"03:45", {"hc-dev2"}}, {"04:00", {"hc-dev3"}}, {"04:15", {"hc-lead"}}};
  EXPECT_EQ(paged, expected);
  auto escalated = bodies(ntfy)[1];
  EXPECT_EQ(escalated["message"], "escalated to you (level 1): no response from dev2 within 15m") << escalated.dump();
  auto timeline = json::parse(hc({"incident", "show", id, "--json"}).out)["timeline"];
  std::vector<std::string> escalations;
  for (const auto& t : timeline)
    if (t["type"] == "escalated") escalations.push_back(t["message"]);
  ASSERT_EQ(escalations.size(), 5u) << timeline.dump();
  EXPECT_EQ(escalations[2], "level 3 → dev2 (repeat 1): no response from lead within 15m");

  // `notify list --sent` names the person of each page.
  auto log = sent_log();
  ASSERT_EQ(log.size(), 8u);
  EXPECT_EQ(log[0]["channel"], "ntfy");
  EXPECT_EQ(log[0]["person"], "dev2");
  EXPECT_EQ(log[7]["person"], "lead");
  auto text = hc({"notify", "list", "--sent"});
  EXPECT_NE(text.out.find("ntfy → dev3"), std::string::npos) << text.out;
}

TEST_F(PagingPeople, AnAcknowledgementStopsTheChainAndDropsWaitingPages) {
  FakeEndpoint ntfy;
  ntfy.fallback(answer(503, "down"));
  give("dev2", fmt::format("ntfy = \"{}\"", ntfy.url("/hc-dev2")));
  auto r = at("2026-11-27T03:00:00Z", {"incident", "new", "Checkout down", "-p", "P1"});
  ASSERT_EXIT_CODE(r, 0);
  std::string id = r.out.substr(r.out.find("INC-"), 17);
  ASSERT_EQ(outbox().size(), 1u) << "the page waits for a retry";
  EXPECT_EQ(outbox()[0]["person"], "dev2");
  ASSERT_EXIT_CODE(at("2026-11-27T03:05:00Z", {"incident", "ack", id}), 0);
  EXPECT_EQ(outbox().size(), 0u) << "acknowledged: nobody needs paging about it any more";
  ASSERT_EXIT_CODE(at("2026-11-27T04:00:00Z", {"watch", "--once"}), 0);
  EXPECT_EQ(json::parse(hc({"incident", "show", id, "--json"}).out)["escalation_level"], 0);
}

TEST_F(PagingPeople, APersonalWebhookGetsTheWholePage) {
  FakeEndpoint hook;
  give("dev2", "phone = \"+91 98000 00002\"\nwebhook = \"dev2-sms\"");
  write_secrets(fmt::format("dev2-sms = \"{}\"\n", hook.url("/sms/s3cret")));
  ASSERT_EXIT_CODE(at("2026-11-27T03:00:00Z", {"incident", "new", "Checkout down", "-p", "P2"}), 0);
  ASSERT_TRUE(hook.wait_for(1, 5s));
  auto req = hook.received()[0];
  EXPECT_EQ(req.path, "/sms/s3cret");
  EXPECT_EQ(req.headers["content-type"], "application/json");
  auto j = json::parse(req.body);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["type"], "page");
  EXPECT_EQ(j["event"], "incident.created");
  EXPECT_EQ(j["person"], (json{{"id", "dev2"}, {"name", j["person"]["name"]}, {"phone", "+91 98000 00002"}}));
  EXPECT_EQ(j["text"], "assigned to you");
  EXPECT_EQ(j["subject"]["priority"], "P2");
  EXPECT_TRUE(j["ack_url"].is_null());
  EXPECT_EQ(j["page"].get<std::string>().substr(0, 4), "INC-");
}

TEST_F(PagingPeople, ContactsAndPagingAreCheckedWithFileLineAndColumn) {
  auto rota = slurp(ops / "rota.toml");
  give("dev1", "email2 = \"x\"");
  auto r = hc({"rota", "now"});
  EXPECT_EXIT_CODE(r, 78);
  spit(ops / "rota.toml", rota);
  give("dev3", "ntfy = \"ntfy.example/dev3\"");
  r = hc({"rota", "now"});
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find("rota.toml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is not an ntfy topic URL"), std::string::npos) << r.err;
  spit(ops / "rota.toml", rota);
  auto cfg = slurp(ops / "hypercare.toml");
  configure("\n[paging.P2]\nmethods = [\"ntfy\", \"pigeon\"]\n");
  r = hc({"status"});
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find("hypercare.toml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("paging.P2.methods[1]: unknown contact method 'pigeon'"), std::string::npos) << r.err;
  spit(ops / "hypercare.toml", cfg);
  configure("\n[paging.smtp]\nurl = \"smtp://127.0.0.1:2525\"\nfrom = \"not an address\"\n");
  r = hc({"status"});
  EXPECT_EXIT_CODE(r, 78);
  EXPECT_NE(r.err.find("paging.smtp.from: 'not an address' is not a mail address"), std::string::npos) << r.err;
}

// A real SMTP server (Debian's python3-aiosmtpd) writing what it receives to a Maildir.
class SmtpServer {
 public:
  bool start(const fs::path& dir, std::vector<pid_t>& pids) {
    maildir = dir;
    port = refused_port();
    pid_t pid = spawn({"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", fmt::format("127.0.0.1:{}", port), "-c",
                       "aiosmtpd.handlers.Mailbox", dir.string()},
                      {{"PATH", "/usr/bin:/bin"}});
    if (pid <= 0) return false;
    pids.push_back(pid);
    return eventually([&] { return connects(); }, 20s);
  }
  bool connects() const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(std::uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
  }
  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(maildir / "new", ec)) out.push_back(slurp(e.path()));
    return out;
  }
  fs::path maildir;
  int port = 0;
};

hypercare::http::Response fetch(const std::string& method, const std::string& url) {
  hypercare::http::Request req;
  req.method = method;
  req.url = url;
  req.timeout = 30s;
  if (method == "POST") {
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    req.body = "confirm=1";
  }
  auto r = hypercare::http::send(req);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : hypercare::http::Response{};
}

TEST_F(PagingPeople, AMailedPageCarriesALinkThatAcknowledgesOnceAndStopsTheEscalation) {
  SmtpServer smtp;
  ASSERT_TRUE(smtp.start(root / "maildir", pids)) << "aiosmtpd did not start (apt-get install python3-aiosmtpd)";
  int listen_port = refused_port();
  std::string base = fmt::format("http://127.0.0.1:{}", listen_port);
  configure(fmt::format("\n[listen]\nlink_key_secret = \"link_key\"\npublic_url = \"{}/\"\n\n[paging]\nlink_ttl = \"1h\"\n"
                        "[paging.P1]\nmethods = [\"email\"]\n[paging.smtp]\nurl = \"smtp://127.0.0.1:{}\"\nfrom = \"hypercare@example.com\"\n",
                        base, smtp.port));
  write_secrets(fmt::format("link_key = \"{}\"\n", k_link_key));
  auto r = at("2026-11-27T03:00:00Z", {"incident", "new", "Checkout down", "-p", "P1"});
  ASSERT_EXIT_CODE(r, 0);
  std::string id = r.out.substr(r.out.find("INC-"), 17);
  ASSERT_TRUE(eventually([&] { return smtp.messages().size() == 1; }, 10s)) << r.describe();
  auto mail = smtp.messages()[0];
  for (const std::string& header : std::vector<std::string>{"From: =?UTF-8?B?", "<hypercare@example.com>", "To: Dev 2 <dev2@example.com>", "Subject: " + id + " P1 Critical incident opened: Checkout down",
        "Date: Fri, 27 Nov 2026 03:00:00 +0000", "Message-ID: <" + id + ".0.dev2@example.com>", "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8", "Auto-Submitted: auto-generated"})
    EXPECT_NE(mail.find(header), std::string::npos) << header << "\n" << mail;
  EXPECT_NE(mail.find("hypercare incident ack " + id), std::string::npos) << mail;
  for (const auto& line : split_lines(mail.substr(mail.find("\n\n"))))
    if (line.find("://") == std::string::npos) {
      EXPECT_LE(line.size(), 80u) << line;  // 78 columns; '·' is 2 bytes
    }
  auto at_link = mail.find(base + "/ack/" + id + "?m=dev2&exp=");
  ASSERT_NE(at_link, std::string::npos) << mail;
  std::string link = mail.substr(at_link, mail.find_first_of("\r\n", at_link) - at_link);

  // The watcher serves the link; its clock is 03:10Z.
  pid_t watch = spawn({bin(), "watch", "--interval", "1h", "--listen", fmt::format("127.0.0.1:{}", listen_port)},
                      env_with({{"HYPERCARE_NOW", "2026-11-27T03:10:00Z"}}), root);
  ASSERT_GT(watch, 0);
  pids.push_back(watch);
  ASSERT_TRUE(eventually([&] { return http_get(listen_port, "/healthz").status == 200; }, 30s));

  auto forged = link;
  forged[forged.size() - 1] = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(fetch("POST", forged).status, 403);
  auto other = link;
  other.replace(other.find("m=dev2"), 6, "m=dev3");
  EXPECT_EQ(fetch("POST", other).status, 403) << "the member is signed too";
  auto expired = hypercare::notify::ack_url(base, k_link_key, id, "dev2", hypercare::core::TimePoint(std::chrono::sys_days(
                                                                                  std::chrono::year{2026} / 11 / 27) + 3h));
  ASSERT_TRUE(expired);
  EXPECT_EQ(fetch("POST", *expired).status, 410);
  auto show = json::parse(hc({"incident", "show", id, "--json"}).out);
  EXPECT_TRUE(show["acknowledged_at"].is_null()) << "refused links change nothing";

  auto confirm = fetch("GET", link);
  EXPECT_EQ(confirm.status, 200);
  EXPECT_NE(confirm.body.find("<form method=\"post\""), std::string::npos) << confirm.body;
  EXPECT_TRUE(json::parse(hc({"incident", "show", id, "--json"}).out)["acknowledged_at"].is_null()) << "GET changes nothing";
  auto done = fetch("POST", link);
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("Acknowledged"), std::string::npos) << done.body;
  show = json::parse(hc({"incident", "show", id, "--json"}).out);
  EXPECT_EQ(show["acknowledged_at"], "2026-11-27T03:10:00Z");
  EXPECT_EQ(show["timeline"].back()["actor"], "dev2 (link)") << show.dump();
  EXPECT_EQ(fetch("POST", link).status, 410) << "a link works once";
  // Nobody is paged or escalated to after that.
  EXPECT_EQ(json::parse(at("2026-11-27T04:00:00Z", {"incident", "escalate", "--due", "--json"}).out), json::array());
  EXPECT_EQ(smtp.messages().size(), 1u);
}

TEST_F(PagingPeople, ShiftNoticesGoOncePerShiftAndPersonAcrossADstNightAndASwap) {
  FakeEndpoint ntfy;
  // A rota in New York: 2026-11-01 ends daylight saving at 02:00 local.
  spit(ops / "rota.toml", fmt::format(R"(timezone = "America/New_York"
start = 2026-10-30
min_rest = "8h"
[lead]
id = "lead"
email = "lead@example.com"
[[member]]
id = "dev1"
email = "dev1@example.com"
ntfy = "{0}"
[[member]]
id = "dev2"
email = "dev2@example.com"
ntfy = "{1}"
[[slot]]
name = "day"
start = "08:00"
end = "20:00"
)", ntfy.url("/hc-dev1"), ntfy.url("/hc-dev2")));
  auto round = [&](const std::string& now) {
    auto r = at(now, {"watch", "--once", "--json"});
    EXPECT_EXIT_CODE(r, 0);
    auto j = json::parse(r.out, nullptr, false);
    return j.is_object() ? j["notices"] : json();
  };
  // One day slot (a gap at night): each day's shift starts fresh. 08:00 EST on 11-01 is 13:00Z
  // (it was 12:00Z the day before, in EDT).
  EXPECT_EQ(round("2026-11-01T11:50:00Z"), json::array()) << "06:50 EST: over an hour before";
  auto n = round("2026-11-01T12:50:00Z");
  ASSERT_EQ(n.size(), 1u) << n.dump();
  std::string day_person = n[0]["person"];
  EXPECT_EQ(n[0]["type"], "shift.starting");
  EXPECT_EQ(n[0]["key"], "shift/2026-11-01T13:00:00Z");
  EXPECT_NE(n[0]["text"].get<std::string>().find("you are on call from 08:00 EST (slot day) — 0 open incidents"), std::string::npos)
      << n.dump();
  EXPECT_EQ(round("2026-11-01T12:55:00Z"), json::array()) << "once per shift and person";
  ASSERT_TRUE(ntfy.wait_for(1, 5s));
  EXPECT_EQ(ntfy.count(), 1u);
  EXPECT_EQ(bodies(ntfy)[0]["topic"], "hc-" + day_person);
  EXPECT_EQ(bodies(ntfy)[0]["priority"], 3);

  // A swap of the next two days (one person each): both people told, once.
  ASSERT_EXIT_CODE(at("2026-11-01T14:00:00Z", {"rota", "swap", "2026-11-02/day", "2026-11-03/day", "-m", "dentist"}), 0);
  auto changed = round("2026-11-01T14:05:00Z");
  std::set<std::string> people;
  for (const auto& c : changed) {
    EXPECT_EQ(c["type"], "shift.changed");
    EXPECT_EQ(c["key"].get<std::string>().substr(0, 3), "SW-");
    people.insert(c["person"].get<std::string>());
  }
  EXPECT_EQ(people, (std::set<std::string>{"dev1", "dev2"})) << changed.dump();
  EXPECT_EQ(round("2026-11-01T14:10:00Z"), json::array());
}

}  // namespace
