// A handover's state from its events: sorted by (seq, ts, id), de-duplicated, applied in order.
#pragma once

#include <filesystem>

#include "hypercare/handover/model.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::handover {

// Events that are not objects with v/id/ts/type, a file without a `created` event, or fields of
// the wrong type are ErrorKind::data naming path:line. Unknown event types are skipped.
core::Result<Handover> fold(const store::JsonlFile& file, const std::filesystem::path& path);

}  // namespace hypercare::handover
