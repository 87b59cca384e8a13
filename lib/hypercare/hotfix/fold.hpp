// A hotfix's state from its events: sorted by (seq, ts, id), de-duplicated, applied in order.
#pragma once

#include <filesystem>

#include "hypercare/hotfix/model.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::hotfix {

// Events that are not objects with v/id/ts/type, a file without a `created` event, or fields of
// the wrong type are ErrorKind::data naming path:line. Unknown event types are skipped.
core::Result<Hotfix> fold(const store::JsonlFile& file, const std::filesystem::path& path);

}  // namespace hypercare::hotfix
