// Records the reports read that other parts of hypercare own: hotfix deployments and shift
// handovers, as plain rows. Each kind has one small loader; the reports never read those files
// themselves.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/core/context.hpp"

namespace hypercare::report {

// One deployment (hotfixes/YYYY-MM/HF-YYYYMMDD-XXXX.jsonl): `created` {tag, component, incident},
// then steps, then `finished` {status}.
struct HotfixRow {
  std::string id, tag, component;
  std::string status;  // running | succeeded | rolled_back | failed | aborted | interrupted
  core::TimePoint started_at{};
  std::optional<core::TimePoint> finished_at;
  std::string incident;  // may be empty
  std::string issue, resolution;  // the linked incident's title and resolution (report::detail::link_hotfixes)
};

// One shift handover (handovers/YYYY-MM/HO-....jsonl): `created` {from, to}, `accepted` {by, confirmed}.
struct HandoverRow {
  std::string id, from, to;
  core::TimePoint created_at{};
  std::optional<core::TimePoint> accepted_at;
};

// The hotfixes started in [from, to), oldest first (hotfix::Repository), as they stood just
// before `before`: one that finished later is still running.
core::Result<std::vector<HotfixRow>> load_hotfixes(const std::filesystem::path& ops_dir, core::TimePoint from,
                                                   core::TimePoint to, core::TimePoint before, const core::WarningSink& warn);
// The handovers created in [from, to), oldest first (handover::Repository), as they stood just
// before `before`: one accepted later is not accepted yet.
core::Result<std::vector<HandoverRow>> load_handovers(const std::filesystem::path& ops_dir, core::TimePoint from,
                                                      core::TimePoint to, core::TimePoint before, const core::WarningSink& warn);

}  // namespace hypercare::report
