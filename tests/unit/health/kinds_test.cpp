// Local health checks: thresholds, command, disk, tcp, severity, and the parallel runner.
#include <arpa/inet.h>
#include <cmath>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "hypercare/health/kinds.hpp"
#include "hypercare/health/runner.hpp"

namespace hypercare::health {
namespace {

using namespace std::chrono_literals;
using config::CheckKind;
using config::CheckSpec;
using config::Thresholds;

CheckEnv test_env() {
  CheckEnv e;
  e.ops_dir = std::filesystem::temp_directory_path();
  const char* path = std::getenv("PATH");
  e.env["PATH"] = path ? path : "/usr/bin:/bin";
  return e;
}

CheckSpec command(std::string name, std::string cmd) {
  CheckSpec s;
  s.name = std::move(name);
  s.service = "svc";
  s.kind = CheckKind::command;
  s.command = std::move(cmd);
  s.timeout = 5s;
  return s;
}

TEST(HealthJudge, NaNIsAnErrorWhenThereAreThresholds) {
  config::Thresholds t;
  t.fail_below = 1;
  auto [status, why] = judge(std::nan(""), t);
  EXPECT_EQ(status, Status::error);
  EXPECT_NE(why.find("NaN"), std::string::npos);
  EXPECT_EQ(judge(std::nan(""), config::Thresholds{}).first, Status::ok);
}

TEST(HealthJudge, Thresholds) {
  Thresholds t;
  t.warn_above = 10;
  t.fail_above = 100;
  EXPECT_EQ(judge(5, t).first, Status::ok);
  EXPECT_EQ(judge(10, t).first, Status::ok);  // "above" is strict
  EXPECT_EQ(judge(11, t).first, Status::warn);
  EXPECT_EQ(judge(100, t).first, Status::warn);
  auto [s, why] = judge(101, t);
  EXPECT_EQ(s, Status::fail);
  EXPECT_NE(why.find("101"), std::string::npos) << why;
  EXPECT_NE(why.find("100"), std::string::npos) << why;

  Thresholds below;
  below.warn_below = 20;
  below.fail_below = 10;
  EXPECT_EQ(judge(50, below).first, Status::ok);
  EXPECT_EQ(judge(20, below).first, Status::ok);
  EXPECT_EQ(judge(15, below).first, Status::warn);
  EXPECT_EQ(judge(9.5, below).first, Status::fail);
  EXPECT_EQ(judge(-1, Thresholds{}).first, Status::ok);
}

TEST(HealthResult, StatusNamesAndWorst) {
  EXPECT_EQ(status_name(Status::ok), "ok");
  EXPECT_EQ(status_name(Status::warn), "warn");
  EXPECT_EQ(status_name(Status::fail), "fail");
  EXPECT_EQ(status_name(Status::error), "error");
  EXPECT_EQ(parse_status("fail"), Status::fail);
  EXPECT_FALSE(parse_status("bad").has_value());
  EXPECT_EQ(worst(Status::ok, Status::warn), Status::warn);
  EXPECT_EQ(worst(Status::fail, Status::warn), Status::fail);
  EXPECT_EQ(worst(Status::fail, Status::error), Status::error);
  EXPECT_EQ(worst(Status::ok, Status::ok), Status::ok);
}

TEST(HealthSeverity, WarningTurnsFailIntoWarn) {
  CheckSpec s = command("c", "true");
  EXPECT_EQ(with_severity(Status::fail, s), Status::fail);
  s.critical = false;
  EXPECT_EQ(with_severity(Status::fail, s), Status::warn);
  EXPECT_EQ(with_severity(Status::ok, s), Status::ok);
  EXPECT_EQ(with_severity(Status::warn, s), Status::warn);
}

TEST(HealthCommand, ExitZeroIsOk) {
  auto r = run_command(command("c", "echo hello"), test_env());
  EXPECT_EQ(r.status, Status::ok) << r.message;
  EXPECT_EQ(r.name, "c");
  EXPECT_EQ(r.kind, "command");
  EXPECT_EQ(r.service, "svc");
  EXPECT_EQ(r.message, "hello");
  EXPECT_FALSE(r.value.has_value());
}

TEST(HealthCommand, NonZeroExitFails) {
  auto r = run_command(command("c", "echo broken >&2; exit 3"), test_env());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("exit 3"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("broken"), std::string::npos) << r.message;
}

TEST(HealthCommand, GetsCheckNameInEnvironment) {
  auto r = run_command(command("named", "test \"$HYPERCARE_CHECK\" = named && test \"$HYPERCARE_SERVICE\" = svc"),
                       test_env());
  EXPECT_EQ(r.status, Status::ok) << r.message;
}

TEST(HealthCommand, ExpectOutput) {
  auto s = command("c", "echo 'Running Running'");
  s.expect_output = "^(Running ?)+$";
  EXPECT_EQ(run_command(s, test_env()).status, Status::ok);
  s.command = "echo 'Running Pending'";
  auto r = run_command(s, test_env());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("Pending"), std::string::npos) << r.message;
}

TEST(HealthCommand, NumericOutputWithThresholds) {
  auto s = command("c", "echo 5");
  s.thresholds.warn_above = 10;
  s.thresholds.fail_above = 100;
  auto ok = run_command(s, test_env());
  EXPECT_EQ(ok.status, Status::ok) << ok.message;
  ASSERT_TRUE(ok.value.has_value());
  EXPECT_DOUBLE_EQ(*ok.value, 5);

  s.command = "echo 42";
  auto warn = run_command(s, test_env());
  EXPECT_EQ(warn.status, Status::warn) << warn.message;
  ASSERT_TRUE(warn.value.has_value());
  EXPECT_DOUBLE_EQ(*warn.value, 42);

  s.command = "printf '  250.5\\n'";
  auto fail = run_command(s, test_env());
  EXPECT_EQ(fail.status, Status::fail) << fail.message;
  ASSERT_TRUE(fail.value.has_value());
  EXPECT_DOUBLE_EQ(*fail.value, 250.5);
}

TEST(HealthCommand, NonNumberWithThresholdsIsError) {
  auto s = command("c", "echo lots");
  s.thresholds.warn_above = 10;
  auto r = run_command(s, test_env());
  EXPECT_EQ(r.status, Status::error) << r.message;
  EXPECT_NE(r.message.find("lots"), std::string::npos) << r.message;
  EXPECT_FALSE(r.value.has_value());

  s.command = "true";  // nothing at all
  EXPECT_EQ(run_command(s, test_env()).status, Status::error);
}

// The pids of live processes whose argv is exactly {"sleep", arg}.
std::vector<pid_t> sleepers(const std::string& arg) {
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& d : std::filesystem::directory_iterator("/proc", ec)) {
    std::string name = d.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(d.path() / "cmdline", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string cmd = ss.str();
    if (cmd == "sleep" + std::string(1, '\0') + arg + std::string(1, '\0')) {
      std::ifstream st(d.path() / "stat");
      std::string stat;
      std::getline(st, stat);
      auto close = stat.rfind(')');
      if (close != std::string::npos && stat.size() > close + 2 && stat[close + 2] == 'Z') continue;  // zombie
      out.push_back(pid_t(std::stoi(name)));
    }
  }
  return out;
}

TEST(HealthCommand, TimeoutKillsTheWholeGroupEvenIfItIgnoresTerm) {
  const std::string arg = "31.4159";  // unique, so we find only our own sleeps
  auto s = command("slow", "trap '' TERM; sleep " + arg + " & sleep " + arg);
  s.timeout = 1s;
  auto started = std::chrono::steady_clock::now();
  auto r = run_command(s, test_env());
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.status, Status::fail) << r.message;
  EXPECT_NE(r.message.find("timed out"), std::string::npos) << r.message;
  EXPECT_LT(took, 1200ms) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
  EXPECT_GE(took, 900ms);
  // Reaping of the orphaned grandchild may lag a little: give it a moment.
  std::vector<pid_t> left;
  for (int i = 0; i < 20; ++i) {
    left = sleepers(arg);
    if (left.empty()) break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(left.empty()) << left.size() << " sleep process(es) survived the timeout";
  for (pid_t p : left) ::kill(p, SIGKILL);
}

TEST(HealthCommand, UnknownCommandFails) {
  auto r = run_command(command("c", "definitely-not-a-command-hc"), test_env());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("exit 127"), std::string::npos) << r.message;
}

TEST(HealthDisk, RootFreePercentage) {
  CheckSpec s;
  s.name = "root";
  s.kind = CheckKind::disk;
  s.path = "/";
  auto r = run_disk(s, test_env());
  EXPECT_EQ(r.kind, "disk");
  ASSERT_TRUE(r.value.has_value()) << r.message;
  EXPECT_GE(*r.value, 0.0);
  EXPECT_LE(*r.value, 100.0);
  EXPECT_NE(r.status, Status::error);
  EXPECT_NE(r.message.find("% free on /"), std::string::npos) << r.message;

  s.thresholds.fail_below = 101;  // can never be met
  auto f = run_disk(s, test_env());
  EXPECT_EQ(f.status, Status::fail) << f.message;
  s.thresholds = {};
  s.thresholds.warn_below = 101;
  EXPECT_EQ(run_disk(s, test_env()).status, Status::warn);
}

TEST(HealthDisk, MissingPathFails) {
  CheckSpec s;
  s.name = "nowhere";
  s.kind = CheckKind::disk;
  s.path = "/definitely/not/here/hc";
  auto r = run_disk(s, test_env());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_FALSE(r.value.has_value());
}

// A listening socket on 127.0.0.1 with a kernel-chosen port.
struct Listener {
  int fd = -1;
  int port = 0;
  Listener() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::listen(fd, 16) == 0) {
      socklen_t len = sizeof a;
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
      port = ntohs(a.sin_port);
    }
  }
  ~Listener() {
    if (fd >= 0) ::close(fd);
  }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
};

TEST(HealthTcp, ListeningPortIsOkClosedPortFails) {
  int closed_port = 0;
  {
    Listener l;
    ASSERT_GT(l.port, 0);
    CheckSpec s;
    s.name = "port";
    s.service = "db";
    s.kind = CheckKind::tcp;
    s.timeout = 2s;
    s.address = "127.0.0.1:" + std::to_string(l.port);
    auto r = run_tcp(s, test_env());
    EXPECT_EQ(r.status, Status::ok) << r.message;
    EXPECT_EQ(r.kind, "tcp");
    EXPECT_EQ(r.service, "db");
    closed_port = l.port;
  }
  CheckSpec s;
  s.name = "port";
  s.kind = CheckKind::tcp;
  s.timeout = 2s;
  s.address = "127.0.0.1:" + std::to_string(closed_port);
  auto started = std::chrono::steady_clock::now();
  auto r = run_tcp(s, test_env());
  EXPECT_EQ(r.status, Status::fail) << r.message;
  EXPECT_NE(r.message.find(s.address), std::string::npos) << r.message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);  // refused, not timed out
}

TEST(HealthRunner, RunsInParallelAndKeepsOrder) {
  std::vector<CheckSpec> checks;
  for (int i = 0; i < 10; ++i) checks.push_back(command("c" + std::to_string(i), "sleep 0.3; echo " + std::to_string(i)));
  RunOptions o;
  std::uint64_t n = 0;
  core::Random random = [&n] { return ++n * 0x9E3779B97F4A7C15ull; };
  auto started = std::chrono::steady_clock::now();
  auto run = run_checks(checks, test_env(), o, core::TimePoint{} + std::chrono::hours(24 * 365 * 56), random);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 900ms) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
  ASSERT_EQ(run.checks.size(), 10u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(run.checks[std::size_t(i)].name, "c" + std::to_string(i));
    EXPECT_EQ(run.checks[std::size_t(i)].message, std::to_string(i));
  }
  EXPECT_EQ(run.status, Status::ok);
  EXPECT_TRUE(run.run_id.starts_with("HC")) << run.run_id;
}

TEST(HealthRunner, SeverityAndWorstStatus) {
  std::vector<CheckSpec> checks{command("good", "true"), command("bad", "exit 1")};
  checks[1].critical = false;
  std::uint64_t n = 0;
  core::Random random = [&n] { return ++n; };
  auto run = run_checks(checks, test_env(), RunOptions{}, core::TimePoint{}, random);
  ASSERT_EQ(run.checks.size(), 2u);
  EXPECT_EQ(run.checks[1].status, Status::warn);
  EXPECT_EQ(run.status, Status::warn);
}

TEST(HealthRunner, SelectChecks) {
  config::ChecksConfig cfg;
  cfg.file = "ops/checks.toml";
  cfg.checks = {command("a", "true"), command("b", "true"), command("c", "true")};
  cfg.checks[1].tags = {"local"};
  RunOptions o;
  auto all = select_checks(cfg, o);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 3u);
  o.names = {"c", "a"};
  o.timeout = 9s;
  auto two = select_checks(cfg, o);
  ASSERT_TRUE(two);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].name, "a");  // config order
  EXPECT_EQ((*two)[0].timeout, 9s);
  RunOptions t;
  t.tags = {"local"};
  auto tagged = select_checks(cfg, t);
  ASSERT_TRUE(tagged);
  ASSERT_EQ(tagged->size(), 1u);
  EXPECT_EQ((*tagged)[0].name, "b");
  RunOptions bad;
  bad.names = {"zzz"};
  auto none = select_checks(cfg, bad);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, core::ErrorKind::missing);
  EXPECT_NE(none.error().message.find("zzz"), std::string::npos);
  EXPECT_NE(none.error().hint.find("a, b, c"), std::string::npos) << none.error().hint;
}

}  // namespace
}  // namespace hypercare::health
