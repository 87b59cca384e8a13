// [kickoff] of hypercare.toml: the go-live checklist items a person confirms (seed §3 Day 726,
// "Hypercare Kickoff Checklist"): what hypercare cannot verify itself, such as the war room or VPN
// access. What it can verify (channels, rota, alert rules, checks, runbooks, escalation, watcher)
// is not listed here: `hypercare kickoff` checks those on its own (kickoff/readiness.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hypercare/config/toml_reader.hpp"

namespace hypercare::config {

struct KickoffItem {
  std::string id;    // what `hypercare kickoff confirm ID` names: lowercase letters, digits, '-'
  std::string text;  // what is to be confirmed, as the checklist says it
};

struct KickoffConfig {
  std::vector<KickoffItem> items;  // in the file's order
  const KickoffItem* find(std::string_view id) const;
};

// `[kickoff] items = [{ id = "war-room", text = "War room established" }, ...]`. Ids are unique
// and none is the name of an item hypercare verifies itself (`reserved`).
core::Result<KickoffConfig> parse_kickoff_config(const TomlFile& file, const std::vector<std::string>& reserved);
core::Result<KickoffConfig> load_kickoff_config(const std::filesystem::path& ops_dir, const std::vector<std::string>& reserved);

}  // namespace hypercare::config
