#include "hypercare/incident/json.hpp"

namespace hypercare::incident {

namespace {
nlohmann::json time_or_null(const std::optional<TimePoint>& t) {
  return t ? nlohmann::json(core::format_rfc3339(*t)) : nlohmann::json(nullptr);
}
nlohmann::json seconds_or_null(const std::optional<core::Seconds>& s) {
  return s ? nlohmann::json(s->count()) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json to_json(const Incident& inc, const Sla& sla, bool with_timeline) {
  nlohmann::json j = {
      {"id", inc.id},
      {"title", inc.title},
      {"priority", config::priority_name(inc.priority)},
      {"status", state_name(inc.status)},
      {"component", inc.component},
      {"impact", inc.impact},
      {"description", inc.description},
      {"assignee", inc.assignee},
      {"tags", inc.tags},
      {"created_at", core::format_rfc3339(inc.created_at)},
      {"created_by", inc.created_by},
      {"acknowledged_at", time_or_null(inc.acknowledged_at)},
      {"acknowledged_by", inc.acknowledged_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.acknowledged_by)},
      {"resolved_at", time_or_null(inc.resolved_at)},
      {"root_cause", inc.root_cause.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.root_cause)},
      {"resolution", inc.resolution.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.resolution)},
      {"resolution_kind", inc.is_open() ? nlohmann::json(nullptr) : nlohmann::json(resolution_kind_name(inc.resolution_kind))},
      {"duplicate_of", inc.duplicate_of.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.duplicate_of)},
      {"escalation_level", inc.escalation_level},
      {"sla",
       {{"response_due", core::format_rfc3339(sla.response_due)},
        {"resolution_due", core::format_rfc3339(sla.resolution_due)},
        {"response_breached", sla.response_breached},
        {"resolution_breached", sla.resolution_breached},
        {"response_s", seconds_or_null(sla.response_time)},
        {"resolution_s", seconds_or_null(sla.resolution_time)}}},
  };
  j["maintenance"] = inc.maintenance.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.maintenance);
  j["runbook_url"] = inc.runbook_url.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.runbook_url);
  if (with_timeline) {
    j["labels"] = inc.labels;
    j["fingerprint"] = inc.fingerprint.empty() ? nlohmann::json(nullptr) : nlohmann::json(inc.fingerprint);
    auto& tl = j["timeline"] = nlohmann::json::array();
    for (const auto& e : inc.timeline)
      tl.push_back({{"ts", core::format_rfc3339(e.ts)},
                    {"actor", e.actor},
                    {"type", e.type},
                    {"message", e.message},
                    {"wall", e.wall ? nlohmann::json(core::format_rfc3339(*e.wall)) : nlohmann::json(nullptr)},
                    {"withdrawn", e.withdrawn.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.withdrawn)}});
  }
  return j;
}

}  // namespace hypercare::incident
