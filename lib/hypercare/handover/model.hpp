// A shift handover as folded from its event log (handovers/YYYY-MM/HO-YYYYMMDD-XXXX.jsonl): who
// hands over to whom, what the document showed when it was written, what the people added, and
// the incoming engineer's sign-off.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hypercare/core/time.hpp"

namespace hypercare::handover {

using core::TimePoint;

// The seed's confirmation checklist (§3 "Shift Handover Template"), by the short names that
// `handover accept --confirm` takes.
struct ChecklistItem {
  std::string_view name;
  std::string_view label;
};
inline constexpr std::array<ChecklistItem, 4> k_checklist = {{
    {"dashboards", "Monitoring dashboards reviewed"},
    {"tickets", "Open tickets reviewed"},
    {"contacts", "Escalation contacts confirmed"},
    {"access", "Access verified"},
}};
// A checklist name, case-insensitive; nullopt when there is none.
std::optional<std::string_view> checklist_name(std::string_view text);

struct Scheduled {
  TimePoint at;
  std::string activity;
};

// Free text a person wrote under a heading of the document (with --edit).
struct Section {
  std::string heading;
  std::string text;
};

struct Acceptance {
  TimePoint at;
  std::string by;
  bool as_other = false;  // accepted on behalf of the addressee (with --as)
  std::vector<std::string> confirmed;
};

struct Handover {
  std::string id;
  std::string origin;  // id of the `created` event
  std::string from, to;
  TimePoint created_at{};
  std::string created_by;
  TimePoint shift_start{}, shift_end{};
  std::vector<std::string> notes, watch;
  std::vector<Scheduled> scheduled;
  std::vector<Section> sections;
  nlohmann::json snapshot;  // what the document showed, as computed when it was written
  std::vector<Acceptance> acceptances;
  std::string replaces;       // the draft this one superseded (`handover new --replace`)
  std::string superseded_by;  // set by Repository::list(): a later handover replaced this draft

  std::size_t duplicate_creations = 0;
  bool torn_tail = false;

  bool accepted() const { return !acceptances.empty(); }
  const Acceptance* first_acceptance() const { return acceptances.empty() ? nullptr : &acceptances.front(); }
  // Checklist names confirmed by any acceptance, in checklist order.
  std::vector<std::string> confirmed() const;
  std::vector<std::string> unconfirmed() const;
};

namespace event {
inline constexpr std::string_view created = "created";
inline constexpr std::string_view accepted = "accepted";
}  // namespace event

}  // namespace hypercare::handover
