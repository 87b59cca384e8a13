#include "hypercare/config/hotfix_config.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "hypercare/core/suggest.hpp"

namespace hypercare::config {

namespace {

using std::chrono::milliseconds;

constexpr std::string_view k_step_names[] = {"precheck", "current", "deploy", "wait", "settle", "smoke", "rollback"};
constexpr HotfixStep k_timed_steps[] = {HotfixStep::precheck, HotfixStep::current, HotfixStep::deploy,
                                        HotfixStep::wait,     HotfixStep::smoke,   HotfixStep::rollback};
constexpr int k_max_smoke_retries = 20;

std::vector<std::string> known_keys() {
  std::vector<std::string> keys = {"description", "precheck", "current", "deploy", "wait", "settle", "smoke",
                                   "smoke_retries", "smoke_retry_delay", "rollback", "timeout", "kill_grace",
                                   "failed_rollback_incident", "path", "env", "maintenance"};
  for (auto s : k_timed_steps) keys.push_back(std::string(hotfix_step_name(s)) + "_timeout");
  return keys;
}

// A duration where zero means "none" (settle, delays, grace).
core::Result<milliseconds> duration_or_zero(const TomlFile& f, const toml::node& n, const std::string& kp) {
  auto s = n.value_exact<std::string>();
  if (!s) return std::unexpected(f.error_at(&n, kp, "must be a duration string such as \"30s\""));
  if (*s == "0") return milliseconds(0);
  auto d = core::parse_duration_ms(*s);
  if (!d) return std::unexpected(f.error_at(&n, kp, d.error().message));
  if (d->count() < 0) return std::unexpected(f.error_at(&n, kp, "must not be negative"));
  return *d;
}

core::Result<milliseconds> positive_duration(const TomlFile& f, const toml::node& n, const std::string& kp) {
  auto d = HC_TRY(duration_or_zero(f, n, kp));
  if (d.count() == 0) return std::unexpected(f.error_at(&n, kp, "must be longer than zero"));
  return d;
}

core::Result<std::string> command(const TomlFile& f, const toml::node& n, const std::string& kp) {
  auto s = n.value_exact<std::string>();
  if (!s) return std::unexpected(f.error_at(&n, kp, "must be a shell command (a string)"));
  if (s->find_first_not_of(" \t\r\n") == std::string::npos)
    return std::unexpected(f.error_at(&n, kp, "must not be empty"));
  return *s;
}

// A command or a list of them; an empty list means none.
core::Result<std::vector<std::string>> commands(const TomlFile& f, const toml::node& n, const std::string& kp) {
  std::vector<std::string> out;
  if (const auto* arr = n.as_array()) {
    for (std::size_t i = 0; i < arr->size(); ++i)
      out.push_back(HC_TRY(command(f, (*arr)[i], fmt::format("{}[{}]", kp, i))));
    return out;
  }
  if (!n.is_string()) return std::unexpected(f.error_at(&n, kp, "must be a shell command or a list of them"));
  out.push_back(HC_TRY(command(f, n, kp)));
  return out;
}

bool valid_env_name(std::string_view name) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  return !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) && std::all_of(name.begin(), name.end(), word);
}

// Applies the keys of one table ([defaults] or [component.NAME]) over `spec`.
core::Status apply(const TomlFile& f, const toml::table& t, const std::string& prefix, ComponentSpec& spec) {
  static const auto keys = known_keys();
  for (const auto& [key_node, value] : t) {
    std::string key(key_node.str());
    std::string kp = prefix + "." + key;
    if (key == "description") {
      auto s = value.value_exact<std::string>();
      if (!s) return std::unexpected(f.error_at(&value, kp, "must be a string"));
      spec.description = *s;
    } else if (key == "precheck") {
      spec.precheck = HC_TRY(commands(f, value, kp));
    } else if (key == "smoke") {
      spec.smoke = HC_TRY(commands(f, value, kp));
    } else if (key == "current") {
      spec.current = HC_TRY(command(f, value, kp));
    } else if (key == "deploy") {
      spec.deploy = HC_TRY(command(f, value, kp));
    } else if (key == "wait") {
      spec.wait = HC_TRY(command(f, value, kp));
    } else if (key == "rollback") {
      spec.rollback = HC_TRY(command(f, value, kp));
    } else if (key == "settle") {
      spec.settle = HC_TRY(duration_or_zero(f, value, kp));
    } else if (key == "smoke_retry_delay") {
      spec.smoke_retry_delay = HC_TRY(duration_or_zero(f, value, kp));
    } else if (key == "maintenance") {
      auto b = value.value_exact<bool>();
      if (!b) return std::unexpected(f.error_at(&value, kp, "must be true or false"));
      spec.maintenance = *b;
    } else if (key == "kill_grace") {
      spec.kill_grace = HC_TRY(duration_or_zero(f, value, kp));
    } else if (key == "timeout") {
      spec.timeout = HC_TRY(positive_duration(f, value, kp));
    } else if (key.ends_with("_timeout")) {
      auto step = std::find_if(std::begin(k_timed_steps), std::end(k_timed_steps),
                               [&](HotfixStep s) { return key == std::string(hotfix_step_name(s)) + "_timeout"; });
      if (step == std::end(k_timed_steps))
        return std::unexpected(f.error_at(&value, kp, fmt::format("unknown key; the per-step time-outs are {}_timeout",
                                                                  "precheck|current|deploy|wait|smoke|rollback")));
      spec.step_timeouts[*step] = HC_TRY(positive_duration(f, value, kp));
    } else if (key == "smoke_retries") {
      auto v = value.value_exact<std::int64_t>();
      if (!v || *v < 0 || *v > k_max_smoke_retries)
        return std::unexpected(f.error_at(&value, kp, fmt::format("must be a whole number from 0 to {}", k_max_smoke_retries)));
      spec.smoke_retries = int(*v);
    } else if (key == "failed_rollback_incident") {
      auto s = value.value_exact<std::string>();
      auto p = s && *s != "none" ? parse_priority(*s) : core::Result<Priority>(Priority::P1);
      if (!s || !p) return std::unexpected(f.error_at(&value, kp, "must be a priority (\"P1\" … \"P4\") or \"none\""));
      spec.failed_rollback_incident = *s == "none" ? std::nullopt : std::optional<Priority>(*p);
    } else if (key == "path") {
      spec.path.clear();
      const auto* arr = value.as_array();
      for (std::size_t i = 0; arr && i < arr->size(); ++i) {
        auto dir = (*arr)[i].value_exact<std::string>();
        if (!dir || dir->empty() || dir->find(':') != std::string::npos)
          return std::unexpected(f.error_at(&(*arr)[i], kp, "must be directory names without ':'"));
        spec.path.push_back(*dir);
      }
      if (!arr) return std::unexpected(f.error_at(&value, kp, "must be a list of directories, e.g. [\"bin\"]"));
    } else if (key == "env") {
      const auto* env = value.as_table();
      if (!env) return std::unexpected(f.error_at(&value, kp, "must be a table of NAME = \"value\""));
      for (const auto& [name_node, v] : *env) {
        std::string name(name_node.str());
        auto s = v.value_exact<std::string>();
        if (!s) return std::unexpected(f.error_at(&v, kp + "." + name, "must be a string"));
        if (!valid_env_name(name))
          return std::unexpected(f.error_at(&v, kp + "." + name, "is not a valid environment variable name"));
        if (name.starts_with("HYPERCARE_"))
          return std::unexpected(f.error_at(&v, kp + "." + name, "HYPERCARE_* variables are set by hypercare itself"));
        spec.env[name] = *s;
      }
    } else {
      auto close = core::closest(key, keys);
      return std::unexpected(f.error_at(&value, kp,
                                        close.empty() ? fmt::format("unknown key; a component knows {}", fmt::join(keys, ", "))
                                                      : fmt::format("unknown key; {}", core::did_you_mean(close))));
    }
  }
  return {};
}

}  // namespace

std::string_view hotfix_step_name(HotfixStep s) { return k_step_names[std::size_t(s)]; }

milliseconds ComponentSpec::timeout_of(HotfixStep s) const {
  auto it = step_timeouts.find(s);
  return it == step_timeouts.end() ? timeout : it->second;
}

const ComponentSpec* HotfixConfig::find(std::string_view name) const {
  for (const auto& c : components)
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<std::string> HotfixConfig::names() const {
  std::vector<std::string> out;
  for (const auto& c : components) out.push_back(c.name);
  return out;
}

bool valid_component_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  if (name.front() == ' ' || name.back() == ' ') return false;
  return std::none_of(name.begin(), name.end(), [](char c) { return (unsigned char)c < 0x20 || c == 0x7f; });
}

core::Result<std::optional<HotfixConfig>> load_hotfix_config(const std::filesystem::path& ops_dir) {
  std::error_code ec;
  auto path = ops_dir / k_hotfix_file;
  if (!std::filesystem::exists(path, ec)) return std::optional<HotfixConfig>{};
  auto file = HC_TRY(TomlFile::load(path));
  return std::optional<HotfixConfig>{HC_TRY(parse_hotfix_config(file))};
}

core::Result<HotfixConfig> parse_hotfix_config(const TomlFile& f) {
  HotfixConfig c;
  c.file = f.path();
  HC_CHECK(f.reject_secrets());
  const auto& root = f.root();
  for (const auto& [key, value] : root)
    if (key.str() != "defaults" && key.str() != "component") {
      auto close = core::closest(key.str(), {"defaults", "component"});
      return std::unexpected(f.error_at(&value, key.str(),
                                        fmt::format("unknown key; hotfix.toml has [defaults] and [component.NAME] tables{}",
                                                    close.empty() ? "" : fmt::format(" (did you mean '{}'?)", close.front()))));
    }
  ComponentSpec defaults;
  if (const auto* d = HC_TRY(f.table(root, "defaults", "defaults"))) HC_CHECK(apply(f, *d, "defaults", defaults));
  const auto* components = HC_TRY(f.table(root, "component", "component"));
  if (!components || components->empty())
    return std::unexpected(f.error_at(nullptr, "component", "no components: add a [component.NAME] table with deploy and rollback"));
  std::vector<std::pair<const toml::node*, ComponentSpec>> found;
  for (const auto& [key, value] : *components) {
    std::string name(key.str());
    std::string kp = fmt::format("component.{}", name);
    const auto* t = value.as_table();
    if (!t) return std::unexpected(f.error_at(&value, kp, "must be a table ([component.NAME])"));
    if (!valid_component_name(name))
      return std::unexpected(f.error_at(&value, kp, "a component name is 1 to 128 characters, without control characters "
                                                    "or surrounding spaces"));
    ComponentSpec spec = defaults;
    spec.name = name;
    HC_CHECK(apply(f, *t, kp, spec));
    if (spec.deploy.empty())
      return std::unexpected(f.error_at(&value, kp + ".deploy", "is required: the command that deploys \"$HYPERCARE_TAG\""));
    if (spec.rollback.empty())
      return std::unexpected(f.error_at(&value, kp + ".rollback", "is required: the command that undoes a failed deploy"));
    found.emplace_back(&value, std::move(spec));
  }
  // toml++ keeps keys sorted; show components in the order people wrote them.
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    const auto &x = a.first->source().begin, &y = b.first->source().begin;
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  for (auto& [node, spec] : found) c.components.push_back(std::move(spec));
  return c;
}

}  // namespace hypercare::config
