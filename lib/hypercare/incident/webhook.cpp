#include "hypercare/incident/webhook.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::incident {

core::Result<AlertPayload> parse_webhook(std::string_view text, const config::ListenSource& source, std::string_view where) {
  auto bad = [&](std::string what) { return core::fail(core::ErrorKind::data, fmt::format("{}: {}", where, what)); };
  if (text.size() > k_max_payload_bytes)
    return bad(fmt::format("the body is {} bytes; at most {} are accepted", text.size(), k_max_payload_bytes));
  auto parsed = store::parse_json(text, where, k_max_payload_bytes);
  if (!parsed) return std::unexpected(core::Error{core::ErrorKind::data, parsed.error().message, ""});
  const nlohmann::json& j = *parsed;
  if (!j.is_object()) return bad("expected a JSON object such as {\"summary\": \"...\", \"action\": \"trigger\"}");
  static constexpr std::string_view known[] = {"summary", "details", "priority", "component", "dedup_key", "action"};
  for (const auto& [key, value] : j.items()) {
    if (std::find(std::begin(known), std::end(known), key) == std::end(known))
      return bad(fmt::format("unknown field `{}`: the fields are summary, details, priority, component, dedup_key and action", key));
    if (!value.is_string()) return bad(fmt::format("`{}` must be a string", key));
  }
  auto field = [&](std::string_view k) { return j.contains(k) ? j.at(std::string(k)).get<std::string>() : std::string(); };
  std::string summary = field("summary");
  if (summary.find_first_not_of(" \t\r\n") == std::string::npos) return bad("`summary` is required: the incident's title");
  std::string action = j.contains("action") ? field("action") : "trigger";
  if (action != "trigger" && action != "resolve") return bad("`action` must be \"trigger\" or \"resolve\"");
  std::string key = j.contains("dedup_key") ? field("dedup_key") : summary;
  if (key.empty() || key.size() > 200) return bad("`dedup_key` must be 1 to 200 bytes");

  Alert alert;
  alert.firing = action == "trigger";
  alert.fingerprint = fmt::format("webhook/{}/{}", source.name, key);
  alert.labels["alertname"] = source.name;
  std::string component = j.contains("component") ? field("component") : source.component;
  if (!component.empty()) alert.labels["component"] = component;
  alert.annotations["summary"] = summary;
  if (j.contains("details")) alert.annotations["description"] = field("details");
  if (j.contains("priority")) {
    auto p = config::parse_priority(field("priority"));
    if (!p) return bad("`priority` must be P1, P2, P3 or P4");
    alert.priority = *p;
  } else {
    alert.priority = source.priority;
  }
  AlertPayload out;
  out.tag = std::string(k_webhook_tag);
  out.receiver = source.name;
  out.status = alert.firing ? "firing" : "resolved";
  out.alerts.push_back(std::move(alert));
  return out;
}

}  // namespace hypercare::incident
