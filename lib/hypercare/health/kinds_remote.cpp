// Checks that ask another server: http, prometheus, rules.

#include <fmt/format.h>

#include "hypercare/config/rules.hpp"
#include "hypercare/core/pattern.hpp"
#include "hypercare/health/kinds.hpp"
#include "hypercare/health/promtool.hpp"
#include "hypercare/health/prometheus.hpp"
#include "hypercare/http/client.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::health {

namespace {

// "$VAR" or "${VAR}" as a whole header value names an environment variable.
std::string expand(const std::string& v, const CheckEnv& env) {
  std::string name;
  if (v.size() > 3 && v.starts_with("${") && v.ends_with("}")) name = v.substr(2, v.size() - 3);
  else if (v.size() > 1 && v[0] == '$') name = v.substr(1);
  if (name.empty()) return v;
  auto it = env.env.find(name);
  return it == env.env.end() ? std::string() : it->second;
}

}  // namespace

CheckResult run_http(const config::CheckSpec& spec, const CheckEnv& env) {
  auto r = result_of(spec);
  http::Request req;
  req.method = spec.method;
  req.url = spec.url;
  req.timeout = spec.timeout;
  req.verify_tls = spec.tls_verify;
  for (const auto& [k, v] : spec.headers) req.headers.emplace_back(k, expand(v, env));
  auto resp = http::send(req);
  if (!resp) {
    r.status = Status::fail;
    r.message = resp.error().message;
    return r;
  }
  r.latency_ms = long(resp->elapsed.count());
  r.value = double(resp->status);
  bool status_ok = false;
  if (spec.expect_status.empty()) status_ok = resp->status >= 200 && resp->status < 400;
  for (auto [lo, hi] : spec.expect_status) status_ok = status_ok || (resp->status >= lo && resp->status <= hi);
  if (!status_ok) {
    r.status = Status::fail;
    r.message = fmt::format("HTTP {} (unexpected status)", resp->status);
    return r;
  }
  if (!spec.body_contains.empty() && resp->body.find(spec.body_contains) == std::string::npos) {
    r.status = Status::fail;
    r.message = fmt::format("HTTP {} but the body does not contain '{}'", resp->status, spec.body_contains);
    return r;
  }
  if (!spec.body_regex.empty()) {
    auto pattern = core::Pattern::compile(spec.body_regex);
    if (!pattern || !pattern->search(resp->body)) {
      r.status = pattern ? Status::fail : Status::error;
      r.message = pattern ? fmt::format("HTTP {} but the body does not match /{}/", resp->status, spec.body_regex)
                          : fmt::format("body_regex: {}", pattern.error().message);
      return r;
    }
  }
  if (spec.max_latency && resp->elapsed > *spec.max_latency) {
    r.status = Status::warn;
    r.message = fmt::format("HTTP {} in {} ms, slower than {}", resp->status, r.latency_ms, core::format_duration_ms(*spec.max_latency));
    return r;
  }
  r.message = fmt::format("HTTP {} in {} ms", resp->status, r.latency_ms);
  return r;
}

CheckResult run_prometheus(const config::CheckSpec& spec, const CheckEnv& env) {
  auto r = result_of(spec);
  auto started = std::chrono::steady_clock::now();
  auto samples = instant_query(env.prometheus_url, spec.query, spec.timeout);
  r.latency_ms = long(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
  if (!samples) {
    r.status = samples.error().kind == core::ErrorKind::unavailable ? Status::fail : Status::error;
    r.message = samples.error().message;
    return r;
  }
  if (samples->empty()) {
    r.status = spec.on_empty == "ok" ? Status::ok : spec.on_empty == "warn" ? Status::warn : Status::fail;
    r.message = "no data (the query returned nothing)";
    return r;
  }
  // The worst series decides: the highest value against *_above, the lowest against *_below.
  Status status = Status::ok;
  std::string why;
  for (const auto& s : *samples) {
    auto [st, msg] = judge(s.value, spec.thresholds);
    if (!r.value || (st != status && worst(st, status) == st)) {
      status = st;
      r.value = s.value;
      why = s.labels.empty() ? msg : fmt::format("{} ({})", msg, s.labels);
    }
  }
  r.status = status;
  r.message = samples->size() > 1 ? fmt::format("{}; {} series", why, samples->size()) : why;
  return r;
}

core::Status validate_rules_file(const config::CheckSpec& spec, const CheckEnv& env) {
  std::filesystem::path path = spec.file;
  if (path.is_relative()) path = env.ops_dir / path;
  auto text = store::read_file(path, store::k_max_config_bytes);
  if (!text) {
    auto e = text.error();
    e.message = fmt::format("check {}: {}", spec.name, e.message);
    return std::unexpected(e);
  }
  auto problems = config::rule_file_problems(*text, spec.file);
  if (problems.empty()) problems = promtool_problems(path, spec.file, env.env);
  if (!problems.empty()) {
    auto e = problems.front();
    e.message += fmt::format(" (check {})", spec.name);
    return std::unexpected(e);
  }
  return {};
}

std::vector<CheckResult> run_rules(const config::CheckSpec& spec, const CheckEnv& env) {
  std::filesystem::path path = spec.file;
  if (path.is_relative()) path = env.ops_dir / path;
  auto fail_whole = [&](Status s, std::string message) {
    auto r = result_of(spec);
    r.status = s;
    r.message = std::move(message);
    return std::vector<CheckResult>{r};
  };
  auto text = store::read_file(path, store::k_max_config_bytes);
  if (!text) return fail_whole(Status::error, text.error().message);
  auto file = config::parse_rule_file(*text, spec.file);
  if (!file) return fail_whole(Status::error, file.error().message);
  std::vector<CheckResult> out;
  auto timeout = spec.timeout;
  for (const auto& g : file->groups) {
    for (const auto& rule : g.rules) {
      if (rule.alert.empty()) continue;  // recording rules are not checks
      const auto& name = rule.alert;
      const auto& expr = rule.expr;
      auto sev = rule.labels.find("severity");
      std::string severity = sev == rule.labels.end() ? "" : sev->second;
      auto r = result_of(spec, spec.name + "/" + name);
      auto started = std::chrono::steady_clock::now();
      auto samples = instant_query(env.prometheus_url, expr, timeout);
      r.latency_ms = long(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
      if (!samples) {
        r.status = Status::error;
        r.message = samples.error().message;
      } else if (samples->empty()) {
        r.message = "not firing";
      } else {
        r.status = severity == "critical" ? Status::fail : Status::warn;
        r.value = samples->front().value;
        r.message = fmt::format("firing ({} series, severity {})", samples->size(), severity.empty() ? "none" : severity);
      }
      out.push_back(std::move(r));
    }
  }
  if (out.empty()) return fail_whole(Status::warn, fmt::format("{}: no alerting rules", spec.file));
  return out;
}

}  // namespace hypercare::health
