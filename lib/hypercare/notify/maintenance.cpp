#include "hypercare/notify/maintenance.hpp"

#include <algorithm>

namespace hypercare::notify {

bool silenced(const Event& e, const std::vector<maintenance::Window>& windows, core::TimePoint now) {
  if (e.subject_kind == "incident") {
    auto m = e.subject.find("maintenance");
    if (m == e.subject.end() || !m->is_string()) return false;
    return std::any_of(windows.begin(), windows.end(), [&](const maintenance::Window& w) { return w.id == m->get_ref<const std::string&>() && w.active(now); });
  }
  return e.subject_kind == "check" && !e.source.empty() && maintenance::covering(windows, e.source, now);
}

bool held(const Entry& e, const std::vector<maintenance::Window>& windows, core::TimePoint now) {
  if (e.component.empty() || !(e.event.starts_with("incident.") || e.event.starts_with("health."))) return false;
  const auto* w = maintenance::covering(windows, e.component, now);
  return w && e.created_at < w->from;
}

}  // namespace hypercare::notify
