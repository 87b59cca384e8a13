// The request bodies: PagerDuty Events v2 (schema pinned field by field), Slack Block Kit (text
// fallback, colours, resolution fields, Slack's size limits, mrkdwn escaping) and the webhook
// envelope. No body ever holds the secret.
#include "hypercare/notify/payload.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "hypercare/incident/json.hpp"
#include "hypercare/notify/event.hpp"
#include "notify_fixture.hpp"

namespace hypercare::notify {
namespace {

using namespace testing;
using config::ChannelKind;
using config::Priority;
using nlohmann::json;

// Counts UTF-8 code points; false in `valid` when a sequence is cut or malformed.
std::size_t code_points(std::string_view s, bool* valid) {
  std::size_t n = 0;
  *valid = true;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      *valid = false;
      return n;
    }
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) *valid = false;
    i += len;
    ++n;
  }
  return n;
}

json body(ChannelKind kind, const Event& e, const config::HypercareConfig& cfg) {
  auto b = payload_for(channel(kind), e, cfg, "01JNOTIFICATION0000000000");
  EXPECT_TRUE(b.has_value()) << e.type;
  return b ? *b : json();
}

TEST(PagerDutyPayload, TriggerMatchesEventsV2Exactly) {
  auto cfg = team_config();
  auto e = incident_event("incident.created", sample_incident(Priority::P1), cfg, t0(), "dev1");
  json expected = {
      {"event_action", "trigger"},
      {"dedup_key", "INC-20261127-7K2M"},
      {"client", "hypercare"},
      {"payload",
       {{"summary", "[P1] INC-20261127-7K2M: Payments API down"},
        {"source", "api"},
        {"severity", "critical"},
        {"timestamp", "2026-11-27T03:00:00Z"},
        {"class", "incident"},
        {"component", "api"},
        {"group", "Smart Dairy"},
        {"custom_details",
         {{"impact", "checkout fails for every customer"},
          {"description", "502 from the upstream gateway"},
          {"assignee", "dev2"},
          {"status", "open"},
          {"priority", "P1"},
          {"escalation_level", 0}}}}}};
  EXPECT_EQ(body(ChannelKind::pagerduty, e, cfg), expected);
}

TEST(PagerDutyPayload, TheRoutingKeyIsNeverInTheStoredBody) {
  auto cfg = team_config();
  for (std::string_view type : {"incident.created", "incident.acknowledged", "incident.resolved"}) {
    auto b = body(ChannelKind::pagerduty, incident_event(type, sample_incident(), cfg, t0(), "dev1"), cfg);
    EXPECT_FALSE(b.contains("routing_key")) << type << ": " << b.dump();
  }
}

TEST(PagerDutyPayload, SeverityFollowsThePriority) {
  auto cfg = team_config();
  const std::pair<Priority, std::string_view> cases[] = {
      {Priority::P1, "critical"}, {Priority::P2, "error"}, {Priority::P3, "warning"}, {Priority::P4, "info"}};
  for (auto [p, severity] : cases) {
    auto b = body(ChannelKind::pagerduty, incident_event("incident.created", sample_incident(p), cfg, t0(), "dev1"), cfg);
    EXPECT_EQ(b["payload"]["severity"], severity) << config::priority_name(p);
    EXPECT_TRUE(b["payload"]["summary"].get<std::string>().starts_with(fmt::format("[{}] ", config::priority_name(p))));
  }
}

TEST(PagerDutyPayload, AckAndResolveCarryOnlyTheActionAndTheDedupKey) {
  auto cfg = team_config();
  auto inc = sample_incident();
  inc.acknowledged_by = "dev2";
  inc.acknowledged_at = t0();
  auto ack = body(ChannelKind::pagerduty, incident_event("incident.acknowledged", inc, cfg, t0(), "dev2"), cfg);
  EXPECT_EQ(ack, (json{{"event_action", "acknowledge"}, {"dedup_key", "INC-20261127-7K2M"}, {"client", "hypercare"}}));
  inc.status = incident::State::resolved;
  inc.resolved_at = t0() + std::chrono::hours(1);
  auto resolve = body(ChannelKind::pagerduty, incident_event("incident.resolved", inc, cfg, t0(), "dev2"), cfg);
  EXPECT_EQ(resolve, (json{{"event_action", "resolve"}, {"dedup_key", "INC-20261127-7K2M"}, {"client", "hypercare"}}));
}

TEST(PagerDutyPayload, ActionsPerEventTypeAndNothingForTheRest) {
  EXPECT_EQ(pagerduty_action("incident.created"), "trigger");
  EXPECT_EQ(pagerduty_action("incident.reopened"), "trigger");  // the same dedup key opens the alert again
  EXPECT_EQ(pagerduty_action("incident.acknowledged"), "acknowledge");
  EXPECT_EQ(pagerduty_action("incident.resolved"), "resolve");
  EXPECT_EQ(pagerduty_action("health.failed"), "trigger");
  EXPECT_EQ(pagerduty_action("health.recovered"), "resolve");
  EXPECT_EQ(pagerduty_action("notify.test"), "trigger");
  EXPECT_EQ(pagerduty_action("notify.test_done"), "resolve");
  EXPECT_EQ(pagerduty_action("incident.priority_changed"), "trigger");  // raised to a paging priority
  for (std::string_view t : {"incident.assigned", "incident.status_changed",
                             "incident.escalated", "incident.breached", "handover.created"})
    EXPECT_FALSE(pagerduty_action(t)) << t;
  auto cfg = team_config();
  auto e = incident_event("incident.assigned", sample_incident(), cfg, t0(), "dev1");
  EXPECT_FALSE(payload_for(channel(ChannelKind::pagerduty), e, cfg, "x")) << "PagerDuty has nothing to do for a reassignment";
}

TEST(PagerDutyPayload, SummaryOfAHugeMultibyteTitleStaysWithin1024AndValidUtf8) {
  auto cfg = team_config();
  auto inc = sample_incident();
  inc.title.clear();
  for (int i = 0; i < 5000; ++i) inc.title += "ü";  // 5 000 characters, 10 000 bytes
  auto b = body(ChannelKind::pagerduty, incident_event("incident.created", inc, cfg, t0(), "dev1"), cfg);
  std::string summary = b["payload"]["summary"];
  EXPECT_LE(summary.size(), 1024u);
  EXPECT_GT(summary.size(), 1000u) << "cut where it had to be, not far before";
  bool valid = false;
  EXPECT_LE(code_points(summary, &valid), 1024u);
  EXPECT_TRUE(valid) << "a UTF-8 sequence was cut in half";
  EXPECT_TRUE(summary.starts_with("[P1] INC-20261127-7K2M: üü"));
  EXPECT_TRUE(summary.ends_with("…"));
  EXPECT_NO_THROW((void)b.dump());  // nlohmann throws on invalid UTF-8
  // Also the other PagerDuty limits: dedup_key and source ≤ 255.
  inc.id = std::string(400, 'I');
  inc.component = std::string(400, 'c');
  b = body(ChannelKind::pagerduty, incident_event("incident.created", inc, cfg, t0(), "dev1"), cfg);
  EXPECT_LE(b["dedup_key"].get<std::string>().size(), 255u);
  EXPECT_LE(b["payload"]["source"].get<std::string>().size(), 255u);
}

TEST(PagerDutyPayload, SourceFallsBackToTheTeamAndEmptyDetailsAreLeftOut) {
  auto cfg = team_config();
  auto inc = sample_incident(Priority::P2);
  inc.component.clear();
  inc.impact.clear();
  inc.assignee.clear();
  auto b = body(ChannelKind::pagerduty, incident_event("incident.created", inc, cfg, t0(), "dev1"), cfg);
  EXPECT_EQ(b["payload"]["source"], "Smart Dairy");
  EXPECT_FALSE(b["payload"].contains("component"));
  EXPECT_EQ(b["payload"]["custom_details"],
            (json{{"description", "502 from the upstream gateway"}, {"status", "open"}, {"priority", "P2"}, {"escalation_level", 0}}));
}

TEST(PagerDutyPayload, AHealthFailureTriggersWithTheCheckAsDedupKey) {
  health::CheckResult r;
  r.name = "odoo-web";
  r.kind = "http";
  r.service = "odoo";
  r.status = health::Status::fail;
  r.message = "HTTP 502";
  auto cfg = team_config();
  auto b = body(ChannelKind::pagerduty, health_event("health.failed", r, t0()), cfg);
  EXPECT_EQ(b["event_action"], "trigger");
  EXPECT_EQ(b["dedup_key"], "health:odoo-web");
  EXPECT_EQ(b["payload"]["source"], "odoo");
  EXPECT_EQ(b["payload"]["severity"], "error");
  EXPECT_EQ(b["payload"]["class"], "check");
  auto rec = body(ChannelKind::pagerduty, health_event("health.recovered", r, t0()), cfg);
  EXPECT_EQ(rec, (json{{"event_action", "resolve"}, {"dedup_key", "health:odoo-web"}, {"client", "hypercare"}}));
}

// Slack ------------------------------------------------------------------------------------------

std::vector<std::string> field_texts(const json& b) {
  std::vector<std::string> out;
  for (const auto& block : b["attachments"][0]["blocks"])
    if (block.contains("fields"))
      for (const auto& f : block["fields"]) out.push_back(f["text"]);
  return out;
}

TEST(SlackPayload, TextFallbackBlocksAndTheIncidentFields) {
  auto cfg = team_config();
  auto b = body(ChannelKind::slack, incident_event("incident.created", sample_incident(Priority::P1), cfg, t0(), "dev1"), cfg);
  EXPECT_EQ(b["text"], "🔴 P1 Critical incident opened: INC-20261127-7K2M Payments API down");
  ASSERT_TRUE(b["blocks"].is_array());
  EXPECT_EQ(b["blocks"][0]["type"], "section");
  EXPECT_EQ(b["blocks"][0]["text"]["type"], "mrkdwn");
  EXPECT_EQ(b["blocks"][0]["text"]["text"], "🔴 *P1 Critical incident opened*\n*INC-20261127-7K2M* Payments API down");
  EXPECT_EQ(b["attachments"][0]["color"], "#E01E5A");
  EXPECT_EQ(field_texts(b), (std::vector<std::string>{"*Priority*\nP1 Critical", "*Status*\nopen", "*Assignee*\ndev2",
                                                        "*Component*\napi",
                                                        "*Impact*\ncheckout fails for every customer"}));
  auto ctx = b["attachments"][0]["blocks"].back();
  EXPECT_EQ(ctx["type"], "context");
  EXPECT_EQ(ctx["elements"][0]["text"], "hypercare · Smart Dairy · 2026-11-27 03:00 UTC · by dev1");
  EXPECT_LE(b["blocks"].size() + b["attachments"][0]["blocks"].size(), 50u);
}

TEST(SlackPayload, EveryEventHasATextFallback) {
  auto cfg = team_config();
  health::CheckResult r;
  r.name = "odoo-web";
  r.service = "odoo";
  r.status = health::Status::fail;
  std::vector<Event> events = {health_event("health.failed", r, t0()), health_event("health.recovered", r, t0()),
                               test_event("hypercare-slack", t0(), "dev1")};
  for (std::string_view type : {"incident.created", "incident.acknowledged", "incident.status_changed",
                                "incident.assigned", "incident.priority_changed", "incident.escalated",
                                "incident.breached", "incident.resolved", "incident.reopened"})
    events.push_back(incident_event(type, sample_incident(), cfg, t0(), "dev1"));
  for (const auto& e : events) {
    auto b = body(ChannelKind::slack, e, cfg);
    ASSERT_TRUE(b.contains("text")) << e.type;
    EXPECT_GT(b["text"].get<std::string>().size(), 10u) << e.type;
    EXPECT_NE(b["text"].get<std::string>().find(e.title), std::string::npos) << e.type << ": " << b["text"];
    EXPECT_FALSE(b["blocks"].empty()) << e.type;
  }
}

TEST(SlackPayload, ColourAndEmojiPerPriority) {
  auto cfg = team_config();
  const std::tuple<Priority, std::string_view, std::string_view> cases[] = {
      {Priority::P1, "#E01E5A", "🔴"}, {Priority::P2, "#F2711C", "🟠"}, {Priority::P3, "#ECB22E", "🟡"},
      {Priority::P4, "#439FE0", "🔵"}};
  for (auto [p, colour, emoji] : cases) {
    auto b = body(ChannelKind::slack, incident_event("incident.created", sample_incident(p), cfg, t0(), "dev1"), cfg);
    EXPECT_EQ(b["attachments"][0]["color"], colour) << config::priority_name(p);
    EXPECT_TRUE(b["text"].get<std::string>().starts_with(emoji)) << b["text"];
  }
}

TEST(SlackPayload, AResolutionShowsRootCauseResolutionAndDuration) {
  auto cfg = team_config();
  auto inc = sample_incident(Priority::P1);
  inc.status = incident::State::resolved;
  inc.resolved_at = t0() + std::chrono::minutes(150);
  inc.root_cause = "connection pool exhausted";
  inc.resolution = "raised the pool size & restarted";
  auto b = body(ChannelKind::slack, incident_event("incident.resolved", inc, cfg, t0(), "dev2"), cfg);
  EXPECT_EQ(b["attachments"][0]["color"], "#2EB67D");
  EXPECT_TRUE(b["text"].get<std::string>().starts_with("✅ P1 incident resolved")) << b["text"];
  auto f = field_texts(b);
  ASSERT_GE(f.size(), 3u);
  EXPECT_EQ(f[f.size() - 3], "*Root cause*\nconnection pool exhausted");
  EXPECT_EQ(f[f.size() - 2], "*Resolution*\nraised the pool size &amp; restarted");
  EXPECT_EQ(f[f.size() - 1], "*Duration*\n2h30m");
  EXPECT_LE(f.size(), 10u);  // Slack's limit on fields per section
}

TEST(SlackPayload, SectionTextsStayWithin3000EvenForHugeTitles) {
  auto cfg = team_config();
  auto inc = sample_incident();
  inc.title.clear();
  for (int i = 0; i < 5000; ++i) inc.title += "€";
  auto b = body(ChannelKind::slack, incident_event("incident.created", inc, cfg, t0(), "dev1", std::string(9000, 'm')), cfg);
  EXPECT_NO_THROW((void)b.dump());
  bool valid = false;
  std::string text = b["text"];
  EXPECT_LE(text.size(), 3000u);
  code_points(text, &valid);
  EXPECT_TRUE(valid);
  std::string head = b["blocks"][0]["text"]["text"];
  EXPECT_LE(head.size(), 3000u);
  code_points(head, &valid);
  EXPECT_TRUE(valid);
  for (const auto& block : b["attachments"][0]["blocks"]) {
    if (block.contains("text")) {
      EXPECT_LE(block["text"]["text"].get<std::string>().size(), 3000u);
    }
    if (block.contains("fields")) {
      for (const auto& f : block["fields"]) EXPECT_LE(f["text"].get<std::string>().size(), 2000u);
    }
  }
}

TEST(SlackPayload, MarkupFromTitlesIsEscapedEverywhereIncludingTheFallback) {
  // Incident titles come from people and from alerts: "<!channel>" must not ping a whole
  // channel, and "<http://x|y>" must not become a disguised link, in the blocks or in `text`.
  auto cfg = team_config();
  auto inc = sample_incident();
  inc.title = "<!channel> disk full & <http://evil.example|click>";
  auto b = body(ChannelKind::slack, incident_event("incident.created", inc, cfg, t0(), "dev1"), cfg);
  std::string head = b["blocks"][0]["text"]["text"];
  EXPECT_NE(head.find("&lt;!channel&gt; disk full &amp; &lt;http://evil.example|click&gt;"), std::string::npos) << head;
  std::string text = b["text"];
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_EQ(text.find('>'), std::string::npos) << text;
  EXPECT_NE(text.find("&lt;!channel&gt;"), std::string::npos) << text;
}

// Webhook ----------------------------------------------------------------------------------------

TEST(SlackPayload, AHotfixNamesItsIdOnceWithFieldsForPeopleInTheTeamZone) {
  auto cfg = team_config();
  cfg.timezone = "Asia/Kolkata";
  cfg.zone = *core::find_zone("Asia/Kolkata");
  Event e;
  e.type = "hotfix.rolled_back";
  e.at = t0();
  e.actor = "dev1";
  e.key = "HF-20261127-7K2M";
  e.headline = "hotfix frontend v1.2 was rolled back";
  e.title = "frontend v1.2";
  e.subject_kind = "hotfix";
  e.subject = {{"id", "HF-20261127-7K2M"}, {"tag", "v1.2"}, {"component", "frontend"}, {"incident", nullptr},
               {"status", "rolled_back"}, {"previous", "v1.1"}, {"started_at", "2026-11-27T03:00:00Z"},
               {"finished_at", "2026-11-27T03:04:00Z"}, {"actor", "dev1"}, {"host", "vm-1"}};
  auto b = body(ChannelKind::slack, e, cfg);
  std::string head = b["blocks"][0]["text"]["text"];
  EXPECT_EQ(head.find("HF-20261127-7K2M"), head.rfind("HF-20261127-7K2M")) << head;
  std::string all = b.dump();
  EXPECT_EQ(all.find("finished_at"), std::string::npos) << all;
  EXPECT_EQ(all.find("2026-11-27T03:04:00Z"), std::string::npos) << "times in the team's zone";
  EXPECT_NE(all.find("*Finished*\\n2026-11-27 08:34 IST"), std::string::npos) << all;
  EXPECT_NE(all.find("*Status*\\nRolled back"), std::string::npos) << all;
  EXPECT_NE(all.find("*Previous version*\\nv1.1"), std::string::npos) << all;
}

TEST(WebhookPayload, TheEnvelopeCarriesTheEventAndTheIncidentAsInCliMd) {
  auto cfg = team_config();
  auto inc = sample_incident(Priority::P2);
  auto e = incident_event("incident.created", inc, cfg, t0(), "dev1", "opened from the CLI");
  auto b = payload_for(channel(ChannelKind::webhook), e, cfg, "01JNOTIFICATION0000000000");
  ASSERT_TRUE(b);
  EXPECT_EQ((*b)["version"], 1);
  EXPECT_EQ((*b)["id"], "01JNOTIFICATION0000000000");
  EXPECT_EQ((*b)["event"], "incident.created");
  EXPECT_EQ((*b)["at"], "2026-11-27T03:00:00Z");
  EXPECT_EQ((*b)["actor"], "dev1");
  EXPECT_EQ((*b)["team"], "Smart Dairy");
  EXPECT_EQ((*b)["headline"], "P2 High incident opened");
  EXPECT_EQ((*b)["message"], "opened from the CLI");
  EXPECT_EQ((*b)["priority"], "P2");
  const json& i = (*b)["incident"];
  // CLI.md's incident shape (without the timeline, which is for `show`).
  for (const char* k : {"id", "title", "priority", "status", "component", "impact", "description", "assignee", "tags",
                        "created_at", "acknowledged_at", "resolved_at", "root_cause", "resolution", "escalation_level",
                        "sla"})
    EXPECT_TRUE(i.contains(k)) << k;
  EXPECT_EQ(i["id"], "INC-20261127-7K2M");
  EXPECT_EQ(i["priority"], "P2");
  EXPECT_EQ(i["priority_label"], "High");
  EXPECT_EQ(i["sla"]["response_due"], "2026-11-27T03:30:00Z");
  EXPECT_FALSE(i.contains("timeline"));
}

TEST(WebhookPayload, AHealthEventCarriesTheCheckAndNoPriority) {
  health::CheckResult r;
  r.name = "odoo-web";
  r.kind = "http";
  r.service = "odoo";
  r.status = health::Status::fail;
  r.latency_ms = 120;
  r.value = 502;
  auto cfg = team_config();
  auto b = payload_for(channel(ChannelKind::webhook), health_event("health.failed", r, t0()), cfg, "01JX");
  ASSERT_TRUE(b);
  EXPECT_EQ((*b)["event"], "health.failed");
  EXPECT_TRUE((*b)["priority"].is_null());
  EXPECT_EQ((*b)["check"]["name"], "odoo-web");
  EXPECT_EQ((*b)["check"]["status"], "fail");
  EXPECT_EQ((*b)["check"]["value"], 502.0);
}

}  // namespace
}  // namespace hypercare::notify
