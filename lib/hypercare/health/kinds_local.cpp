// Checks that run on this machine: tcp, command, disk.
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "hypercare/core/pattern.hpp"
#include "hypercare/core/text.hpp"
#include "hypercare/exec/run.hpp"
#include "hypercare/health/kinds.hpp"

namespace hypercare::health {

CheckResult result_of(const config::CheckSpec& spec, std::string name) {
  return CheckResult{name.empty() ? spec.name : std::move(name), std::string(config::check_kind_name(spec.kind)),
                     spec.service, Status::ok, 0, {}, {}, {}, {}};
}

namespace {

// Connects to one address within the deadline; errno-style reason on failure.
std::string connect_one(const addrinfo* ai, std::chrono::steady_clock::time_point deadline) {
  int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
  if (fd < 0) return std::strerror(errno);
  std::string why;
  if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
    why = std::strerror(errno);
  } else {
    pollfd p{fd, POLLOUT, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    int n = ::poll(&p, 1, int(std::max<long long>(left.count(), 0)));
    int err = 0;
    socklen_t len = sizeof err;
    if (n == 0) why = "timed out";
    else if (n < 0) why = std::strerror(errno);
    else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) why = std::strerror(err ? err : errno);
  }
  ::close(fd);
  return why;
}

}  // namespace

CheckResult run_tcp(const config::CheckSpec& spec, const CheckEnv&) {
  auto r = result_of(spec);
  auto started = std::chrono::steady_clock::now();
  auto colon = spec.address.rfind(':');
  std::string host = spec.address.substr(0, colon), port = spec.address.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &list); rc != 0) {
    r.status = Status::fail;
    r.message = fmt::format("{}: cannot resolve: {}", spec.address, gai_strerror(rc));
    return r;
  }
  auto deadline = started + spec.timeout;
  std::string why = "no address";
  for (auto* ai = list; ai; ai = ai->ai_next) {
    why = connect_one(ai, deadline);
    if (why.empty()) break;
  }
  ::freeaddrinfo(list);
  r.latency_ms = long(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
  if (!why.empty()) {
    r.status = Status::fail;
    r.message = fmt::format("{}: {}", spec.address, why);
  } else {
    r.message = fmt::format("{} accepts connections", spec.address);
  }
  return r;
}

exec::Request command_request(const config::CheckSpec& spec, const CheckEnv& env) {
  exec::Request req;
  req.kill_descendants = true;
  req.argv = {"/bin/sh", "-c", spec.command};
  req.cwd = env.ops_dir;
  req.env = env.env;
  req.env["HYPERCARE_CHECK"] = spec.name;
  req.env["HYPERCARE_SERVICE"] = spec.service;
  req.timeout = spec.timeout;
  req.output_cap = 16 * 1024;
  return req;
}

CheckResult run_command(const config::CheckSpec& spec, const CheckEnv& env) {
  auto r = result_of(spec);
  auto out = exec::run(command_request(spec, env));
  if (!out) {
    r.status = Status::error;
    r.message = out.error().message;
    return r;
  }
  r.latency_ms = long(out->duration.count());
  if (out->timed_out) {
    r.status = Status::fail;
    r.message = fmt::format("timed out after {}", core::format_duration_ms(spec.timeout));
    return r;
  }
  if (out->exit_code != 0) {
    r.status = Status::fail;
    std::string said = core::first_line(out->err.empty() ? out->out : out->err);
    r.message = out->signal ? fmt::format("killed by signal {}", out->signal)
                            : fmt::format("exit {}{}{}", out->exit_code, said.empty() ? "" : ": ", said);
    return r;
  }
  std::string text = out->out;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (!spec.expect_output.empty()) {
    auto pattern = core::Pattern::compile(spec.expect_output);
    if (!pattern || !pattern->search(text)) {
      r.status = pattern ? Status::fail : Status::error;
      r.message = pattern ? fmt::format("output '{}' does not match /{}/", core::first_line(text).substr(0, 120),
                                        spec.expect_output)
                          : fmt::format("expect_output: {}", pattern.error().message);
      return r;
    }
  }
  if (spec.thresholds.any()) {
    std::string word = core::first_line(text);
    double v = 0;
    auto [p, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
    if (ec != std::errc() || word.empty()) {
      r.status = Status::error;
      r.message = fmt::format("expected a number on stdout, got '{}'", word.substr(0, 80));
      return r;
    }
    r.value = v;
    std::tie(r.status, r.message) = judge(v, spec.thresholds);
    return r;
  }
  r.message = core::first_line(text).substr(0, 200);
  if (r.message.empty()) r.message = "exit 0";
  return r;
}

CheckResult run_disk(const config::CheckSpec& spec, const CheckEnv& env) {
  auto r = result_of(spec);
  std::filesystem::path path = spec.path;
  if (path.is_relative()) path = env.ops_dir / path;
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0 || st.f_blocks == 0) {
    r.status = Status::fail;
    r.message = fmt::format("{}: {}", spec.path, std::strerror(errno));
    return r;
  }
  double free_pct = 100.0 * double(st.f_bavail) / double(st.f_blocks);
  r.value = free_pct;
  config::Thresholds t;
  t.warn_below = spec.thresholds.warn_below;
  t.fail_below = spec.thresholds.fail_below;
  auto [status, why] = judge(free_pct, t);
  r.status = status;
  r.message = fmt::format("{:.1f}% free on {}{}", free_pct, spec.path,
                          status == Status::ok ? "" : fmt::format(" ({})", why.substr(why.find(" is ") + 1)));
  return r;
}

}  // namespace hypercare::health
