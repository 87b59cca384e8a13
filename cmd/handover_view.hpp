// Rendering handovers for people: what `new` and `accept` say, and the `list` table.
#pragma once

#include <string>
#include <vector>

#include "hypercare/handover/model.hpp"
#include "hypercare/render/style.hpp"

namespace hypercare::cli {

std::string created_summary(const handover::Handover& h, core::Zone zone, const render::Style& s);
std::string accepted_summary(const handover::Handover& h, bool changed, const std::vector<std::string>& newly,
                             core::Zone zone, const render::Style& s);
std::string handover_table(const std::vector<const handover::Handover*>& newest_first, core::Zone zone, core::TimePoint now,
                           const render::Style& s);

}  // namespace hypercare::cli
