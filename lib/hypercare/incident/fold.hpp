// State from events: the record's events in causal order (store/causal.hpp), applied with the
// merge rules that keep a state internally consistent when two clones changed it concurrently
// (README "Merge rules", hypercare(1)).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/incident/model.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::incident {

struct FoldOptions {
  bool timeline = true;
  // The record as it stood at this time: events stamped at or after it are left out (a report
  // for a closed period). The caller checks that the incident was created before it.
  std::optional<core::TimePoint> before;
};

// Folds one incident file. Events that are not objects with v/id/ts/type, or a file without a
// `created` event, are ErrorKind::data naming path:line.
core::Result<Incident> fold(const store::JsonlFile& file, const std::filesystem::path& path,
                            FoldOptions options = {});

}  // namespace hypercare::incident
