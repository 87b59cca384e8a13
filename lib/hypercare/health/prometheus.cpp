#include "hypercare/health/prometheus.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

}  // namespace hypercare::health
