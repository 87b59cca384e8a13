// Shifts as iCalendar (RFC 5545: UTC times, stable UIDs, CRLF, folding, escaping), CSV and JSON.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hypercare/rota/schedule.hpp"

namespace hypercare::rota {

struct ExportContext {
  const config::RotaConfig& rota;
  std::string calendar_name;  // e.g. "Smart Dairy on call"
  TimePoint now;              // DTSTAMP
  std::string uid_domain = "hypercare";  // UIDs are <start>-<slot>-<member>@<uid_domain>
};

// "smart-dairy.hypercare" for the team "Smart Dairy": keeps two teams' UIDs apart.
std::string uid_domain_for(std::string_view team_name);

std::string to_ical(const std::vector<Shift>& shifts, const ExportContext& ctx);
std::string to_csv(const std::vector<Shift>& shifts, const config::RotaConfig& rota);
nlohmann::json shift_json(const Shift& s, const config::RotaConfig& rota);
nlohmann::json person_json(const config::Person* p);

// RFC 5545 helpers, exposed for tests.
std::string ical_escape(std::string_view text);
std::string ical_fold(std::string_view line);  // CRLF-terminated, folded at 75 octets

}  // namespace hypercare::rota
