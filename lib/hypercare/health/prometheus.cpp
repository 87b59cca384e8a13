#include "hypercare/health/prometheus.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace hypercare::health {

core::Result<std::vector<Sample>> parse_query_answer(long http_status, std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return core::fail(core::ErrorKind::data, fmt::format("Prometheus answered {} with something that is not JSON", http_status));
  if (j.value("status", "") != "success")
    return core::fail(core::ErrorKind::data, fmt::format("Prometheus: {}: {}", j.value("errorType", "error"), j.value("error", "")));
  const auto& data = j["data"];
  std::vector<Sample> out;
  auto number = [](const nlohmann::json& pair) -> double {
    if (!pair.is_array() || pair.size() != 2 || !pair[1].is_string()) return std::nan("");
    try {
      return std::stod(pair[1].get<std::string>());
    } catch (const std::exception&) {
      return std::nan("");
    }
  };
  std::string type = data.value("resultType", "");
  if (type == "scalar") {
    out.push_back({"", number(data["result"])});
  } else if (type == "vector") {
    for (const auto& s : data["result"]) {
      std::string labels;
      if (s.contains("metric") && s["metric"].is_object())
        for (const auto& [k, v] : s["metric"].items())
          if (v.is_string()) labels += (labels.empty() ? "" : ",") + k + "=" + v.get<std::string>();
      out.push_back({labels, number(s["value"])});
    }
  } else {
    return core::fail(core::ErrorKind::data, fmt::format("the query returned a {}, not an instant vector or scalar", type));
  }
  return out;
}

core::Result<std::vector<AlertRule>> parse_rules(std::string_view text, std::string_view file) {
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return core::fail(core::ErrorKind::data, fmt::format("{}:{}:{}: {}", file, e.mark.line + 1, e.mark.column + 1, e.msg),
                      "promtool check rules FILE shows the same for plain rule files");
  }
  YAML::Node groups = doc["groups"];
  if (!groups && doc["spec"]) groups = doc["spec"]["groups"];
  if (!groups || !groups.IsSequence())
    return core::fail(core::ErrorKind::data, fmt::format("{}: no `groups:` list (nor `spec.groups:` of a PrometheusRule)", file));
  std::vector<AlertRule> out;
  for (const auto& g : groups) {
    if (!g["rules"] || !g["rules"].IsSequence()) continue;
    for (const auto& rule : g["rules"]) {
      if (!rule["alert"]) continue;  // recording rules are not checks
      AlertRule r;
      r.name = rule["alert"].as<std::string>("");
      r.expr = rule["expr"].as<std::string>("");
      r.severity = rule["labels"] && rule["labels"]["severity"] ? rule["labels"]["severity"].as<std::string>("") : "";
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace hypercare::health
