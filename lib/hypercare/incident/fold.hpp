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

// fold() of a file's bytes read without a JSON tree (store/flat_record.hpp), `text` left as it
// is: the same Incident fold() gives. nullopt when anything needs the full reader — a line of
// another shape, a line cut short, one event id twice, a split record, an error to name — for the
// caller to fold the file with read_jsonl and fold().
std::optional<Incident> fold_flat(std::string_view text, const std::filesystem::path& path, FoldOptions options = {});

}  // namespace hypercare::incident
