#include "hypercare/health/prometheus.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hypercare/http/client.hpp"
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

// The `data` member of a success answer.
core::Result<json> answer_data(long http_status, std::string_view body) {
  auto parsed = store::parse_json(body, "Prometheus answer");
  if (!parsed || !parsed->is_object())
    return core::fail(core::ErrorKind::data, fmt::format("Prometheus answered {} with something that is not JSON", http_status));
  json& j = *parsed;
  if (str(j, "status") != "success") {
    auto type = str(j, "errorType");
    return core::fail(core::ErrorKind::data, fmt::format("Prometheus: {}: {}", type.empty() ? "error" : type, str(j, "error")));
  }
  auto data = j.find("data");
  if (data == j.end() || !data->is_object())
    return core::fail(core::ErrorKind::data, fmt::format("Prometheus answered {} without `data`", http_status));
  return std::move(*data);
}

std::string api_url(const std::string& base_url, std::string_view endpoint, const std::string& query) {
  std::string url = base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return fmt::format("{}/api/v1/{}?query={}", url, endpoint, http::url_encode(query));
}

core::Result<http::Response> ask(std::string url, std::chrono::milliseconds timeout) {
  http::Request req;
  req.url = std::move(url);
  req.timeout = timeout;
  req.max_body = 64 << 20;  // a day of a few series at a fine step
  return http::send(req);
}

}  // namespace

core::Result<std::vector<Sample>> parse_query_answer(long http_status, std::string_view body) {
  auto owned = HC_TRY(answer_data(http_status, body));
  const json* data = &owned;
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

core::Result<std::vector<Point>> parse_range_answer(long http_status, std::string_view body) {
  auto data = HC_TRY(answer_data(http_status, body));
  if (str(data, "resultType") != "matrix")
    return core::fail(core::ErrorKind::data,
                      fmt::format("the range query returned a {}, not a matrix", str(data, "resultType")));
  auto result = data.find("result");
  if (result == data.end() || !result->is_array())
    return core::fail(core::ErrorKind::data, "Prometheus answered a matrix without a `result` list");
  std::vector<Point> out;
  for (const auto& series : *result) {
    auto values = series.is_object() ? series.find("values") : series.end();
    if (!series.is_object() || values == series.end() || !values->is_array())
      return core::fail(core::ErrorKind::data, "Prometheus answered a series without `values`");
    for (const auto& pair : *values) {
      // Times are Unix seconds; beyond year 5000 either way is not a time.
      double t = pair.is_array() && pair.size() == 2 && pair[0].is_number() ? pair[0].get<double>() : std::nan("");
      if (!(std::abs(t) < 1e11))
        return core::fail(core::ErrorKind::data, "Prometheus answered a point that is not [time, \"value\"]");
      auto at = std::chrono::sys_seconds(std::chrono::seconds(std::int64_t(t)));
      out.push_back({at, number(pair)});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Point& a, const Point& b) { return a.at < b.at; });
  return out;
}

core::Result<std::vector<Sample>> instant_query(const std::string& base_url, const std::string& query,
                                                std::chrono::milliseconds timeout) {
  auto resp = HC_TRY(ask(api_url(base_url, "query", query), timeout));
  return parse_query_answer(resp.status, resp.body);
}

core::Result<std::vector<Point>> range_query(const std::string& base_url, const std::string& query,
                                             std::chrono::sys_seconds start, std::chrono::sys_seconds end,
                                             std::chrono::seconds step, std::chrono::milliseconds timeout) {
  auto url = fmt::format("{}&start={}&end={}&step={}", api_url(base_url, "query_range", query), start.time_since_epoch().count(),
                         end.time_since_epoch().count(), step.count());
  auto resp = HC_TRY(ask(std::move(url), timeout));
  return parse_range_answer(resp.status, resp.body);
}

}  // namespace hypercare::health
