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
  for (const auto& s : ahead) {
    if (s.start < at) continue;
    const auto* p = cfg.person(s.member);
    bool is_lead = cfg.lead && p == &*cfg.lead;  // the lead is the tertiary, never the secondary
    if (p && p != oc.primary && !is_lead) {
      oc.secondary = p;
      break;
    }
  }
  if (lead_allowed && cfg.lead) oc.tertiary = &*cfg.lead;
  return oc;
}

}  // namespace hypercare::rota
