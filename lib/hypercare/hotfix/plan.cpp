#include "hypercare/hotfix/plan.hpp"

#include <algorithm>

namespace hypercare::hotfix {

namespace {

using config::HotfixStep;

PlannedStep planned(const config::ComponentSpec& spec, HotfixStep step, const std::string& command, int index,
                    const char* phase) {
  return PlannedStep{std::string(config::hotfix_step_name(step)), index, phase, command, spec.timeout_of(step), 1};
}

void add_rollback(const config::ComponentSpec& spec, std::vector<PlannedStep>& out) {
  out.push_back(planned(spec, HotfixStep::rollback, spec.rollback, 1, "rollback"));
  if (!spec.wait.empty()) out.push_back(planned(spec, HotfixStep::wait, spec.wait, 1, "rollback"));
}

}  // namespace

store::Env step_env(const config::ComponentSpec& spec, const std::filesystem::path& ops_dir, const store::Env& inherited,
                    const Values& v) {
  store::Env env;
  for (const auto& [k, value] : spec.env) env[k] = value;
  for (const auto& [k, value] : inherited) env[k] = value;
  if (!spec.path.empty()) {
    std::string path;
    for (const auto& dir : spec.path) {
      std::filesystem::path p(dir);
      path += (p.is_absolute() ? p : ops_dir / p).string() + ":";
    }
    auto it = env.find("PATH");
    env["PATH"] = path + (it != env.end() ? it->second : std::string("/usr/local/bin:/usr/bin:/bin"));
  }
  env["HYPERCARE_TAG"] = v.tag;
  env["HYPERCARE_COMPONENT"] = v.component;
  env["HYPERCARE_HOTFIX_ID"] = v.hotfix_id;
  env["HYPERCARE_INCIDENT"] = v.incident;
  env["HYPERCARE_INCIDENT_TITLE"] = v.incident_title;
  env["HYPERCARE_ACTOR"] = v.actor;
  env["HYPERCARE_PREVIOUS"] = v.previous;
  return env;
}

std::vector<PlannedStep> deploy_plan(const config::ComponentSpec& spec) {
  std::vector<PlannedStep> out;
  for (std::size_t i = 0; i < spec.precheck.size(); ++i)
    out.push_back(planned(spec, HotfixStep::precheck, spec.precheck[i], int(i + 1), "deploy"));
  if (!spec.current.empty()) out.push_back(planned(spec, HotfixStep::current, spec.current, 1, "deploy"));
  out.push_back(planned(spec, HotfixStep::deploy, spec.deploy, 1, "deploy"));
  if (!spec.wait.empty()) out.push_back(planned(spec, HotfixStep::wait, spec.wait, 1, "deploy"));
  if (spec.settle.count() > 0)
    out.push_back(PlannedStep{"settle", 1, "deploy", std::nullopt, spec.settle, 1});
  for (std::size_t i = 0; i < spec.smoke.size(); ++i) {
    auto s = planned(spec, HotfixStep::smoke, spec.smoke[i], int(i + 1), "deploy");
    s.attempts = 1 + spec.smoke_retries;
    out.push_back(std::move(s));
  }
  add_rollback(spec, out);
  return out;
}

std::vector<PlannedStep> rollback_plan(const config::ComponentSpec& spec) {
  std::vector<PlannedStep> out;
  add_rollback(spec, out);
  return out;
}

std::chrono::milliseconds longest_run(const std::vector<PlannedStep>& plan) {
  std::chrono::milliseconds total{0};
  for (const auto& s : plan) total += s.timeout * std::max(1, s.attempts);
  return total;
}

}  // namespace hypercare::hotfix
