// Rendering hotfixes for people: the report after a deploy or rollback, the plan of a dry run,
// the list, the detail view with its timeline, and the banner of a failed rollback.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/hotfix/lock.hpp"
#include "hypercare/hotfix/plan.hpp"
#include "hypercare/hotfix/service.hpp"
#include "hypercare/render/style.hpp"
#include "hypercare/render/table.hpp"

namespace hypercare::cli {

struct HotfixView {
  core::Zone zone;
  core::TimePoint now;
  render::Style style;
};

// "850ms", "12.4s", "3m05s".
std::string human_ms(long long ms);
// A word as the shell would need it typed ('quoted' when it has to be).
std::string shell_word(std::string_view s);
// "smoke #2, attempt 3", "wait (rollback)"; the number only when `h` has several of the kind.
std::string step_label(const hotfix::StepRecord& s, const hotfix::Hotfix& h);
// "running", "running (stale?)", "running on HOST", "succeeded", ...
std::string status_text(const hotfix::Hotfix& h, std::optional<hotfix::Process> process);
std::string status_cell(const hotfix::Hotfix& h, std::optional<hotfix::Process> process, const render::Style& s);

// After `deploy` or `rollback`: the headline, the steps, the output of what failed, what to do next.
std::string outcome_report(const hotfix::Outcome& o, bool manual_rollback, const HotfixView& v);
// The loud block on stderr when a rollback failed.
std::string failed_banner(const hotfix::Outcome& o);

struct PlanView {
  std::string title;  // "hotfix deploy 1.2.3 odoo"
  std::vector<hotfix::PlannedStep> steps;
  std::vector<std::pair<std::string, std::string>> env;  // what the steps get on top of the caller's environment
  std::filesystem::path cwd;
  std::optional<hotfix::Holder> busy;  // who deploys this component right now
};
std::string plan_text(const PlanView& p, const config::ComponentSpec& spec, const HotfixView& v);

render::Table list_header();
void add_list_row(render::Table& t, const hotfix::Hotfix& h, std::optional<hotfix::Process> process, const HotfixView& v);

// `hotfix show`: fields, the timeline of steps with durations, and the output of failed steps
// (of every step with `all_output`).
std::string detail(const hotfix::Hotfix& h, std::optional<hotfix::Process> process, bool all_output, const HotfixView& v);

}  // namespace hypercare::cli
