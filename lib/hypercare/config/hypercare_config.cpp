#include "hypercare/config/hypercare_config.hpp"

#include <fmt/format.h>

#include "hypercare/config/schema.hpp"

#include "hypercare/store/ops_dir.hpp"

namespace hypercare::config {

using namespace std::chrono_literals;

std::string_view priority_name(Priority p) {
  static constexpr std::array<std::string_view, 4> names = {"P1", "P2", "P3", "P4"};
  return names[std::size_t(p)];
}

core::Result<Priority> parse_priority(std::string_view text) {
  if (text.size() == 2 && (text[0] == 'P' || text[0] == 'p') && text[1] >= '1' && text[1] <= '4')
    return Priority(text[1] - '1');
  return core::fail(core::ErrorKind::usage,
                    fmt::format("invalid priority '{}': use P1, P2, P3 or P4", text));
}

std::array<PriorityLevel, 4> default_priorities() {
  return {{
      {"Critical", "System down", 15min, 2h, true},
      {"High", "Major feature broken", 30min, 4h, false},
      {"Medium", "Feature degraded", 2h, 8h, false},
      {"Low", "Minor issues", 4h, 24h, false},
  }};
}

core::Result<HypercareConfig> load_hypercare_config(const std::filesystem::path& ops_dir) {
  auto file = TomlFile::load(ops_dir / store::k_config_file);
  if (!file) {
    auto e = file.error();
    if (e.kind == core::ErrorKind::missing) e.hint = "hypercare init";
    return std::unexpected(e);
  }
  return parse_hypercare_config(*file);
}

const Schema& hypercare_schema() {
  static const Schema level{{"label", {}}, {"description", {}}, {"response", {}}, {"resolve", {}}, {"escalate_to_lead", {}}};
  static const Schema target{{"mean", {}}, {"p95", {}}};
  static const Schema paging_level{{"methods", {}}};
  static const Schema schema{
      {"team", {{"name", {}}, {"timezone", {}}}},
      {"hypercare", {{"start", {}}, {"days", {}}}},
      {"priorities", {{"*", level}}},  // the parser names a level that is not P1-P4
      {"targets",
       {{"uptime", {}}, {"min_coverage", {}}, {"satisfaction", {}}, {"critical_response", {}}, {"avg_resolution", {}},
        {"max_escalations_per_day", {}}, {"max_p1", {}}, {"max_p2", {}}, {"p1_resolution", {}},
        {"resolution", {{"*", target}}}}},
      {"git", {{"autocommit", {}}, {"sync", {}}, {"health_commit_interval", {}}}},
      {"notify",
       {{"channel",
         {{"name", {}}, {"kind", {}}, {"url_env", {}}, {"url_secret", {}}, {"url", {}}, {"routing_key_env", {}},
          {"routing_key_secret", {}}, {"events", {}}, {"min_priority", {}}, {"timeout", {}}, {"connect_timeout", {}}}},
        {"max_attempts", {}}, {"retry_base", {}}, {"retry_max", {}}, {"max_retry_after", {}}}},
      {"ingest", {{"severity_map", Schema::any()}, {"auto_resolve", {}}, {"default_priority", {}}, {"group_by", {}}}},
      {"listen",
       {{"token_env", {}}, {"token_secret", {}}, {"link_key_secret", {}}, {"public_url", {}},
        {"source", {{"name", {}}, {"priority", {}}, {"component", {}}}}}},
      {"paging",
       {{"repeat", {}}, {"shift_notice", {}}, {"link_ttl", {}}, {"P1", paging_level}, {"P2", paging_level},
        {"P3", paging_level}, {"P4", paging_level},
        {"smtp", {{"url", {}}, {"from", {}}, {"user_secret", {}}, {"password_secret", {}}}}}},
      {"heartbeat",
       {{"name", {}}, {"every", {}}, {"grace", {}}, {"priority", {}}, {"component", {}}, {"description", {}}, {"auto_resolve", {}}}},
      {"report", {{"prometheus", {{"url", {}}, {"error_rate", {}}, {"latency_p95", {}}, {"step", {}}, {"timeout", {}}}}}},
      {"bau",
       {{"tier", {{"name", {}}, {"team", {}}, {"scope", {}}, {"response", {}}, {"hours", {}}}},
        {"alert_route", {{"severity", {}}, {"route_to", {}}, {"response", {}}}},
        {"dashboard", {{"name", {}}, {"url", {}}}},
        {"contact", {{"role", {}}, {"name", {}}, {"email", {}}, {"phone", {}}}},
        {"escalation_path", {}}, {"signoff", {}}, {"runbooks", {}},
        {"documentation", {{"technical", {}}, {"runbooks", {}}, {"faq", {}}, {"training", {}}}},
        {"maintenance", {{"weekly", {}}, {"monthly", {}}, {"quarterly", {}}}},
        {"backup", {{"daily_check", {}}, {"restore_test", {}}}}}},
      {"kickoff", {{"items", {{"id", {}}, {"text", {}}}}}},
  };
  return schema;
}

core::Result<HypercareConfig> parse_hypercare_config(const TomlFile& f) {
  HypercareConfig c;
  c.file = f.path();
  c.priorities = default_priorities();
  HC_CHECK(f.reject_secrets());  // first: a secret is worse than a typo
  HC_CHECK(check_schema(f, hypercare_schema()));
  const auto& root = f.root();

  if (auto team = HC_TRY(f.table(root, "team", "team"))) {
    if (auto v = HC_TRY(f.string(*team, "name", "team.name"))) c.team_name = *v;
    if (auto v = HC_TRY(f.string(*team, "timezone", "team.timezone"))) {
      auto zone = core::find_zone(*v);
      if (!zone) return std::unexpected(f.error_at(team->get("timezone"), "team.timezone", zone.error().message));
      c.timezone = *v;
    }
  }
  c.zone = HC_TRY(core::find_zone(c.timezone));

  if (auto hc = HC_TRY(f.table(root, "hypercare", "hypercare"))) {
    c.start = HC_TRY(f.date(*hc, "start", "hypercare.start"));
    if (auto d = HC_TRY(f.integer(*hc, "days", "hypercare.days"))) {
      if (*d < 1 || *d > 366)
        return std::unexpected(f.error_at(hc->get("days"), "hypercare.days", "must be between 1 and 366"));
      c.days = int(*d);
    }
  }

  if (auto prios = HC_TRY(f.table(root, "priorities", "priorities"))) {
    for (const auto& [key, node] : *prios) {
      std::string kp = fmt::format("priorities.{}", key.str());
      auto p = parse_priority(key.str());
      if (!p || key.str()[0] != 'P')
        return std::unexpected(f.error_at(&node, kp, "unknown priority level: use P1, P2, P3 or P4"));
      const auto* t = node.as_table();
      if (!t) return std::unexpected(f.error_at(&node, kp, "must be a table"));
      auto& level = c.priorities[std::size_t(*p)];
      if (auto v = HC_TRY(f.string(*t, "label", kp + ".label"))) level.label = *v;
      if (auto v = HC_TRY(f.string(*t, "description", kp + ".description"))) level.description = *v;
      if (auto v = HC_TRY(f.duration(*t, "response", kp + ".response"))) level.response = *v;
      if (auto v = HC_TRY(f.duration(*t, "resolve", kp + ".resolve"))) level.resolve = *v;
      if (auto v = HC_TRY(f.boolean(*t, "escalate_to_lead", kp + ".escalate_to_lead")))
        level.escalate_to_lead = *v;
      if (level.resolve < level.response)
        return std::unexpected(f.error_at(t->get("resolve") ? t->get("resolve") : &node, kp + ".resolve",
                                          "must not be shorter than the response target"));
    }
  }

  c.targets = HC_TRY(parse_targets(f));

  if (auto g = HC_TRY(f.table(root, "git", "git"))) {
    if (auto v = HC_TRY(f.boolean(*g, "autocommit", "git.autocommit"))) c.git_autocommit = *v;
    if (auto v = HC_TRY(f.string(*g, "sync", "git.sync"))) {
      if (*v != "auto" && *v != "manual")
        return std::unexpected(f.error_at(g->get("sync"), "git.sync", "must be \"auto\" or \"manual\""));
      c.git_sync_auto = *v == "auto";
    }
    if (auto v = HC_TRY(f.duration(*g, "health_commit_interval", "git.health_commit_interval")))
      c.health_commit_interval = *v;
  }
  c.notify = HC_TRY(parse_notify_config(f));
  c.ingest = HC_TRY(parse_ingest_config(f));
  c.report = HC_TRY(parse_report_config(f));
  c.listen = HC_TRY(parse_listen_config(f));
  c.heartbeats = HC_TRY(parse_heartbeats(f));
  c.paging = HC_TRY(parse_paging_config(f));
  return c;
}

}  // namespace hypercare::config
