#include "hypercare/notify/payload.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/core/text.hpp"

namespace hypercare::notify {

namespace {

using core::truncate_utf8;
using nlohmann::json;

std::string_view severity_for(std::optional<config::Priority> p) {
  if (!p) return "error";
  switch (*p) {
    case config::Priority::P1: return "critical";
    case config::Priority::P2: return "error";
    case config::Priority::P3: return "warning";
    case config::Priority::P4: return "info";
  }
  return "error";
}

// Slack attachment colour and emoji per priority; health and hotfix events by outcome.
std::pair<std::string_view, std::string_view> look(const Event& e) {
  if (e.type.ends_with(".resolved") || e.type.ends_with(".recovered") || e.type.ends_with(".succeeded"))
    return {"#2EB67D", "✅"};
  if (e.type.starts_with("notify.test")) return {"#439FE0", "🔔"};
  if (e.priority) {
    switch (*e.priority) {
      case config::Priority::P1: return {"#E01E5A", "🔴"};
      case config::Priority::P2: return {"#F2711C", "🟠"};
      case config::Priority::P3: return {"#ECB22E", "🟡"};
      case config::Priority::P4: return {"#439FE0", "🔵"};
    }
  }
  if (e.type.ends_with(".failed") || e.type.ends_with(".rolled_back")) return {"#E01E5A", "🔴"};
  return {"#439FE0", "🔵"};
}

std::string escape_mrkdwn(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

json field(std::string_view label, std::string_view value) {
  return {{"type", "mrkdwn"}, {"text", truncate_utf8(fmt::format("*{}*\n{}", label, escape_mrkdwn(value)), 2000)}};
}

// "finished_at" → "Finished at", "rolled_back" → "Rolled back".
std::string human_label(std::string_view key) {
  std::string out(key);
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = char(out[0] - 'a' + 'A');
  return out;
}

// An RFC 3339 time from a record, as the team reads it ("2026-11-27 22:05 IST").
std::string local_time(const std::string& rfc3339, const config::HypercareConfig& cfg) {
  auto t = core::parse_rfc3339(rfc3339);
  return t && cfg.zone ? core::format_local(*t, cfg.zone) : rfc3339;
}

json slack(const Event& e, const config::HypercareConfig& cfg) {
  auto [colour, emoji] = look(e);
  const json& s = e.subject;
  std::string id = s.value("id", "");
  // `text` is mrkdwn too (and what notifications show): "<!channel>" in a title must not ping anyone.
  std::string fallback = fmt::format("{} {}: {}{}", emoji, escape_mrkdwn(e.headline), id.empty() ? "" : id + " ",
                                     escape_mrkdwn(e.title));
  std::string head = fmt::format("{} *{}*\n{}{}", emoji, escape_mrkdwn(e.headline),
                                 id.empty() ? "" : fmt::format("*{}* ", id), escape_mrkdwn(e.title));
  // A mention notifies its person only from the message text, not from attachment fields.
  if (!e.mentions.empty()) {
    std::string who;
    for (const auto& m : e.mentions) who += fmt::format("{}<@{}>", who.empty() ? "" : " ", m);
    fallback += " " + who;
    head += "\nfor " + who;
  }
  json fields = json::array();
  auto str = [&](const char* k) { return s.contains(k) && s[k].is_string() ? s[k].get<std::string>() : std::string(); };
  if (e.subject_kind == "incident") {
    fields.push_back(field("Priority", fmt::format("{} {}", str("priority"), str("priority_label"))));
    fields.push_back(field("Status", str("status")));
    fields.push_back(field("Assignee", str("assignee").empty() ? "unassigned" : str("assignee")));
    if (!str("component").empty()) fields.push_back(field("Component", str("component")));
    if (!str("impact").empty()) fields.push_back(field("Impact", str("impact")));
    if (!str("runbook_url").empty()) fields.push_back(field("Runbook", str("runbook_url")));
    if (e.type == "incident.resolved") {
      fields.push_back(field("Root cause", str("root_cause")));
      fields.push_back(field("Resolution", str("resolution")));
      auto created = core::parse_rfc3339(str("created_at"));
      auto resolved = core::parse_rfc3339(str("resolved_at"));
      if (created && resolved) fields.push_back(field("Duration", core::format_duration(
                                   std::chrono::duration_cast<core::Seconds>(*resolved - *created))));
    }
  } else if (e.subject_kind == "check") {
    fields.push_back(field("Service", str("service")));
    fields.push_back(field("Status", str("status")));
    if (!str("message").empty()) fields.push_back(field("Message", str("message")));
  } else if (e.subject_kind == "hotfix") {
    fields.push_back(field("Component", str("component")));
    fields.push_back(field("Version", str("tag")));
    if (!str("previous").empty()) fields.push_back(field("Previous version", str("previous")));
    fields.push_back(field("Status", human_label(str("status"))));
    if (!str("incident").empty()) fields.push_back(field("Incident", str("incident")));
    if (!str("opened_incident").empty()) fields.push_back(field("Opened", str("opened_incident")));
    fields.push_back(field("Started", local_time(str("started_at"), cfg)));
    if (!str("finished_at").empty()) fields.push_back(field("Finished", local_time(str("finished_at"), cfg)));
  } else {
    // Anything else: its text fields, named for people ("finished at") and in the team's zone.
    for (const auto& [k, v] : s.items())
      if (v.is_string() && fields.size() < 10)
        fields.push_back(field(human_label(k), k.ends_with("_at") ? local_time(v.get<std::string>(), cfg) : v.get<std::string>()));
  }
  while (fields.size() > 10) fields.erase(fields.end() - 1);
  json blocks = json::array();
  blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", truncate_utf8(head, k_slack_text_max)}}}});
  json detail = json::array();
  if (!fields.empty()) detail.push_back({{"type", "section"}, {"fields", fields}});
  if (!e.message.empty())
    detail.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", truncate_utf8(escape_mrkdwn(e.message), k_slack_text_max)}}}});
  std::string context = fmt::format("hypercare{} · {} · by {}", cfg.team_name.empty() ? "" : " · " + cfg.team_name,
                                    core::format_local(e.at, cfg.zone), e.actor);
  detail.push_back({{"type", "context"}, {"elements", json::array({{{"type", "mrkdwn"}, {"text", escape_mrkdwn(context)}}})}});
  return {{"text", truncate_utf8(fallback, k_slack_text_max)},
          {"blocks", blocks},
          {"attachments", json::array({{{"color", colour}, {"blocks", detail}}})}};
}

json pagerduty(const Event& e, std::string_view action, const config::HypercareConfig& cfg) {
  json body = {{"event_action", action}, {"dedup_key", truncate_utf8(e.key, 255)}, {"client", "hypercare"}};
  if (action != "trigger") return body;
  const json& s = e.subject;
  std::string id = s.value("id", "");
  std::string summary = fmt::format("[{}] {}{}", e.priority                    ? config::priority_name(*e.priority)
                                    : e.subject_kind == "check" ? std::string_view("health")
                                                                : std::string_view(e.subject_kind),
                                    id.empty() ? "" : id + ": ", e.title);
  json details = json::object();
  for (const char* k : {"impact", "description", "assignee", "status", "priority", "message", "service"})
    if (s.contains(k) && s[k].is_string() && !s[k].get<std::string>().empty()) details[k] = s[k];
  if (!e.message.empty()) details["note"] = e.message;
  if (e.subject_kind == "incident" && s.contains("escalation_level") && s["escalation_level"].is_number_integer())
    details["escalation_level"] = s["escalation_level"];
  json payload = {{"summary", truncate_utf8(summary, k_pagerduty_summary_max)},
                  {"source", truncate_utf8(e.source, 255)},
                  {"severity", severity_for(e.priority)},
                  {"timestamp", core::format_rfc3339(e.at)},
                  {"class", e.subject_kind},
                  {"custom_details", details}};
  if (s.contains("component") && s["component"].is_string() && !s["component"].get<std::string>().empty())
    payload["component"] = s["component"];
  if (!cfg.team_name.empty()) payload["group"] = cfg.team_name;
  body["payload"] = payload;
  if (s.contains("runbook_url") && s["runbook_url"].is_string())
    body["links"] = json::array({{{"href", truncate_utf8(s["runbook_url"].get<std::string>(), 2048)}, {"text", "Runbook"}}});
  return body;
}

}  // namespace

std::optional<std::string_view> pagerduty_action(std::string_view type) {
  if (type == "incident.created" || type == "incident.reopened" || type == "incident.priority_changed" ||
      type == "health.failed" ||
      type == "hotfix.failed" || type == "notify.test")
    return "trigger";
  if (type == "incident.acknowledged") return "acknowledge";
  if (type == "incident.resolved" || type == "health.recovered" || type == "notify.test_done") return "resolve";
  return std::nullopt;
}

std::optional<nlohmann::json> payload_for(const config::Channel& channel, const Event& e,
                                          const config::HypercareConfig& cfg, std::string_view notification_id) {
  switch (channel.kind) {
    case config::ChannelKind::slack: return slack(e, cfg);
    case config::ChannelKind::pagerduty: {
      auto action = pagerduty_action(e.type);
      if (!action) return std::nullopt;
      return pagerduty(e, *action, cfg);
    }
    case config::ChannelKind::webhook: {
      json body = {{"version", 1},
                   {"id", notification_id},
                   {"event", e.type},
                   {"at", core::format_rfc3339(e.at)},
                   {"actor", e.actor},
                   {"team", cfg.team_name},
                   {"headline", e.headline},
                   {"message", e.message},
                   {"priority", e.priority ? json(config::priority_name(*e.priority)) : json(nullptr)}};
      body[e.subject_kind] = e.subject;
      return body;
    }
  }
  return std::nullopt;
}

}  // namespace hypercare::notify
