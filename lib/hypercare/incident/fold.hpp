// State from events: sort by (ts, id), de-duplicate by id, apply last-writer-wins.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hypercare/incident/model.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::incident {

struct FoldOptions {
  bool timeline = true;
};

// Folds one incident file. Events that are not objects with v/id/ts/type, or a file without a
// `created` event, are ErrorKind::data naming path:line.
core::Result<Incident> fold(const store::JsonlFile& file, const std::filesystem::path& path,
                            FoldOptions options = {});

// The events of a file in fold order (sorted, de-duplicated), with their line numbers.
core::Result<std::vector<const store::JsonlLine*>> ordered_events(const store::JsonlFile& file,
                                                                  const std::filesystem::path& path);

}  // namespace hypercare::incident
