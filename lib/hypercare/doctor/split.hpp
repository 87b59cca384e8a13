// Giving each incident that two clones created offline under one id an id of its own.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hypercare/store/jsonl.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::doctor {

struct Split {
  std::string from, to;
};

// The first incident (in fold order) keeps the file; every other one gets a file of its own whose
// id and content derive from its `created` event (incident::split_id), and the old file gets a
// `split` event saying where it went. Nothing is removed and nothing random is drawn, so two
// clones that run this independently write identical files, and events a clone still appends to
// the old id are routed to the incident they belong to (incident/record_file.hpp).
core::Result<std::vector<Split>> split_duplicates(store::WriteSession& session, const std::filesystem::path& ops,
                                                  const std::filesystem::path& file, const store::JsonlFile& parsed);

}  // namespace hypercare::doctor
