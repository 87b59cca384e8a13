#include "hypercare/report/inputs.hpp"

#include <algorithm>

#include "hypercare/handover/repository.hpp"
#include "hypercare/hotfix/repository.hpp"

namespace hypercare::report {

core::Result<std::vector<HotfixRow>> load_hotfixes(const std::filesystem::path& ops, core::TimePoint from,
                                                   core::TimePoint to, core::TimePoint before, const core::WarningSink& warn) {
  hotfix::Repository repo(ops, warn);
  hotfix::Repository::Filter filter;
  filter.since = from;
  filter.until = std::min(to, before);
  std::vector<HotfixRow> rows;
  for (const auto& h : HC_TRY(repo.list(filter))) {
    if (h.started_at >= before) continue;
    HotfixRow row{h.id, h.tag, h.component, std::string(hotfix::status_name(h.status)), h.started_at, h.finished_at,
                  h.incident.value_or(""), {}, {}};
    if (row.finished_at && *row.finished_at >= before) {
      row.status = "running";
      row.finished_at.reset();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

core::Result<std::vector<HandoverRow>> load_handovers(const std::filesystem::path& ops, core::TimePoint from,
                                                      core::TimePoint to, core::TimePoint before, const core::WarningSink& warn) {
  handover::Repository repo(ops, warn);
  std::vector<HandoverRow> rows;
  for (const auto& h : HC_TRY(repo.list())) {
    if (h.created_at < from || h.created_at >= to || h.created_at >= before) continue;
    const auto* a = h.first_acceptance();
    std::optional<core::TimePoint> accepted;
    if (a && a->at < before) accepted = a->at;
    rows.push_back({h.id, h.from, h.to, h.created_at, accepted});
  }
  return rows;
}

}  // namespace hypercare::report
