// How maintenance windows are shown: `maintenance list`, `status`.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "hypercare/maintenance/window.hpp"
#include "incident_view.hpp"

namespace hypercare::cli {

// {id, components, everything, from, until, ended_at, end, state, message, by, hotfix}
nlohmann::json window_json(const maintenance::Window& w, core::TimePoint now);
// "odoo, db" or "everything".
std::string components_text(const maintenance::Window& w);
// "maintenance MW-… odoo until 14:00 IST (in 1h) — Odoo upgrade", for status.
std::string window_line(const maintenance::Window& w, const ViewContext& v);

}  // namespace hypercare::cli
