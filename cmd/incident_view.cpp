#include "incident_view.hpp"

#include <fmt/format.h>

#include "hypercare/render/table.hpp"

namespace hypercare::cli {

using incident::Incident;
using incident::State;

std::string priority_cell(config::Priority p, const render::Style& s) {
  auto name = std::string(config::priority_name(p));
  switch (p) {
    case config::Priority::P1: return s.bold(s.red(name));
    case config::Priority::P2: return s.red(name);
    case config::Priority::P3: return s.yellow(name);
    default: return name;
  }
}

std::string when(core::TimePoint t, const ViewContext& v) {
  bool today = core::local_day(t, v.zone) == core::local_day(v.now, v.zone);
  return core::format_local(t, v.zone, today ? "%H:%M %Z" : "%F %H:%M %Z");
}

std::string sla_phrase(const Incident& inc, const incident::Sla& sla, const ViewContext& v) {
  const auto& s = v.style;
  auto clock = incident::sla_clock(inc, sla, v.now);
  switch (clock.tone) {
    case incident::SlaClock::Tone::bad: return s.red(clock.text);
    case incident::SlaClock::Tone::soon: return s.yellow(clock.text);
    case incident::SlaClock::Tone::good: return s.green(clock.text);
    default: return clock.text;
  }
}

render::Table incident_table_header(const ViewContext& v) {
  render::Table t({"ID", "PRI", "STATUS", "AGE", "SLA", "ASSIGNEE", "COMPONENT", "TITLE"});
  t.fit(v.width, 7, {6, 3, 5});  // the title gives way first, then component, age, assignee go
  return t;
}

void add_incident_row(render::Table& t, const Incident& inc, const ViewContext& v) {
  auto sla = incident::compute_sla(inc, v.config, v.now);
  std::string title = render::one_line(inc.title);
  t.cell(inc.id);
  t.cell(priority_cell(inc.priority, v.style));
  t.cell(incident::state_name(inc.status));
  t.cell(core::format_duration(v.now - inc.created_at));
  t.cell(sla_phrase(inc, sla, v));
  t.cell(inc.assignee.empty() ? v.style.dim("-") : render::one_line(inc.assignee));
  t.cell(inc.component.empty() ? v.style.dim("-") : render::one_line(inc.component));
  t.cell(title);
  t.end_row();
}

std::string incident_detail(const Incident& inc, const ViewContext& v) {
  const auto& s = v.style;
  auto sla = incident::compute_sla(inc, v.config, v.now);
  const auto& level = v.config.level(inc.priority);
  std::string out = fmt::format("{}  {}\n", s.bold(inc.id), s.bold(render::one_line(inc.title)));
  auto field = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) out += fmt::format("  {:<13}{}\n", name, value);
  };
  field("priority", fmt::format("{} {}", priority_cell(inc.priority, s), level.label));
  field("status", std::string(incident::state_name(inc.status)));
  field("assignee", inc.assignee.empty() ? s.dim("nobody") : inc.assignee);
  field("component", inc.component);
  field("impact", inc.impact);
  if (!inc.tags.empty()) field("tags", fmt::format("{}", fmt::join(inc.tags, ", ")));
  field("created", fmt::format("{} ({}) by {}", when(inc.created_at, v), core::relative(inc.created_at, v.now),
                               inc.created_by));
  if (inc.acknowledged_at)
    field("acknowledged", fmt::format("{} ({} after creation) by {}", when(*inc.acknowledged_at, v),
                                      core::format_duration(*inc.acknowledged_at - inc.created_at),
                                      inc.acknowledged_by));
  if (inc.resolved_at && !inc.is_open()) {
    std::string how = inc.excluded() ? " as a " + inc.resolved_as() : "";
    std::string spells = inc.resolved_for.count() ? fmt::format(", not counting {} it sat resolved before a reopen",
                                                                core::format_duration(inc.resolved_for))
                                                  : "";
    field("resolved", fmt::format("{}{} (resolution time {}{})", when(*inc.resolved_at, v), how,
                                  core::format_duration(sla.resolution_time.value_or(core::Seconds{0})), spells));
  }
  auto clock = [&](core::TimePoint due, bool done, bool breached, core::Seconds budget) {
    std::string state;
    if (done) state = breached ? s.red("missed") : s.green("met");
    else if (v.now > due) state = s.red(fmt::format("{} overdue", core::format_duration(v.now - due)));
    else state = fmt::format("due {}", core::relative(due, v.now));
    return fmt::format("{} by {} — {}", core::format_duration(budget), when(due, v), state);
  };
  // A clock that stopped under another priority is judged on that one (incident/sla.hpp).
  auto judged_as = [&](const std::optional<config::Priority>& p, const char* when_stopped) {
    if (!p || *p == inc.priority) return std::string();
    return fmt::format(" (as {}, its priority when {})", config::priority_name(*p), when_stopped);
  };
  field("response", clock(sla.response_due, inc.acknowledged_at.has_value(), sla.response_breached, sla.response_target) +
                        (inc.acknowledged_at ? judged_as(inc.response_priority, "acknowledged") : ""));
  field("resolution", clock(sla.resolution_due, !inc.is_open(), sla.resolution_breached, sla.resolution_target) +
                          (inc.is_open() ? "" : judged_as(inc.resolution_priority, "resolved")));
  if (inc.escalation_level) field("escalation", fmt::format("level {}", inc.escalation_level));
  if (!inc.runbook_url.empty()) field("runbook", inc.runbook_url);
  if (!inc.maintenance.empty()) field("maintenance", fmt::format("opened during {}: it pages nobody while that window lasts, and the "
                                                                 "report figures leave it out", inc.maintenance));
  if (!inc.description.empty()) out += fmt::format("\n{}\n", inc.description);
  if (!inc.root_cause.empty()) out += fmt::format("\nRoot cause\n  {}\nResolution\n  {}\n", inc.root_cause, inc.resolution);
  out += "\nTimeline\n";
  render::Table t({"TIME", "ACTOR", "EVENT", "MESSAGE"});
  for (const auto& e : inc.timeline) {
    // A change that another clone's concurrent change overruled stays in the timeline, marked.
    std::string message = render::one_line(e.message);
    if (e.wall) message += fmt::format(" (its clock said {})", when(*e.wall, v));
    if (!e.withdrawn.empty()) message += " — " + render::one_line(e.withdrawn);
    t.add({when(e.ts, v), render::one_line(e.actor), e.withdrawn.empty() ? e.type : e.type + " ✗", message});
  }
  std::string table = t.str(false);
  for (std::size_t pos = 0; pos < table.size();) {
    auto nl = table.find('\n', pos);
    out += "  " + table.substr(pos, nl - pos + 1);
    pos = nl + 1;
  }
  return out;
}

nlohmann::json problems_json(const std::vector<incident::Unreadable>& problems) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : problems)
    out.push_back({{"file", p.file},
                   {"line", p.line ? nlohmann::json(p.line) : nlohmann::json(nullptr)},
                   {"id", p.id},
                   {"message", p.error.message}});
  return out;
}

}  // namespace hypercare::cli
