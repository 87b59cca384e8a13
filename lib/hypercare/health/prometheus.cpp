#include "hypercare/health/prometheus.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "hypercare/store/jsonl.hpp"

namespace hypercare::health {

namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// [time, "value"]; anything else is NaN, which no threshold passes.
double number(const json& pair) {
  if (!pair.is_array() || pair.size() != 2 || !pair[1].is_string()) return std::nan("");
  try {
    return std::stod(pair[1].get<std::string>());
  } catch (const std::exception&) {
    return std::nan("");
  }
}

}  // namespace

core::Result<std::vector<Sample>> parse_query_answer(long http_status, std::string_view body) {
  auto parsed = store::parse_json(body, "Prometheus answer");
  if (!parsed || !parsed->is_object())
    return core::fail(core::ErrorKind::data, fmt::format("Prometheus answered {} with something that is not JSON", http_status));
  const json& j = *parsed;
  if (str(j, "status") != "success") {
    auto type = str(j, "errorType");
    return core::fail(core::ErrorKind::data, fmt::format("Prometheus: {}: {}", type.empty() ? "error" : type, str(j, "error")));
  }
  auto data = j.find("data");
  if (data == j.end() || !data->is_object())
    return core::fail(core::ErrorKind::data, fmt::format("Prometheus answered {} without `data`", http_status));
  auto result = data->find("result");
  std::vector<Sample> out;
  std::string type = str(*data, "resultType");
  if (type == "scalar") {
    out.push_back({"", result == data->end() ? std::nan("") : number(*result)});
  } else if (type == "vector") {
    if (result == data->end() || !result->is_array())
      return core::fail(core::ErrorKind::data, "Prometheus answered a vector without a `result` list");
    for (const auto& s : *result) {
      if (!s.is_object()) return core::fail(core::ErrorKind::data, "Prometheus answered a sample that is not an object");
      std::string labels;
      if (auto m = s.find("metric"); m != s.end() && m->is_object())
        for (const auto& [k, v] : m->items())
          if (v.is_string()) labels += (labels.empty() ? "" : ",") + k + "=" + v.get<std::string>();
      auto value = s.find("value");
      out.push_back({labels, value == s.end() ? std::nan("") : number(*value)});
    }
  } else {
    return core::fail(core::ErrorKind::data, fmt::format("the query returned a {}, not an instant vector or scalar", type));
  }
  return out;
}

core::Result<std::vector<AlertRule>> parse_rules(std::string_view text, std::string_view file) {
  auto at = [&](const YAML::Mark& m, std::string_view what) {
    return core::fail(core::ErrorKind::data, fmt::format("{}:{}:{}: {}", file, m.line + 1, m.column + 1, what),
                      "promtool check rules FILE shows the same for plain rule files");
  };
  std::vector<AlertRule> out;
  try {
    YAML::Node doc = YAML::Load(std::string(text));
    YAML::Node groups;
    if (doc.IsMap()) groups = doc["groups"];
    if (!groups && doc.IsMap() && doc["spec"].IsMap()) groups = doc["spec"]["groups"];
    if (!groups || !groups.IsSequence())
      return core::fail(core::ErrorKind::data, fmt::format("{}: no `groups:` list (nor `spec.groups:` of a PrometheusRule)", file));
    for (const auto& g : groups) {
      if (!g.IsMap()) return at(g.Mark(), "a group must be a map (name:, rules:)");
      if (!g["rules"] || !g["rules"].IsSequence()) continue;
      for (const auto& rule : g["rules"]) {
        if (!rule.IsMap()) return at(rule.Mark(), "a rule must be a map (alert: or record:, expr:)");
        if (!rule["alert"]) continue;  // recording rules are not checks
        AlertRule r;
        r.name = rule["alert"].as<std::string>("");
        r.expr = rule["expr"].as<std::string>("");
        if (auto labels = rule["labels"]; labels && labels.IsMap()) r.severity = labels["severity"].as<std::string>("");
        out.push_back(std::move(r));
      }
    }
  } catch (const YAML::Exception& e) {
    return at(e.mark, e.msg);
  }
  return out;
}

}  // namespace hypercare::health
