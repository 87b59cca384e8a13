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

struct BauConfig {
  std::vector<SupportTier> tiers;
  std::vector<std::string> escalation_path;  // e.g. L1, L2, L3, Vendor
  std::vector<AlertRoute> alert_routing;
  std::vector<Dashboard> dashboards;
  std::vector<Contact> contacts;
  std::vector<std::string> signoff;  // roles that sign the transition; default: the seed's four
  std::string runbooks = "runbooks";  // directory inside the ops dir holding the runbooks
  bool configured = false;            // hypercare.toml has a [bau] table

  static std::vector<std::string> default_signoff();
};

core::Result<BauConfig> parse_bau_config(const TomlFile& file);
core::Result<BauConfig> load_bau_config(const std::filesystem::path& ops_dir);

}  // namespace hypercare::config
