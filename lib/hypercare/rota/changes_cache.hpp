// A derived, binary copy of the folded rota/changes.jsonl in .hypercare/cache/, valid while the
// file's size, mtime and inode are unchanged (one stat: appends in place are seen too). Readers
// use it; writers fold the file itself under the lock.
#pragma once

#include <filesystem>

#include "hypercare/rota/changes.hpp"

namespace hypercare::rota {

// The folded changes without their raw lines (`file` is empty).
core::Result<Changes> read_changes(const std::filesystem::path& ops_dir, const core::WarningSink& warn,
                                   bool use_cache = true);

}  // namespace hypercare::rota
