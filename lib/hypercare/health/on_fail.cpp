#include "hypercare/health/on_fail.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/health/uptime.hpp"
#include "hypercare/maintenance/window.hpp"

namespace hypercare::health {

namespace {

bool failed(Status s) { return s == Status::fail || s == Status::error; }

const config::CheckSpec* spec_of(const config::ChecksConfig& cfg, const std::string& result_name) {
  for (const auto& c : cfg.checks)
    if (c.name == result_name || result_name.starts_with(c.name + "/")) return &c;
  return nullptr;
}

}  // namespace

core::Result<std::vector<OnFailAction>> apply_on_fail(const Run& run, const config::ChecksConfig& cfg,
                                                      const incident::ServiceContext& ctx) {
  std::vector<OnFailAction> actions;
  bool any = std::any_of(run.checks.begin(), run.checks.end(), [&](const CheckResult& r) {
    const auto* spec = spec_of(cfg, r.name);
    return spec && spec->on_fail;
  });
  if (!any) return actions;
  auto history = HC_TRY(read_results(ctx.write.ops_dir, run.at - std::chrono::days(7), run.at + core::Seconds(1),
                                     ctx.write.warn));
  auto open = HC_TRY(ctx.repo.summaries(true));
  auto windows = HC_TRY(maintenance::load_windows(ctx.write.ops_dir, ctx.write.warn));
  for (const auto& r : run.checks) {
    const auto* spec = spec_of(cfg, r.name);
    if (!spec || !spec->on_fail) continue;
    std::string tag = "check:" + r.name;
    auto existing = std::find_if(open.begin(), open.end(), [&](const incident::Incident& inc) {
      return std::find(inc.tags.begin(), inc.tags.end(), tag) != inc.tags.end();
    });
    // This check's results, newest last (the run itself is recorded already).
    std::vector<Status> mine;
    for (const auto& h : history)
      if (h.check == r.name) mine.push_back(h.status);
    if (failed(r.status)) {
      int streak = 0;
      for (auto it = mine.rbegin(); it != mine.rend() && failed(*it); ++it) ++streak;
      if (existing != open.end()) {
        // Its incident is still open (perhaps noted as recovered): say it broke again, once.
        if (streak == 1 && mine.size() >= 2) {
          HC_TRY(incident::add_note(ctx, existing->id,
                                    fmt::format("failing again: {} ({}) in run {}", r.name, r.message, run.run_id)));
          actions.push_back({r.name, existing->id, OnFailAction::Kind::failing_again});
        }
        continue;
      }
      if (streak < spec->on_fail->after) continue;
      incident::NewIncident n;
      n.title = fmt::format("Health check {} failing: {}", r.name, r.message).substr(0, 200);
      std::replace(n.title.begin(), n.title.end(), '\n', ' ');
      n.priority = spec->on_fail->priority;
      n.component = r.service;
      n.impact = fmt::format("{} failed {} times in a row", r.name, streak);
      n.description = fmt::format("Opened by hypercare health-check run {} (on_fail after {}).\nLast result: {} — {}",
                                  run.run_id, spec->on_fail->after, status_name(r.status), r.message);
      n.tags = {"health-check", tag};
      if (const auto* w = maintenance::covering(windows, n.component, ctx.now)) {
        n.maintenance = w->id;
        n.tags.push_back("maintenance");
      }
      auto inc = HC_TRY(incident::create(ctx, n));
      actions.push_back({r.name, inc.id, OnFailAction::Kind::opened});
    } else if (existing != open.end() && mine.size() >= 2 && failed(mine[mine.size() - 2])) {
      HC_TRY(incident::add_note(ctx, existing->id,
                                fmt::format("recovered: {} passes again ({}) in run {}", r.name, r.message, run.run_id)));
      actions.push_back({r.name, existing->id, OnFailAction::Kind::recovered});
    }
  }
  return actions;
}

}  // namespace hypercare::health
