// Reading back a draft that a person edited (`handover new --edit`): the free-text sections
// (issues to monitor, scheduled activities, notes), lines added under the generated sections,
// and sections under headings of their own. Generated lines come from the data, not the file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hypercare/handover/model.hpp"

namespace hypercare::handover {

struct Edited {
  std::vector<std::string> watch, notes;
  std::vector<std::string> scheduled;  // as written: "2026-11-28 02:00 IST: DB backup check"
  std::vector<Section> sections;
};

// A comment at the top of a draft saying how to edit it; comments are dropped when read back.
std::string draft_preamble();

Edited read_edited(std::string_view draft, std::string_view edited);

}  // namespace hypercare::handover
