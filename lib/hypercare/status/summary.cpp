#include "hypercare/status/summary.hpp"

#include "hypercare/incident/query.hpp"
#include "hypercare/incident/sla.hpp"

namespace hypercare::status {

std::optional<Window> window_at(const config::HypercareConfig& cfg, core::TimePoint now) {
  if (!cfg.start) return std::nullopt;
  Window w;
  w.start = *cfg.start;
  w.days = cfg.days;
  w.last = w.start + std::chrono::days(cfg.days - 1);
  auto today = core::local_day(now, cfg.zone);
  if (today < w.start) w.phase = "before";
  else if (today > w.last) w.phase = "after";
  else {
    w.phase = "during";
    w.day = int((today - w.start).count()) + 1;
  }
  return w;
}

Summary summarize(const config::HypercareConfig& cfg, const incident::Snapshot& snapshot, core::TimePoint now) {
  Summary s;
  s.now = now;
  s.window = window_at(cfg, now);
  for (auto i : incident::select(snapshot, incident::Filter{}, cfg, now)) s.open.push_back(snapshot.decode(i));
  for (const auto& inc : s.open) {
    auto p = std::size_t(inc.priority);
    ++s.open_by_priority[p];
    if (inc.status != incident::State::resolved) ++s.open_by_priority_state[p][std::size_t(inc.status)];
    auto sla = incident::compute_sla(inc, cfg, now);
    s.breached += sla.breached();
    s.response_breached += sla.response_breached;
    s.resolution_breached += sla.resolution_breached;
    if (!inc.acknowledged_at) {
      ++s.unacknowledged;
      ++s.unacknowledged_by_priority[p];
    }
  }
  return s;
}

}  // namespace hypercare::status
