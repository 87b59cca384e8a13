#include "hypercare/rota/schedule.hpp"

#include "hypercare/core/text.hpp"
#include <algorithm>

#include <date/tz.h>

namespace hypercare::rota {

namespace {
using core::iequals;
}  // namespace

Schedule::Schedule(const config::RotaConfig& cfg, const Changes& changes) : m_cfg(cfg), m_changes(changes) {
  for (const auto& s : changes.swaps) {
    if (s.cancelled) continue;
    auto sa = cfg.slot_index(s.slot_a), sb = cfg.slot_index(s.slot_b);
    if (!sa || !sb) continue;  // `rota check` reports swaps that point nowhere
    auto member_of = [&](Day d, std::size_t slot) {
      auto it = m_swapped.find({d, slot});
      return it != m_swapped.end() ? it->second.first : *cfg.member_index(base(d, slot).member);
    };
    auto ma = member_of(s.day_a, *sa), mb = member_of(s.day_b, *sb);
    m_swapped[{s.day_a, *sa}] = {mb, s.id};
    m_swapped[{s.day_b, *sb}] = {ma, s.id};
  }
  for (const auto& o : changes.overrides)
    if (!o.cancelled) m_overrides.push_back(&o);
  std::sort(m_overrides.begin(), m_overrides.end(), [](const Override* a, const Override* b) { return a->from < b->from; });
}

TimePoint Schedule::wall(Day day, int minutes) const {
  date::local_seconds local{day.time_since_epoch() + std::chrono::minutes(minutes)};
  auto info = m_cfg.zone->get_info(local);
  if (info.result == date::local_info::nonexistent) return std::chrono::floor<core::Seconds>(info.second.begin);
  return std::chrono::floor<core::Seconds>(m_cfg.zone->to_sys(local, date::choose::earliest));
}

Day Schedule::local_day(TimePoint t) const { return core::local_day(t, m_cfg.zone); }

Shift Schedule::base(Day day, std::size_t slot) const {
  const auto& s = m_cfg.slots[slot];
  Shift sh;
  sh.day = day;
  sh.slot = slot;
  sh.start = wall(day, s.start);
  sh.end = wall(day + std::chrono::days(s.overnight() ? 1 : 0), s.end);
  auto n = static_cast<long long>(m_cfg.members.size());
  long long d = (day - m_cfg.start).count();
  std::size_t member = std::size_t((((d + static_cast<long long>(slot)) % n) + n) % n);
  for (const auto& a : m_cfg.assignments)
    if (a.date == day && a.slot == slot) member = a.member;
  if (auto it = m_swapped.find({day, slot}); it != m_swapped.end()) {
    member = it->second.first;
    sh.swap_id = it->second.second;
  }
  sh.member = m_cfg.members[member].id;
  return sh;
}

void Schedule::overlay(const Shift& base, std::vector<Shift>& out) const {
  std::vector<const Override*> hits;
  for (const auto* o : m_overrides) {
    if (o->from >= base.end) break;
    if (o->to <= base.start) continue;
    if (!o->replacing.empty() && !iequals(o->replacing, base.member)) continue;
    hits.push_back(o);
  }
  if (hits.empty()) {
    out.push_back(base);
    return;
  }
  std::vector<TimePoint> cuts = {base.start, base.end};
  for (const auto* o : hits) {
    if (o->from > base.start) cuts.push_back(o->from);
    if (o->to < base.end) cuts.push_back(o->to);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const Override* winner = nullptr;
    for (const auto* o : hits)
      if (o->from <= cuts[i] && o->to >= cuts[i + 1] && (!winner || o->order > winner->order)) winner = o;
    Shift part = base;
    part.start = cuts[i];
    part.end = cuts[i + 1];
    if (winner) {
      auto* p = m_cfg.person(winner->member);
      part.member = p ? p->id : winner->member;
      part.override_id = winner->id;
    }
    if (!out.empty() && out.back().end == part.start && out.back().day == part.day && out.back().slot == part.slot &&
        out.back().member == part.member && out.back().override_id == part.override_id)
      out.back().end = part.end;
    else
      out.push_back(std::move(part));
  }
}

std::vector<Shift> Schedule::shifts(Day from, int days) const {
  std::vector<Shift> bases;
  bases.reserve(std::size_t(std::max(days, 0)) * m_cfg.slots.size());
  for (int d = 0; d < days; ++d)
    for (std::size_t s = 0; s < m_cfg.slots.size(); ++s) {
      auto b = base(from + std::chrono::days(d), s);
      if (b.start < b.end) bases.push_back(std::move(b));  // a slot wholly inside a skipped hour is no shift
    }
  std::stable_sort(bases.begin(), bases.end(), [](const Shift& a, const Shift& b) { return a.start < b.start; });
  std::vector<Shift> out;
  out.reserve(bases.size());
  for (const auto& b : bases) overlay(b, out);
  return out;
}

std::vector<Shift> Schedule::between(TimePoint since, TimePoint until) const {
  // A slot can start up to a day before the local day it is seen on (overnight slots).
  Day first = local_day(since) - std::chrono::days(1);
  int days = int((local_day(until) - first).count()) + 1;
  std::vector<Shift> out;
  for (auto& s : shifts(first, days))
    if (s.end > since && s.start < until) out.push_back(std::move(s));
  return out;
}

std::optional<Shift> Schedule::at(TimePoint t) const {
  for (auto& s : between(t, t + core::Seconds(1)))
    if (s.start <= t && t < s.end) return s;
  return std::nullopt;
}

}  // namespace hypercare::rota
