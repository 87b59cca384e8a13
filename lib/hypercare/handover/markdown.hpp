// The handover document in Markdown, in the seed's section order (§3 "Shift Handover Template"),
// rendered from the stored snapshot and the people's text — so the same log always gives the
// same document, whenever it is rendered.
#pragma once

#include <string>
#include <string_view>

#include "hypercare/core/time.hpp"
#include "hypercare/handover/model.hpp"

namespace hypercare::handover {

// The level-3 headings of the document, in order. The free-text ones are read back from --edit.
namespace heading {
inline constexpr std::string_view status = "Current System Status";
inline constexpr std::string_view incidents = "Active Incidents";
inline constexpr std::string_view pending = "Pending";
inline constexpr std::string_view changes = "What Changed During the Shift";
inline constexpr std::string_view watch = "Issues to Monitor";
inline constexpr std::string_view scheduled = "Scheduled Activities";
inline constexpr std::string_view notes = "Notes for Next Shift";
inline constexpr std::string_view confirmation = "Handover Confirmation";
}  // namespace heading

// What an empty free-text section shows.
inline constexpr std::string_view k_none = "_None._";

// Times are shown in `zone`; relative hints ("5m ago") are relative to when it was written. A
// handover without an id is a draft (for --edit).
std::string render_markdown(const Handover& h, core::Zone zone);

// "2026-11-28 02:00 IST": how a scheduled time is written (and read back by parse_scheduled).
std::string format_scheduled_time(TimePoint t, core::Zone zone);

}  // namespace hypercare::handover
