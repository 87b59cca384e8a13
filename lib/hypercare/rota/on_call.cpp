#include "hypercare/rota/on_call.hpp"

namespace hypercare::rota {

OnCall on_call(const Schedule& schedule, TimePoint at, bool lead_allowed) {
  const auto& cfg = schedule.config();
  OnCall oc;
  oc.at = at;
  // Two weeks ahead is enough to find the next distinct engineer in any sane rota.
  auto ahead = schedule.between(at, at + std::chrono::days(14));
  for (const auto& s : ahead) {
    if (s.start <= at && at < s.end && !oc.current) {
      oc.current = s;
      continue;
    }
    if (s.start >= at && !oc.next && (!oc.current || s.start >= oc.current->end)) oc.next = s;
  }
  if (oc.current) oc.primary = cfg.person(oc.current->member);
  const config::Person* lead = cfg.lead ? &*cfg.lead : nullptr;
  const config::Person* third = nullptr;  // the engineer after the secondary
  for (const auto& s : ahead) {
    if (s.start < at) continue;
    const auto* p = cfg.person(s.member);
    if (!p || p == oc.primary || p == lead || p == oc.secondary) continue;  // the lead is never the secondary
    if (!oc.secondary) oc.secondary = p;
    else {
      third = p;
      break;
    }
  }
  // When the lead covers a shift the chain does not end where it starts: the next engineer steps in.
  if (lead_allowed && lead) oc.tertiary = oc.primary == lead ? third : lead;
  return oc;
}

}  // namespace hypercare::rota
