// The derived index of incident summaries in .hypercare/cache/, refreshed per month directory
// whenever a directory's mtime moved (git checkouts, new files and hypercare's own appends all
// move it). It can be deleted at any time; it never changes what is shown.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/incident/model.hpp"

namespace hypercare::incident {

struct IndexOptions {
  bool use_cache = true;  // false: fold every file (HYPERCARE_CACHE=off, doctor)
  bool open_only = false;  // decode only unresolved incidents
};

// Folds `path` without its timeline; used for files whose cached summary is stale.
using SummaryLoader = std::function<core::Result<Incident>(const std::filesystem::path& path)>;

// Every incident's summary (no timeline), sorted by id.
core::Result<std::vector<Incident>> load_summaries(const std::filesystem::path& ops_dir,
                                                   IndexOptions options, const core::WarningSink& warn);

}  // namespace hypercare::incident
