#include "hypercare/config/checks_config.hpp"

#include <set>

#include <fmt/format.h>

#include "hypercare/config/schema.hpp"
#include "hypercare/core/pattern.hpp"

namespace hypercare::config {

namespace {

constexpr std::string_view k_kinds[] = {"http", "tcp", "command", "disk", "prometheus", "rules", "info"};

// A number, or a percentage written "20%".
core::Result<std::optional<double>> amount(const TomlFile& f, const toml::table& t, std::string_view key,
                                           const std::string& kp) {
  const toml::node* n = t.get(key);
  if (!n) return std::optional<double>{};
  if (auto v = n->value_exact<double>()) return std::optional<double>{*v};
  if (auto v = n->value_exact<std::int64_t>()) return std::optional<double>{double(*v)};
  if (auto s = n->value_exact<std::string>(); s && !s->empty() && s->back() == '%') {
    try {
      std::size_t used = 0;
      double v = std::stod(s->substr(0, s->size() - 1), &used);
      if (used == s->size() - 1) return std::optional<double>{v};
    } catch (const std::exception&) {
    }
  }
  return std::unexpected(f.error_at(n, kp, "must be a number (or a percentage such as \"20%\")"));
}

core::Status regex_ok(const TomlFile& f, const toml::table& t, std::string_view key, const std::string& kp,
                      std::string& out) {
  auto v = HC_TRY(f.string(t, key, kp));
  if (!v) return {};
  if (auto p = core::Pattern::compile(*v); !p) {
    auto e = f.error_at(t.get(key), kp, p.error().message);
    e.hint = p.error().hint;
    return std::unexpected(e);
  }
  out = *v;
  return {};
}

core::Status statuses(const TomlFile& f, const toml::table& t, const std::string& kp, CheckSpec& c) {
  const toml::node* n = t.get("expect_status");
  if (!n) return {};
  auto add = [&](const toml::node& v) -> core::Status {
    if (auto i = v.value_exact<std::int64_t>(); i && *i >= 100 && *i <= 599) {
      c.expect_status.emplace_back(int(*i), int(*i));
      return {};
    }
    if (auto s = v.value_exact<std::string>()) {
      // "200-299" or "2xx"
      if (s->size() == 3 && (*s)[1] == 'x' && (*s)[2] == 'x' && (*s)[0] >= '1' && (*s)[0] <= '5') {
        int h = ((*s)[0] - '0') * 100;
        c.expect_status.emplace_back(h, h + 99);
        return {};
      }
      int a = 0, b = 0;
      if (std::sscanf(s->c_str(), "%d-%d", &a, &b) == 2 && a >= 100 && b <= 599 && a <= b) {
        c.expect_status.emplace_back(a, b);
        return {};
      }
    }
    return std::unexpected(f.error_at(&v, kp + ".expect_status", "must be a status (200), a range (\"200-299\" or \"2xx\") or a list of them"));
  };
  if (auto arr = n->as_array()) {
    for (const auto& v : *arr) HC_CHECK(add(v));
    return {};
  }
  return add(*n);
}

core::Result<CheckSpec> check(const TomlFile& f, const toml::table& t, const std::string& kp, const ChecksConfig& defaults) {
  CheckSpec c;
  c.timeout = defaults.timeout;
  c.interval = defaults.interval;
  auto name = HC_TRY(f.string(t, "name", kp + ".name"));
  if (!name || name->empty() || name->find_first_of(" /") != std::string::npos)
    return std::unexpected(f.error_at(&t, kp + ".name", "is required, without spaces or slashes"));
  c.name = *name;
  auto kind = HC_TRY(f.string(t, "kind", kp + ".kind"));
  bool known = false;
  for (std::size_t i = 0; kind && i < std::size(k_kinds); ++i)
    if (*kind == k_kinds[i]) c.kind = CheckKind(i), known = true;
  if (!known)
    return std::unexpected(f.error_at(t.get("kind") ? t.get("kind") : &t, kp + ".kind",
                                      "must be one of http, tcp, command, disk, prometheus, rules, info"));
  c.service = HC_TRY(f.string(t, "service", kp + ".service")).value_or(c.name);
  if (const toml::node* tags = t.get("tags")) {
    const auto* arr = tags->as_array();
    if (!arr) return std::unexpected(f.error_at(tags, kp + ".tags", "must be a list of strings"));
    for (const auto& v : *arr) {
      auto s = v.value_exact<std::string>();
      if (!s) return std::unexpected(f.error_at(&v, kp + ".tags", "must be a list of strings"));
      c.tags.push_back(*s);
    }
  }
  if (auto sev = HC_TRY(f.string(t, "severity", kp + ".severity"))) {
    if (*sev != "critical" && *sev != "warning")
      return std::unexpected(f.error_at(t.get("severity"), kp + ".severity", "must be critical or warning"));
    c.critical = *sev == "critical";
  }
  if (auto v = HC_TRY(f.duration_ms(t, "timeout", kp + ".timeout"))) c.timeout = *v;
  if (auto v = HC_TRY(f.duration(t, "interval", kp + ".interval"))) c.interval = *v;
  if (const auto* of = HC_TRY(f.table(t, "on_fail", kp + ".on_fail"))) {
    OnFail o;
    auto p = HC_TRY(f.string(*of, "open_incident", kp + ".on_fail.open_incident"));
    if (!p) return std::unexpected(f.error_at(t.get("on_fail"), kp + ".on_fail.open_incident", "is required (P1..P4)"));
    auto pr = parse_priority(*p);
    if (!pr) return std::unexpected(f.error_at(of->get("open_incident"), kp + ".on_fail.open_incident", pr.error().message));
    o.priority = *pr;
    if (auto a = HC_TRY(f.integer(*of, "after", kp + ".on_fail.after"))) {
      if (*a < 1 || *a > 1000) return std::unexpected(f.error_at(of->get("after"), kp + ".on_fail.after", "must be 1 or more"));
      o.after = int(*a);
    }
    c.on_fail = o;
  }
  for (auto [key, out] : {std::pair{"warn_above", &c.thresholds.warn_above}, std::pair{"fail_above", &c.thresholds.fail_above},
                          std::pair{"warn_below", &c.thresholds.warn_below}, std::pair{"fail_below", &c.thresholds.fail_below}})
    *out = HC_TRY(amount(f, t, key, kp + "." + key));

  auto required = [&](std::string_view key, std::string& out) -> core::Status {
    auto v = HC_TRY(f.string(t, key, kp + "." + std::string(key)));
    if (!v || v->empty())
      return std::unexpected(f.error_at(&t, kp + "." + std::string(key),
                                        fmt::format("is required for a {} check", check_kind_name(c.kind))));
    out = *v;
    return {};
  };
  switch (c.kind) {
    case CheckKind::http: {
      HC_CHECK(required("url", c.url));
      if (!c.url.starts_with("http://") && !c.url.starts_with("https://"))
        return std::unexpected(f.error_at(t.get("url"), kp + ".url", "must start with http:// or https://"));
      c.method = HC_TRY(f.string(t, "method", kp + ".method")).value_or("GET");
      HC_CHECK(statuses(f, t, kp, c));
      c.body_contains = HC_TRY(f.string(t, "body_contains", kp + ".body_contains")).value_or("");
      HC_CHECK(regex_ok(f, t, "body_regex", kp + ".body_regex", c.body_regex));
      c.max_latency = HC_TRY(f.duration_ms(t, "max_latency", kp + ".max_latency"));
      c.tls_verify = HC_TRY(f.boolean(t, "tls_verify", kp + ".tls_verify")).value_or(true);
      if (const auto* h = HC_TRY(f.table(t, "headers", kp + ".headers")))
        for (const auto& [k, v] : *h) {
          auto s = v.value_exact<std::string>();
          if (!s) return std::unexpected(f.error_at(&v, kp + ".headers", "values must be strings"));
          c.headers.emplace_back(std::string(k.str()), *s);
        }
      break;
    }
    case CheckKind::tcp:
      HC_CHECK(required("address", c.address));
      if (c.address.rfind(':') == std::string::npos)
        return std::unexpected(f.error_at(t.get("address"), kp + ".address", "must be host:port"));
      break;
    case CheckKind::command:
      HC_CHECK(required("command", c.command));
      HC_CHECK(regex_ok(f, t, "expect_output", kp + ".expect_output", c.expect_output));
      break;
    case CheckKind::disk:
      HC_CHECK(required("path", c.path));
      break;
    case CheckKind::prometheus:
      HC_CHECK(required("query", c.query));
      c.on_empty = HC_TRY(f.string(t, "on_empty", kp + ".on_empty")).value_or("fail");
      if (c.on_empty != "ok" && c.on_empty != "warn" && c.on_empty != "fail")
        return std::unexpected(f.error_at(t.get("on_empty"), kp + ".on_empty", "must be ok, warn or fail"));
      if (defaults.prometheus_url.empty())
        return std::unexpected(f.error_at(&t, kp, "a prometheus check needs [prometheus] url"));
      break;
    case CheckKind::rules:
      HC_CHECK(required("file", c.file));
      if (defaults.prometheus_url.empty())
        return std::unexpected(f.error_at(&t, kp, "a rules check needs [prometheus] url"));
      break;
    case CheckKind::info: {
      // A figure, not a verdict: what would judge it has no place here.
      for (const char* key : {"severity", "on_fail", "warn_above", "fail_above", "warn_below", "fail_below", "expect_output", "on_empty"})
        if (const auto* n = t.get(key))
          return std::unexpected(f.error_at(n, kp + "." + key, "an info check records a figure without a verdict: remove it, or use kind = \"command\" or \"prometheus\" to judge"));
      c.command = HC_TRY(f.string(t, "command", kp + ".command")).value_or("");
      c.query = HC_TRY(f.string(t, "query", kp + ".query")).value_or("");
      if (c.command.empty() == c.query.empty())
        return std::unexpected(f.error_at(&t, kp, "an info check needs a command or a query (one of them)"));
      if (!c.query.empty() && defaults.prometheus_url.empty())
        return std::unexpected(f.error_at(&t, kp, "an info check with a query needs [prometheus] url"));
      c.unit = HC_TRY(f.string(t, "unit", kp + ".unit")).value_or("");
      break;
    }
  }
  if (c.kind != CheckKind::info && t.get("unit"))
    return std::unexpected(f.error_at(t.get("unit"), kp + ".unit", "only an info check has a unit"));
  return c;
}

}  // namespace

std::string_view check_kind_name(CheckKind k) { return k_kinds[std::size_t(k)]; }

core::Result<std::optional<ChecksConfig>> load_checks_config(const std::filesystem::path& ops_dir) {
  std::error_code ec;
  auto path = ops_dir / k_checks_file;
  if (!std::filesystem::exists(path, ec)) return std::optional<ChecksConfig>{};
  auto file = HC_TRY(TomlFile::load(path));
  return std::optional<ChecksConfig>{HC_TRY(parse_checks_config(file))};
}

const Schema& checks_schema() {
  // Every kind's keys: a key of another kind is an error of the check (the parser says so).
  static const Schema schema{
      {"defaults", {{"timeout", {}}, {"interval", {}}}},
      {"prometheus", {{"url", {}}}},
      {"check",
       {{"name", {}}, {"kind", {}}, {"service", {}}, {"tags", {}}, {"severity", {}}, {"timeout", {}}, {"interval", {}},
        {"on_fail", {{"open_incident", {}}, {"after", {}}}}, {"warn_above", {}}, {"fail_above", {}}, {"warn_below", {}},
        {"fail_below", {}}, {"url", {}}, {"method", {}}, {"expect_status", {}}, {"body_contains", {}}, {"body_regex", {}},
        {"max_latency", {}}, {"tls_verify", {}}, {"headers", Schema::any()}, {"address", {}}, {"command", {}},
        {"expect_output", {}}, {"path", {}}, {"query", {}}, {"on_empty", {}}, {"file", {}}, {"unit", {}}}},
  };
  return schema;
}

core::Result<ChecksConfig> parse_checks_config(const TomlFile& f) {
  ChecksConfig c;
  c.file = f.path();
  HC_CHECK(f.reject_secrets());  // first: a secret is worse than a typo
  HC_CHECK(check_schema(f, checks_schema()));
  const auto& root = f.root();
  if (const auto* d = HC_TRY(f.table(root, "defaults", "defaults"))) {
    if (auto v = HC_TRY(f.duration_ms(*d, "timeout", "defaults.timeout"))) c.timeout = *v;
    if (auto v = HC_TRY(f.duration(*d, "interval", "defaults.interval"))) c.interval = *v;
  }
  if (const auto* p = HC_TRY(f.table(root, "prometheus", "prometheus")))
    c.prometheus_url = HC_TRY(f.string(*p, "url", "prometheus.url")).value_or("");
  const toml::node* checks = root.get("check");
  if (!checks) return c;
  if (!checks->is_array_of_tables()) return std::unexpected(f.error_at(checks, "check", "must be [[check]] tables"));
  std::set<std::string> names;
  std::size_t i = 0;
  for (const auto& node : *checks->as_array()) {
    auto kp = fmt::format("check[{}]", i++);
    auto spec = HC_TRY(check(f, *node.as_table(), kp, c));
    if (!names.insert(spec.name).second)
      return std::unexpected(f.error_at(node.as_table()->get("name"), kp + ".name", fmt::format("'{}' is used twice", spec.name)));
    c.checks.push_back(std::move(spec));
  }
  return c;
}

}  // namespace hypercare::config
