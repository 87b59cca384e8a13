#include "hypercare/config/notify_config.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/core/text.hpp"

namespace hypercare::config {

namespace {

constexpr std::array<std::string_view, 3> k_kind_names = {"slack", "pagerduty", "webhook"};
constexpr std::string_view k_pagerduty_url = "https://events.pagerduty.com/v2/enqueue";

core::Result<std::vector<std::string>> string_list(const TomlFile& f, const toml::table& t, std::string_view key,
                                                   const std::string& kp) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  if (auto s = n->value_exact<std::string>()) return std::vector<std::string>{*s};
  const auto* arr = n->as_array();
  if (!arr) return std::unexpected(f.error_at(n, kp, "must be a list of strings"));
  for (const auto& v : *arr) {
    auto s = v.value_exact<std::string>();
    if (!s) return std::unexpected(f.error_at(&v, kp, "must be a list of strings"));
    out.push_back(*s);
  }
  return out;
}

core::Status only_keys(const TomlFile& f, const toml::table& t, const std::string& kp,
                       std::initializer_list<std::string_view> allowed) {
  for (const auto& [k, v] : t) {
    if (std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end()) continue;
    return std::unexpected(f.error_at(&v, fmt::format("{}.{}", kp, k.str()),
                                      fmt::format("unknown key; known keys: {}", fmt::join(allowed, ", "))));
  }
  return {};
}

core::Result<Channel> channel(const TomlFile& f, const toml::table& t, const std::string& kp) {
  HC_CHECK(only_keys(f, t, kp,
                     {"name", "kind", "url_env", "url_secret", "url", "routing_key_env", "routing_key_secret",
                      "events", "min_priority", "timeout", "connect_timeout"}));
  Channel c;
  auto name = HC_TRY(f.string(t, "name", kp + ".name"));
  if (!name || name->empty() ||
      !std::all_of(name->begin(), name->end(), [](unsigned char ch) { return std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.'; }))
    return std::unexpected(f.error_at(t.get("name") ? t.get("name") : &t, kp + ".name",
                                      "is required: letters, digits, '-', '_' and '.'"));
  c.name = *name;
  auto kind = HC_TRY(f.string(t, "kind", kp + ".kind"));
  auto it = kind ? std::find(k_kind_names.begin(), k_kind_names.end(), *kind) : k_kind_names.end();
  if (it == k_kind_names.end())
    return std::unexpected(f.error_at(t.get("kind") ? t.get("kind") : &t, kp + ".kind",
                                      "must be slack, pagerduty or webhook"));
  c.kind = ChannelKind(it - k_kind_names.begin());

  // The secret: exactly one source, and only the ones that make sense for the kind.
  bool pd = c.kind == ChannelKind::pagerduty;
  std::string env_key = pd ? "routing_key_env" : "url_env";
  std::string file_key = pd ? "routing_key_secret" : "url_secret";
  const std::array<std::string_view, 2> wrong_keys =
      pd ? std::array<std::string_view, 2>{"url_env", "url_secret"}
         : std::array<std::string_view, 2>{"routing_key_env", "routing_key_secret"};
  for (std::string_view wrong : wrong_keys)
    if (t.get(wrong))
      return std::unexpected(f.error_at(t.get(wrong), fmt::format("{}.{}", kp, wrong),
                                        fmt::format("is not used by a {} channel; use {} or {}", *kind, env_key, file_key)));
  c.secret.env = HC_TRY(f.string(t, env_key, kp + "." + env_key)).value_or("");
  c.secret.secret_key = HC_TRY(f.string(t, file_key, kp + "." + file_key)).value_or("");
  auto url = HC_TRY(f.string(t, "url", kp + ".url"));
  if (c.kind == ChannelKind::slack && url)
    return std::unexpected(f.error_at(t.get("url"), kp + ".url",
                                      "a Slack webhook URL is a secret: name an environment variable with url_env "
                                      "or a secrets.toml key with url_secret"));
  if (pd) c.url = url.value_or(std::string(k_pagerduty_url));
  else if (url) c.secret.literal = *url;
  int sources = !c.secret.env.empty() + !c.secret.secret_key.empty() + !c.secret.literal.empty();
  if (sources != 1)
    return std::unexpected(f.error_at(&t, kp,
        sources == 0 ? fmt::format("channel '{}' needs {} (an environment variable) or {} (a key in "
                                   "$XDG_CONFIG_HOME/hypercare/secrets.toml)", c.name, env_key, file_key)
                     : fmt::format("channel '{}': give only one of {}, {}{}", c.name, env_key, file_key,
                                   c.kind == ChannelKind::webhook ? ", url" : "")));
  for (const auto& u : {c.url, c.secret.literal})
    if (!u.empty() && !u.starts_with("http://") && !u.starts_with("https://"))
      return std::unexpected(f.error_at(t.get("url"), kp + ".url", "must be an http:// or https:// URL"));

  c.events = HC_TRY(string_list(f, t, "events", kp + ".events"));
  if (c.events.empty())
    return std::unexpected(f.error_at(t.get("events") ? t.get("events") : &t, kp + ".events",
                                      "is required: the event types to send, e.g. [\"incident.*\"]"));
  for (const auto& pattern : c.events) {
    const auto& known = known_event_types();
    if (std::none_of(known.begin(), known.end(), [&](std::string_view e) { return glob_match(pattern, e); }))
      return std::unexpected(f.error_at(t.get("events"), kp + ".events",
                                        fmt::format("'{}' matches no event; known events: {}", pattern, fmt::join(known, ", "))));
  }
  // PagerDuty pages people: by default only for P1/P2 (the seed's rule).
  c.min_priority = pd ? Priority::P2 : Priority::P4;
  if (auto p = HC_TRY(f.string(t, "min_priority", kp + ".min_priority"))) {
    auto parsed = parse_priority(*p);
    if (!parsed) return std::unexpected(f.error_at(t.get("min_priority"), kp + ".min_priority", "must be P1, P2, P3 or P4"));
    c.min_priority = *parsed;
  }
  if (auto v = HC_TRY(f.duration_ms(t, "timeout", kp + ".timeout"))) c.timeout = *v;
  if (auto v = HC_TRY(f.duration_ms(t, "connect_timeout", kp + ".connect_timeout"))) c.connect_timeout = *v;
  if (c.connect_timeout > c.timeout) c.connect_timeout = c.timeout;
  return c;
}

}  // namespace

std::string_view channel_kind_name(ChannelKind k) { return k_kind_names[std::size_t(k)]; }

std::string SecretRef::describe() const {
  if (!env.empty()) return "$" + env;
  if (!secret_key.empty()) return fmt::format("secrets.toml key '{}'", secret_key);
  return "the url in hypercare.toml";
}

const Channel* NotifyConfig::find(std::string_view name) const {
  for (const auto& c : channels)
    if (c.name == name) return &c;
  return nullptr;
}

Priority IngestConfig::priority_for(std::string_view severity) const {
  for (const auto& [s, p] : severity_map)
    if (core::iequals(s, severity)) return p;
  return missing_severity;
}

const std::vector<std::string_view>& known_event_types() {
  static const std::vector<std::string_view> types = {
      "incident.created", "incident.acknowledged", "incident.status_changed", "incident.assigned",
      "incident.priority_changed", "incident.escalated", "incident.breached", "incident.resolved",
      "incident.reopened", "health.failed", "health.recovered", "hotfix.started", "hotfix.succeeded",
      "hotfix.rolled_back", "hotfix.failed", "handover.created", "handover.accepted", "notify.test"};
  return types;
}

bool glob_match(std::string_view p, std::string_view s) {
  // Iterative matcher with one backtrack point: linear enough for short patterns.
  std::size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') star = pi++, mark = si;
    else if (pi < p.size() && p[pi] == s[si]) ++pi, ++si;
    else if (star != std::string_view::npos) pi = star + 1, si = ++mark;
    else return false;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

core::Result<NotifyConfig> parse_notify_config(const TomlFile& f) {
  NotifyConfig c;
  const auto* notify = HC_TRY(f.table(f.root(), "notify", "notify"));
  if (!notify) return c;
  HC_CHECK(only_keys(f, *notify, "notify", {"channel", "max_attempts", "retry_base", "retry_max", "max_retry_after"}));
  if (auto v = HC_TRY(f.integer(*notify, "max_attempts", "notify.max_attempts"))) {
    if (*v < 1 || *v > 100)
      return std::unexpected(f.error_at(notify->get("max_attempts"), "notify.max_attempts", "must be from 1 to 100"));
    c.retry.max_attempts = int(*v);
  }
  if (auto v = HC_TRY(f.duration(*notify, "retry_base", "notify.retry_base"))) c.retry.base = *v;
  if (auto v = HC_TRY(f.duration(*notify, "retry_max", "notify.retry_max"))) c.retry.cap = *v;
  if (auto v = HC_TRY(f.duration(*notify, "max_retry_after", "notify.max_retry_after"))) c.retry.max_retry_after = *v;
  const toml::node* channels = notify->get("channel");
  if (!channels) return c;
  if (!channels->is_array_of_tables())
    return std::unexpected(f.error_at(channels, "notify.channel", "must be [[notify.channel]] tables"));
  std::set<std::string> names;
  std::size_t i = 0;
  for (const auto& node : *channels->as_array()) {
    auto kp = fmt::format("notify.channel[{}]", i++);
    auto ch = HC_TRY(channel(f, *node.as_table(), kp));
    if (!names.insert(ch.name).second)
      return std::unexpected(f.error_at(node.as_table()->get("name"), kp + ".name", fmt::format("'{}' is used twice", ch.name)));
    c.channels.push_back(std::move(ch));
  }
  return c;
}

core::Result<IngestConfig> parse_ingest_config(const TomlFile& f) {
  IngestConfig c;
  c.severity_map = {{"critical", Priority::P1}, {"high", Priority::P2}, {"warning", Priority::P3}, {"info", Priority::P4}};
  c.missing_severity = Priority::P3;
  const auto* ingest = HC_TRY(f.table(f.root(), "ingest", "ingest"));
  if (!ingest) return c;
  HC_CHECK(only_keys(f, *ingest, "ingest", {"severity_map", "auto_resolve", "default_priority", "group_by"}));
  if (auto v = HC_TRY(f.string(*ingest, "group_by", "ingest.group_by"))) {
    if (*v != "alert" && *v != "group")
      return std::unexpected(f.error_at(ingest->get("group_by"), "ingest.group_by",
                                        "must be \"alert\" (one incident per alert) or \"group\" (one per Alertmanager group)"));
    c.group_by_group = *v == "group";
  }
  if (auto v = HC_TRY(f.boolean(*ingest, "auto_resolve", "ingest.auto_resolve"))) c.auto_resolve = *v;
  if (auto v = HC_TRY(f.string(*ingest, "default_priority", "ingest.default_priority"))) {
    auto p = parse_priority(*v);
    if (!p) return std::unexpected(f.error_at(ingest->get("default_priority"), "ingest.default_priority", "must be P1, P2, P3 or P4"));
    c.missing_severity = *p;
  }
  if (const auto* map = HC_TRY(f.table(*ingest, "severity_map", "ingest.severity_map"))) {
    // The file's map replaces the defaults entirely: what the team wrote is what applies.
    c.severity_map.clear();
    for (const auto& [k, v] : *map) {
      auto kp = fmt::format("ingest.severity_map.{}", k.str());
      auto s = v.value_exact<std::string>();
      auto p = s ? parse_priority(*s) : core::Result<Priority>(core::fail(core::ErrorKind::usage, ""));
      if (!p) return std::unexpected(f.error_at(&v, kp, "must be P1, P2, P3 or P4"));
      std::string key(k.str());
      std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
      c.severity_map.emplace_back(key, *p);
    }
  }
  return c;
}

}  // namespace hypercare::config
