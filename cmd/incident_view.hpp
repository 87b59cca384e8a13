// Rendering incidents for people: the list table, the detail view, SLA clock phrases.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/incident/index.hpp"
#include "hypercare/incident/model.hpp"
#include "hypercare/incident/sla.hpp"
#include "hypercare/render/style.hpp"
#include "hypercare/render/table.hpp"

namespace hypercare::cli {

struct ViewContext {
  const config::HypercareConfig& config;
  core::Zone zone;
  core::TimePoint now;
  render::Style style;
  std::size_t width = 0;  // columns to fit tables into (titles are cut first); 0: never cut
};

// "respond in 3m", "respond 12m overdue", "resolve in 1h20m", "resolved in 2h5m (breached)".
std::string sla_phrase(const incident::Incident& inc, const incident::Sla& sla, const ViewContext& v);
// A local time; the date only when it is not today.
std::string when(core::TimePoint t, const ViewContext& v);
render::Table incident_table_header(const ViewContext& v);
void add_incident_row(render::Table& table, const incident::Incident& inc, const ViewContext& v);
std::string incident_detail(const incident::Incident& inc, const ViewContext& v);
std::string priority_cell(config::Priority p, const render::Style& s);
// Record files a listing skipped: [{file, line (or null), id, message}], for --json documents.
nlohmann::json problems_json(const std::vector<incident::Unreadable>& problems);

}  // namespace hypercare::cli
