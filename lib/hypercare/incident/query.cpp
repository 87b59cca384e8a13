#include "hypercare/incident/query.hpp"

#include <algorithm>

#include "hypercare/incident/sla.hpp"

namespace hypercare::incident {

namespace {

template <class T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::vector<Incident> select(std::vector<Incident> incidents, const Filter& f,
                             const config::HypercareConfig& cfg, TimePoint now) {
  std::erase_if(incidents, [&](const Incident& inc) {
    if (!f.statuses.empty()) {
      if (!contains(f.statuses, inc.status)) return true;
    } else if (!f.all && !inc.is_open()) {
      return true;
    }
    if (!f.priorities.empty() && !contains(f.priorities, inc.priority)) return true;
    if (!f.components.empty() &&
        std::none_of(f.components.begin(), f.components.end(),
                     [&](const std::string& c) { return iequals(c, inc.component); }))
      return true;
    if (f.since && inc.created_at < *f.since) return true;
    if (f.until && inc.created_at >= *f.until) return true;
    if (!f.assignee.empty() && !iequals(f.assignee, inc.assignee)) return true;
    for (const auto& t : f.tags)
      if (std::none_of(inc.tags.begin(), inc.tags.end(), [&](const std::string& x) { return iequals(x, t); }))
        return true;
    if (f.breached && !compute_sla(inc, cfg, now).breached()) return true;
    return false;
  });
  if (f.open_only()) {
    std::sort(incidents.begin(), incidents.end(), [&](const Incident& a, const Incident& b) {
      if (a.priority != b.priority) return a.priority < b.priority;
      auto da = compute_sla(a, cfg, now).next_due, db = compute_sla(b, cfg, now).next_due;
      if (da != db) return da < db;
      return a.id < b.id;
    });
  } else {
    std::sort(incidents.begin(), incidents.end(), [](const Incident& a, const Incident& b) {
      if (a.created_at != b.created_at) return a.created_at > b.created_at;
      return a.id > b.id;
    });
  }
  if (f.limit && incidents.size() > *f.limit) incidents.resize(*f.limit);
  return incidents;
}

}  // namespace hypercare::incident
