#include "hypercare/config/rules.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "hypercare/core/suggest.hpp"

namespace hypercare::config {

namespace {

struct Reader {
  const std::string& file;
  std::vector<core::Error>& problems;

  void add(const YAML::Node& at, const std::string& what) {
    auto m = at.Mark();
    problems.push_back({core::ErrorKind::config,
                        m.line >= 0 ? fmt::format("{}:{}:{}: {}", file, m.line + 1, m.column + 1, what)
                                    : fmt::format("{}: {}", file, what),
                        "promtool check rules FILE judges plain rule files the same way"});
  }
  // Only `known` keys in a mapping: a typo is an error, never a field quietly ignored.
  void only(const YAML::Node& map, std::initializer_list<std::string_view> known, std::string_view what) {
    std::vector<std::string> names(known.begin(), known.end());
    for (const auto& kv : map) {
      std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
      if (std::find(names.begin(), names.end(), key) != names.end()) continue;
      auto close = core::closest(key, names);
      add(kv.first, fmt::format("unknown field '{}' in {}{}", key, what,
                                close.empty() ? fmt::format(" (it has {})", fmt::join(names, ", "))
                                              : fmt::format("; did you mean '{}'?", close.front())));
    }
  }
  std::string scalar(const YAML::Node& n, std::string_view what) {
    if (!n) return {};
    if (!n.IsScalar()) {
      add(n, fmt::format("{} must be a string", what));
      return {};
    }
    return n.Scalar();
  }
};

bool label_name(std::string_view s) {
  if (s.empty() || s.starts_with("__")) return false;
  auto first = s.front();
  if (!(std::isalpha(static_cast<unsigned char>(first)) || first == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool metric_name(std::string_view s) {
  if (s.empty()) return false;
  auto first = s.front();
  if (!(std::isalpha(static_cast<unsigned char>(first)) || first == '_' || first == ':')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'; });
}

// A Go template's actions are balanced: every {{ has its }}, none stands alone, none is empty.
std::optional<std::string> template_problem(std::string_view t) {
  std::size_t pos = 0;
  while (pos < t.size()) {
    auto open = t.find("{{", pos), close = t.find("}}", pos);
    if (open == std::string_view::npos) {
      if (close != std::string_view::npos) return "'}}' without its '{{'";
      return std::nullopt;
    }
    if (close != std::string_view::npos && close < open) return "'}}' without its '{{'";
    auto end = t.find("}}", open + 2);
    if (end == std::string_view::npos) return "'{{' is never closed with '}}'";
    auto inner = t.substr(open + 2, end - open - 2);
    if (inner.find("{{") != std::string_view::npos) return "'{{' inside a '{{ … }}'";
    if (inner.find_first_not_of(" -\t") == std::string_view::npos) return "an empty '{{ }}'";
    pos = end + 2;
  }
  return std::nullopt;
}

void read_map(Reader& r, const YAML::Node& node, const char* what, bool labels, std::map<std::string, std::string>& out) {
  if (!node) return;
  if (!node.IsMap()) {
    r.add(node, fmt::format("{} must be a mapping of name: value", what));
    return;
  }
  for (const auto& kv : node) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (!label_name(key)) r.add(kv.first, fmt::format("invalid {} name '{}'", labels ? "label" : "annotation", key));
    if (!kv.second.IsScalar()) {
      r.add(kv.second, fmt::format("{} '{}' must be a string", labels ? "label" : "annotation", key));
      continue;
    }
    if (auto bad = template_problem(kv.second.Scalar()))
      r.add(kv.second, fmt::format("{} '{}': bad template: {}", labels ? "label" : "annotation", key, *bad));
    out[key] = kv.second.Scalar();
  }
}

RuleFile read(Reader& r, const YAML::Node& doc) {
  RuleFile f;
  if (!doc.IsMap()) {
    r.add(doc, "a rule file is a mapping with `groups:` (or a PrometheusRule object)");
    return f;
  }
  // Copy-constructed, never assigned: yaml-cpp's Node::operator= throws InvalidNode when the
  // right side is a key that is not there (found by fuzz_rules: a mapping without `groups:`).
  bool prometheus_rule = doc["kind"] || doc["apiVersion"] || doc["spec"];
  if (prometheus_rule) {
    f.prometheus_rule = true;
    r.only(doc, {"apiVersion", "kind", "metadata", "spec"}, "a PrometheusRule");
    if (doc["kind"] && r.scalar(doc["kind"], "kind") != "PrometheusRule")
      r.add(doc["kind"], "kind must be PrometheusRule");
    if (!doc["spec"] || !doc["spec"].IsMap()) {
      r.add(doc, "a PrometheusRule needs `spec:` with `groups:`");
      return f;
    }
    r.only(doc["spec"], {"groups"}, "spec");
  } else {
    r.only(doc, {"groups"}, "a rule file");
  }
  YAML::Node groups = prometheus_rule ? doc["spec"]["groups"] : doc["groups"];
  if (!groups || !groups.IsSequence()) {
    r.add(groups ? groups : doc, "`groups:` must be a list");
    return f;
  }
  std::set<std::string> names;
  for (const auto& item : groups) {
    YAML::Node g = item;
    RuleGroup group;
    group.line = g.Mark().line + 1;
    if (!g.IsMap()) {
      r.add(g, "a group must be a mapping with name and rules");
      continue;
    }
    r.only(g, {"name", "interval", "limit", "rules", "query_offset", "labels"}, "a group");
    group.name = r.scalar(g["name"], "a group's name");
    if (group.name.empty()) r.add(g, "a group needs a name");
    else if (!names.insert(group.name).second) r.add(g["name"], fmt::format("group '{}' is defined twice", group.name));
    group.interval = r.scalar(g["interval"], "interval");
    if (g["interval"] && !is_prometheus_duration(group.interval))
      r.add(g["interval"], fmt::format("interval '{}' is not a duration (e.g. 30s, 1m, 1h30m)", group.interval));
    auto rules = g["rules"];
    if (!rules || !rules.IsSequence()) {
      r.add(rules ? rules : g, fmt::format("group '{}': `rules:` must be a list", group.name));
      continue;
    }
    for (const auto& rule_item : rules) {
      YAML::Node n = rule_item;
      Rule rule;
      rule.line = n.Mark().line + 1;
      if (!n.IsMap()) {
        r.add(n, "a rule must be a mapping");
        continue;
      }
      r.only(n, {"alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"}, "a rule");
      rule.alert = r.scalar(n["alert"], "alert");
      rule.record = r.scalar(n["record"], "record");
      bool alerting = bool(n["alert"]), recording = bool(n["record"]);
      if (alerting && recording) r.add(n, "a rule is either `alert:` or `record:`, not both");
      if (!alerting && !recording) r.add(n, "a rule needs `alert:` or `record:`");
      if (alerting && rule.alert.empty()) r.add(n["alert"], "the alert name is empty");
      if (recording && !metric_name(rule.record)) r.add(n["record"], fmt::format("'{}' is not a valid metric name", rule.record));
      rule.expr = r.scalar(n["expr"], "expr");
      if (rule.expr.find_first_not_of(" \t\r\n") == std::string::npos) r.add(n["expr"] ? n["expr"] : n, "`expr:` is missing or empty");
      for (const char* key : {"for", "keep_firing_for"}) {
        if (!n[key]) continue;
        if (recording) r.add(n[key], fmt::format("`{}:` is only for alerting rules", key));
        auto d = r.scalar(n[key], key);
        if (!is_prometheus_duration(d)) r.add(n[key], fmt::format("{}: '{}' is not a duration (e.g. 5m, 1h30m)", key, d));
        if (std::string_view(key) == "for") rule.for_ = d;
      }
      read_map(r, n["labels"], "labels", true, rule.labels);
      if (n["annotations"] && recording) r.add(n["annotations"], "annotations are only for alerting rules");
      read_map(r, n["annotations"], "annotations", false, rule.annotations);
      group.rules.push_back(std::move(rule));
    }
    f.groups.push_back(std::move(group));
  }
  return f;
}

}  // namespace

bool is_prometheus_duration(std::string_view text) {
  if (text == "0") return true;
  if (text.empty()) return false;
  static constexpr std::string_view units[] = {"y", "w", "d", "h", "m", "s", "ms"};
  std::size_t pos = 0, next_unit = 0;
  while (pos < text.size()) {
    std::size_t digits = pos;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == pos) return false;
    // Units in order, each at most once: 1h30m, not 30m1h.
    bool found = false;
    for (std::size_t u = next_unit; u < std::size(units); ++u) {
      auto unit = units[u];
      if (text.substr(digits, unit.size()) != unit) continue;
      // "m" must not swallow the "m" of "ms".
      if (unit == "m" && text.substr(digits, 2) == "ms") continue;
      pos = digits + unit.size();
      next_unit = u + 1;
      found = true;
      break;
    }
    if (!found) return false;
  }
  return true;
}

// read(), with any yaml-cpp exception it did not expect as a problem naming the place: a rule
// file never takes a command down.
std::optional<RuleFile> read_guarded(Reader& r, const YAML::Node& doc, std::vector<core::Error>& problems,
                                     const std::string& display) {
  try {
    return read(r, doc);
  } catch (const YAML::Exception& e) {
    problems.push_back({core::ErrorKind::config,
                        fmt::format("{}:{}:{}: cannot be read as a rule file: {}", display, e.mark.line + 1, e.mark.column + 1, e.msg),
                        ""});
    return std::nullopt;
  }
}

std::vector<core::Error> rule_file_problems(std::string_view text, const std::string& display) {
  std::vector<core::Error> problems;
  Reader r{display, problems};
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    problems.push_back({core::ErrorKind::config, fmt::format("{}:{}:{}: {}", display, e.mark.line + 1, e.mark.column + 1, e.msg),
                        ""});
    return problems;
  }
  read_guarded(r, doc, problems, display);
  return problems;
}

core::Result<RuleFile> parse_rule_file(std::string_view text, const std::string& display) {
  std::vector<core::Error> problems;
  Reader r{display, problems};
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return core::fail(core::ErrorKind::config, fmt::format("{}:{}:{}: {}", display, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  auto f = read_guarded(r, doc, problems, display);
  if (!problems.empty() || !f) return std::unexpected(problems.front());
  return *f;
}

}  // namespace hypercare::config
