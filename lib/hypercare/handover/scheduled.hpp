// `--scheduled "TIME ACTIVITY"`: a time in the team zone and what happens then.
#pragma once

#include <string_view>

#include "hypercare/handover/model.hpp"

namespace hypercare::handover {

// TIME is "HH:MM" (its next occurrence after `now`), "YYYY-MM-DD HH:MM", "YYYY-MM-DDTHH:MM" or
// RFC 3339, optionally followed by the zone's abbreviation ("IST") and a ':' or '-'. Anything
// else, or no activity, is ErrorKind::usage.
core::Result<Scheduled> parse_scheduled(std::string_view text, core::Zone zone, TimePoint now);

}  // namespace hypercare::handover
