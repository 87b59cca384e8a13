#include "rota_view.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include "hypercare/render/table.hpp"

namespace hypercare::cli {

std::string person_label(const config::Person* p) {
  if (!p) return "nobody";
  return p->name.empty() || p->name == p->id ? p->id : fmt::format("{} ({})", p->name, p->id);
}

std::string rota_table(const rota::Schedule& schedule, const std::vector<rota::Shift>& shifts, rota::Day from,
                       int days, core::TimePoint now, const std::string& member, const render::Style& style) {
  const auto& cfg = schedule.config();
  std::vector<std::string> headers = {"DAY"};
  for (const auto& s : cfg.slots)
    headers.push_back(fmt::format("{} {}–{}", s.name, config::format_clock(s.start), config::format_clock(s.end)));
  render::Table t(headers);
  auto today = schedule.local_day(now);
  for (int d = 0; d < days; ++d) {
    rota::Day day = from + std::chrono::days(d);
    std::string label = date::format("%F %a", day);
    if (day == today) label = style.bold(label + " ◀ today");
    t.cell(label);
    for (std::size_t slot = 0; slot < cfg.slots.size(); ++slot) {
      std::string cell;
      bool current = false;
      for (const auto& s : shifts) {
        if (s.day != day || s.slot != slot) continue;
        std::string name = s.member;
        if (s.is_override()) name += "*";
        else if (!s.swap_id.empty()) name += "~";
        if (!member.empty() && s.member != member) name = style.dim("·");
        cell += (cell.empty() ? "" : "/") + name;
        if (s.start <= now && now < s.end) current = true;
      }
      t.cell(current ? style.bold(style.green(cell)) : cell);
    }
    t.end_row();
  }
  return t.str() + "* override   ~ swap   (times are wall-clock in " + cfg.timezone + ")\n";
}

std::string on_call_text(const rota::OnCall& oc, const rota::Schedule& schedule, config::Priority priority,
                         core::TimePoint now, core::Zone zone, const render::Style& style) {
  const auto& cfg = schedule.config();
  auto local = [&](core::TimePoint t) {
    bool same_day = core::local_day(t, zone) == core::local_day(oc.at, zone);
    return core::format_local(t, zone, same_day ? "%H:%M %Z" : "%a %F %H:%M %Z");
  };
  std::string out;
  std::string at = core::format_local(oc.at, zone, "%a %F %H:%M %Z");
  if (oc.current) {
    const auto& slot = cfg.slots[oc.current->slot];
    out += fmt::format("On call at {}: {} — slot {}{}, until {} ({})\n", at, style.bold(person_label(oc.primary)), slot.name,
                       oc.current->is_override() ? " (override " + oc.current->override_id + ")" : "",
                       local(oc.current->end), core::relative(oc.current->end, now));
  } else {
    out += style.red(fmt::format("Nobody is on call at {}: the slots leave a gap", at)) + "\n";
  }
  if (oc.next)
    out += fmt::format("Next: {} — slot {} from {} ({})\n", person_label(cfg.person(oc.next->member)),
                       cfg.slots[oc.next->slot].name, local(oc.next->start), core::relative(oc.next->start, now));
  out += fmt::format("Escalation for {}:", config::priority_name(priority));
  int n = 0;
  for (auto [p, role] : {std::pair{oc.primary, "primary"}, std::pair{oc.secondary, "secondary"},
                         std::pair{oc.tertiary, "tertiary"}})
    if (p) out += fmt::format("  {}. {} ({})", ++n, person_label(p), role);
  if (!oc.tertiary) out += style.dim("  (the lead is not in the chain for this priority)");
  return out + "\n";
}

}  // namespace hypercare::cli
