#include "hypercare/hotfix/json.hpp"

namespace hypercare::hotfix {

namespace {

template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json step_json(const StepRecord& s) {
  return {{"name", s.name},
          {"index", s.index},
          {"attempt", s.attempt},
          {"phase", s.phase},
          {"status", step_status_name(s.status)},
          {"exit_code", or_null(s.exit_code)},
          {"signal", or_null(s.signal)},
          {"duration_ms", s.duration_ms},
          {"command", or_null(s.command)},
          {"output_tail", s.output_tail},
          {"at", core::format_rfc3339(s.at)}};
}

nlohmann::json to_json(const Hotfix& h, std::optional<Process> process) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : h.steps) steps.push_back(step_json(s));
  nlohmann::json rollbacks = nlohmann::json::array();
  for (const auto& r : h.rollbacks)
    rollbacks.push_back({{"at", core::format_rfc3339(r.at)}, {"actor", r.actor}, {"reason", r.reason}});
  return {{"id", h.id},
          {"tag", h.tag},
          {"component", h.component},
          {"incident", or_null(h.incident)},
          {"status", status_name(h.status)},
          {"message", h.message},
          {"previous", or_null(h.previous)},
          {"started_at", core::format_rfc3339(h.started_at)},
          {"finished_at", h.finished_at ? nlohmann::json(core::format_rfc3339(*h.finished_at)) : nlohmann::json(nullptr)},
          {"actor", h.actor},
          {"host", h.host},
          {"process", h.status == Status::running && process ? nlohmann::json(process_name(*process)) : nlohmann::json(nullptr)},
          {"opened_incident", or_null(h.opened_incident)},
          {"rollbacks", rollbacks},
          {"steps", steps}};
}

}  // namespace hypercare::hotfix
