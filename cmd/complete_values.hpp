// The values a flag or argument can take, for `hypercare __complete`: fixed sets (priorities,
// statuses, formats) and what the ops dir holds (incident ids, people, checks, channels…).
#pragma once

#include <string>
#include <vector>

#include "invocation.hpp"

namespace hypercare::cli {

struct Candidate {
  std::string value;
  std::string description;  // shown by zsh and fish; empty: none
};

// What the shell should do beside offering candidates.
enum class Fallback { none, files, dirs };

enum class Values {
  text,  // free text (a title, a message, a time): nothing to offer
  files,
  dirs,
  fixed,  // the rule's own list
  priorities,
  durations,  // "90" → 90s 90m 90h 90d
  zones,
  people,  // members, the lead, and "me"
  incidents_open,
  incidents_resolved,
  incidents_all,
  incident_tags,
  components,         // of incidents, hotfix.toml and the checks' services
  hotfix_components,  // hotfix.toml only
  checks,
  check_tags,
  channels,
  heartbeats,
  hotfixes,
  handovers,  // and "latest"
  rota_changes,  // overrides and swaps not cancelled
  windows,       // maintenance windows not over
  outbox,        // notifications waiting or dead-lettered
  kickoff_items,  // [kickoff] items, the ones not confirmed yet first
};

// The candidates for `values`, read from the ops dir. Never fails and never prints: an ops dir
// that cannot be found or read offers nothing.
std::vector<Candidate> values_from_ops(Invocation& inv, Values values, std::string_view typed);

}  // namespace hypercare::cli
