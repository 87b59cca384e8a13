// Rendering the rota for people: the days × slots table and the on-call summary.
#pragma once

#include <string>
#include <vector>

#include "hypercare/rota/on_call.hpp"
#include "hypercare/render/style.hpp"

namespace hypercare::cli {

std::string person_label(const config::Person* p);
// The seed's table: one row per day, one column per slot; overrides marked with '*', swaps '~'.
std::string rota_table(const rota::Schedule& schedule, const std::vector<rota::Shift>& shifts, rota::Day from,
                       int days, core::TimePoint now, const std::string& member, const render::Style& style);
// Times in `zone` (the rota's, or --tz).
std::string on_call_text(const rota::OnCall& oc, const rota::Schedule& schedule, config::Priority priority,
                         core::TimePoint now, core::Zone zone, const render::Style& style);

}  // namespace hypercare::cli
