#include "hypercare/incident/query.hpp"

#include "hypercare/core/text.hpp"
#include <algorithm>

#include "hypercare/incident/sla.hpp"

namespace hypercare::incident {

namespace {

template <class T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

using core::iequals;

Sla sla_of(const IndexKey& k, const config::HypercareConfig& cfg, TimePoint now) {
  return compute_sla(clock_facts(k, k.status == State::resolved), cfg, now);
}

}  // namespace

std::vector<std::size_t> select(const Snapshot& snapshot, const Filter& f, const config::HypercareConfig& cfg,
                                TimePoint now) {
  bool needs_fields = !f.components.empty() || !f.assignee.empty() || !f.tags.empty();
  Incident scratch;
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < snapshot.size(); ++i) {
    const auto& k = snapshot.key(i);
    if (!f.statuses.empty()) {
      if (!contains(f.statuses, k.status)) continue;
    } else if (!f.all && k.status == State::resolved) {
      continue;
    }
    if (!f.priorities.empty() && !contains(f.priorities, k.priority)) continue;
    if (f.since && k.created_at < *f.since) continue;
    if (f.until && k.created_at >= *f.until) continue;
    if (f.breached && (!sla_of(k, cfg, now).breached() || (k.status == State::resolved && k.kind != ResolutionKind::fixed)))
      continue;
    if (needs_fields) {
      snapshot.decode(i, scratch);
      if (!f.components.empty() &&
          std::none_of(f.components.begin(), f.components.end(),
                       [&](const std::string& c) { return iequals(c, scratch.component); }))
        continue;
      if (!f.assignee.empty() && !iequals(f.assignee, scratch.assignee)) continue;
      bool tags_ok = std::all_of(f.tags.begin(), f.tags.end(), [&](const std::string& t) {
        return std::any_of(scratch.tags.begin(), scratch.tags.end(), [&](const std::string& x) { return iequals(x, t); });
      });
      if (!tags_ok) continue;
    }
    chosen.push_back(i);
  }
  if (f.open_only()) {
    std::vector<std::pair<TimePoint, std::size_t>> due(chosen.size());
    for (std::size_t j = 0; j < chosen.size(); ++j) {
      const auto& k = snapshot.key(chosen[j]);
      due[j] = {sla_of(k, cfg, now).next_due.value_or(TimePoint::max()), chosen[j]};
    }
    std::sort(due.begin(), due.end(), [&](const auto& a, const auto& b) {
      const auto& ka = snapshot.key(a.second);
      const auto& kb = snapshot.key(b.second);
      if (ka.priority != kb.priority) return ka.priority < kb.priority;
      if (a.first != b.first) return a.first < b.first;
      return ka.id_view() < kb.id_view();
    });
    for (std::size_t j = 0; j < due.size(); ++j) chosen[j] = due[j].second;
  } else {
    std::sort(chosen.begin(), chosen.end(), [&](std::size_t a, std::size_t b) {
      const auto& ka = snapshot.key(a);
      const auto& kb = snapshot.key(b);
      if (ka.created_at != kb.created_at) return ka.created_at > kb.created_at;
      return ka.id_view() > kb.id_view();
    });
  }
  if (f.limit && chosen.size() > *f.limit) chosen.resize(*f.limit);
  return chosen;
}

}  // namespace hypercare::incident
