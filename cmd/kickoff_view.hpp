// The readiness of the kickoff as this invocation sees it (shared by `kickoff` and `status`).
#pragma once

#include "hypercare/kickoff/readiness.hpp"
#include "invocation.hpp"

namespace hypercare::cli {

// `promtool`: also run promtool over the rule files (slower; `status` leaves it out). `latest`:
// the latest health results when the caller has read them already.
core::Result<kickoff::Readiness> assess_kickoff(Invocation& inv, bool promtool, const std::optional<health::Run>* latest = nullptr);

}  // namespace hypercare::cli
