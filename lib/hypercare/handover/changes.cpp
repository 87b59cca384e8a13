#include "hypercare/handover/changes.hpp"

#include <map>

#include "hypercare/hotfix/repository.hpp"

namespace hypercare::handover {

namespace {

using nlohmann::json;

bool in(TimePoint t, TimePoint since, TimePoint until) { return since <= t && t < until; }

json incident_entry(const incident::Incident& inc, TimePoint at) {
  return {{"id", inc.id}, {"priority", config::priority_name(inc.priority)}, {"title", inc.title},
          {"at", core::format_rfc3339(at)}, {"status", incident::state_name(inc.status)}};
}

bool red(health::Status s) { return s == health::Status::fail || s == health::Status::error; }

void by_time(json& list) {
  std::stable_sort(list.begin(), list.end(), [](const json& a, const json& b) { return a["at"] < b["at"]; });
}

}  // namespace

json incident_changes(const std::vector<incident::Incident>& all, TimePoint since, TimePoint until) {
  json opened = json::array(), resolved = json::array(), escalated = json::array();
  for (const auto& inc : all) {
    if (in(inc.created_at, since, until)) opened.push_back(incident_entry(inc, inc.created_at));
    if (inc.resolved_at && !inc.is_open() && in(*inc.resolved_at, since, until))
      resolved.push_back(incident_entry(inc, *inc.resolved_at));
    if (inc.escalated_at && in(*inc.escalated_at, since, until)) {
      auto e = incident_entry(inc, *inc.escalated_at);
      e["level"] = inc.escalation_level;
      e["assignee"] = inc.assignee;
      escalated.push_back(std::move(e));
    }
  }
  for (auto* list : {&opened, &resolved, &escalated}) by_time(*list);
  return {{"incidents_opened", opened}, {"incidents_resolved", resolved}, {"incidents_escalated", escalated}};
}

json check_changes(const std::vector<health::Recorded>& results, TimePoint since, TimePoint until) {
  json went_red = json::array(), recovered = json::array();
  std::map<std::string, health::Status> last;  // per check, the status before the one at hand
  for (const auto& r : results) {
    if (r.at >= until) break;
    auto before = last.find(r.check);
    bool was_red = before != last.end() && red(before->second);
    if (r.at >= since) {
      json e = {{"check", r.check}, {"service", r.service}, {"status", health::status_name(r.status)},
                {"at", core::format_rfc3339(r.at)}, {"message", r.message}};
      if (red(r.status) && !was_red) went_red.push_back(std::move(e));
      else if (!red(r.status) && was_red) recovered.push_back(std::move(e));
    }
    last[r.check] = r.status;
  }
  return {{"checks_red", went_red}, {"checks_recovered", recovered}};
}

core::Result<json> shift_changes(const Sources& src, const std::vector<incident::Incident>& all, TimePoint since,
                                 TimePoint until) {
  json out = incident_changes(all, since, until);
  // A day before `since` tells which checks were already red when the shift began.
  auto results = HC_TRY(health::read_results(src.ops, since - std::chrono::days(1), until + core::Seconds(1), src.warn));
  std::stable_sort(results.begin(), results.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  json checks = check_changes(results, since, until);
  out["checks_red"] = std::move(checks["checks_red"]);
  out["checks_recovered"] = std::move(checks["checks_recovered"]);

  json hotfixes = json::array();
  hotfix::Repository repo(src.ops, src.warn);
  // A deployment that finishes in the shift may have started the day before.
  for (const auto& h : HC_TRY(repo.list({.since = since - std::chrono::days(1), .until = until, .component = {}}))) {
    TimePoint at = h.finished_at.value_or(h.started_at);
    if (!in(at, since, until)) continue;
    hotfixes.push_back({{"id", h.id}, {"component", h.component}, {"tag", h.tag}, {"status", hotfix::status_name(h.status)},
                        {"at", core::format_rfc3339(at)}, {"previous", h.previous ? json(*h.previous) : json(nullptr)},
                        {"message", h.message}});
  }
  by_time(hotfixes);
  out["hotfixes"] = std::move(hotfixes);
  return out;
}

}  // namespace hypercare::handover
