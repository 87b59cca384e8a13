// [bau] of hypercare.toml: the support model after hypercare (seed §3 Day 730, "BAU Support
// Transition"): tiers and hours, escalation path, alert routing, dashboards, contacts, sign-off.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hypercare/config/toml_reader.hpp"

namespace hypercare::config {

struct SupportTier {
  std::string name, team, scope, response, hours;
};

struct AlertRoute {
  std::string severity, route_to, response;
};

struct Dashboard {
  std::string name, url;
};

struct Contact {
  std::string role, name, email, phone;
};

// Where the knowledge lives after hypercare (seed: "Documentation Locations"); empty: not set.
struct Documentation {
  std::string technical, runbooks, faq, training;
};

// Ongoing maintenance (seed: "Scheduled Maintenance" and "Backup Verification"); empty: not set.
struct Maintenance {
  std::vector<std::string> weekly, monthly, quarterly;
  std::string daily_backup_check, restore_test;  // [bau.backup] daily_check, restore_test (monthly)
};

struct BauConfig {
  std::vector<SupportTier> tiers;
  std::vector<std::string> escalation_path;  // e.g. L1, L2, L3, Vendor
  std::vector<AlertRoute> alert_routing;
  std::vector<Dashboard> dashboards;
  std::vector<Contact> contacts;
  std::vector<std::string> signoff;  // roles that sign the transition; default: the seed's four
  Documentation documentation;       // [bau.documentation]
  Maintenance maintenance;           // [bau.maintenance] and [bau.backup]
  std::string runbooks = "runbooks";  // directory inside the ops dir holding the runbooks
  bool configured = false;            // hypercare.toml has a [bau] table

  static std::vector<std::string> default_signoff();
};

core::Result<BauConfig> parse_bau_config(const TomlFile& file);
core::Result<BauConfig> load_bau_config(const std::filesystem::path& ops_dir);

}  // namespace hypercare::config
