#include "hypercare/report/inputs.hpp"

#include "hypercare/handover/repository.hpp"
#include "hypercare/hotfix/repository.hpp"

namespace hypercare::report {

core::Result<std::vector<HotfixRow>> load_hotfixes(const std::filesystem::path& ops, core::TimePoint from,
                                                   core::TimePoint to, const core::WarningSink& warn) {
  hotfix::Repository repo(ops, warn);
  hotfix::Repository::Filter filter;
  filter.since = from;
  filter.until = to;
  std::vector<HotfixRow> rows;
  for (const auto& h : HC_TRY(repo.list(filter)))
    rows.push_back({h.id, h.tag, h.component, std::string(hotfix::status_name(h.status)), h.started_at, h.finished_at,
                    h.incident.value_or("")});
  return rows;
}

core::Result<std::vector<HandoverRow>> load_handovers(const std::filesystem::path& ops, core::TimePoint from,
                                                      core::TimePoint to, const core::WarningSink& warn) {
  handover::Repository repo(ops, warn);
  std::vector<HandoverRow> rows;
  for (const auto& h : HC_TRY(repo.list())) {
    if (h.created_at < from || h.created_at >= to) continue;
    const auto* a = h.first_acceptance();
    rows.push_back({h.id, h.from, h.to, h.created_at, a ? std::optional<core::TimePoint>(a->at) : std::nullopt});
  }
  return rows;
}

}  // namespace hypercare::report
