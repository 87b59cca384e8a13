#include "hypercare/rota/analysis.hpp"

#include <algorithm>

#include <date/date.h>
#include <fmt/format.h>

namespace hypercare::rota {

namespace {

bool touches_night(const Shift& s, const Schedule& sch) {
  // Any part between 00:00 and 06:00 local on any day the shift covers.
  for (Day d = sch.local_day(s.start); d <= sch.local_day(s.end); d += std::chrono::days(1)) {
    auto night_start = sch.wall(d, 0), night_end = sch.wall(d, 6 * 60);
    if (s.start < night_end && s.end > night_start) return true;
  }
  return false;
}

bool touches_weekend(const Shift& s, const Schedule& sch) {
  for (Day d = sch.local_day(s.start); d <= sch.local_day(s.end - core::Seconds(1)); d += std::chrono::days(1)) {
    auto wd = date::weekday{d};
    if (wd == date::Saturday || wd == date::Sunday) return true;
  }
  return false;
}

std::string when(TimePoint t, const Schedule& s) { return core::format_local(t, s.config().zone, "%F %H:%M %Z"); }

}  // namespace

Stats stats(const Schedule& schedule, const std::vector<Shift>& shifts) {
  const auto& cfg = schedule.config();
  Stats st;
  std::map<std::string, std::size_t> index;
  for (const auto& m : cfg.members) {
    index[m.id] = st.people.size();
    st.people.push_back({m.id});
  }
  // Stretches of one person in one shift (split by someone else's override) count as one shift.
  // A stretch continues the person's previous one when it is the same shift split by someone
  // else's override, or the same override running across a slot boundary: it counts once.
  std::map<std::string, const Shift*> last;
  for (const auto& s : shifts) {
    auto [it, added] = index.try_emplace(s.member, st.people.size());
    if (added) st.people.push_back({s.member});
    auto& p = st.people[it->second];
    p.hours += std::chrono::duration<double, std::ratio<3600>>(s.end - s.start).count();
    const Shift* prev = last[s.member];
    bool continues = prev && ((prev->day == s.day && prev->slot == s.slot) ||
                              (s.is_override() && s.override_id == prev->override_id && prev->end == s.start));
    if (!continues) {
      ++p.shifts;
      if (touches_night(s, schedule)) ++p.nights;
      if (touches_weekend(s, schedule)) ++p.weekends;
    }
    last[s.member] = &s;
  }
  auto spread = [&](auto field) {
    auto [lo, hi] = std::minmax_element(st.people.begin(), st.people.begin() + long(cfg.members.size()),
                                        [&](const PersonStats& a, const PersonStats& b) { return field(a) < field(b); });
    return field(*hi) - field(*lo);
  };
  if (!cfg.members.empty()) {
    st.shift_spread = spread([](const PersonStats& p) { return p.shifts; });
    st.night_spread = spread([](const PersonStats& p) { return p.nights; });
    st.weekend_spread = spread([](const PersonStats& p) { return p.weekends; });
    st.hours_spread = spread([](const PersonStats& p) { return p.hours; });
  }
  return st;
}

std::vector<Finding> check(const Schedule& schedule, Day from, int days) {
  const auto& cfg = schedule.config();
  std::vector<Finding> out;
  auto base_shifts = std::vector<Shift>{};
  for (int d = 0; d < days; ++d)
    for (std::size_t s = 0; s < cfg.slots.size(); ++s) base_shifts.push_back(schedule.base(from + std::chrono::days(d), s));
  std::sort(base_shifts.begin(), base_shifts.end(), [](const Shift& a, const Shift& b) { return a.start < b.start; });
  for (std::size_t i = 1; i < base_shifts.size(); ++i) {
    const auto& a = base_shifts[i - 1];
    const auto& b = base_shifts[i];
    if (b.start > a.end)
      out.push_back({"gap", fmt::format("nobody is on call from {} to {} (between slot {} and slot {})", when(a.end, schedule),
                                        when(b.start, schedule), cfg.slots[a.slot].name, cfg.slots[b.slot].name), a.end});
    else if (b.start < a.end)
      out.push_back({"overlap", fmt::format("slots {} and {} overlap from {} to {}", cfg.slots[a.slot].name,
                                            cfg.slots[b.slot].name, when(b.start, schedule), when(std::min(a.end, b.end), schedule)),
                     b.start});
  }

  auto shifts = schedule.shifts(from, days);
  // Rest: the time between the end of one of a person's shifts and the start of their next.
  std::map<std::string, const Shift*> last;
  for (const auto& s : shifts) {
    auto it = last.find(s.member);
    if (it != last.end()) {
      auto rest = s.start - it->second->end;
      // Two stretches of one shift (an override in between), or one override running across a
      // slot boundary, are not two shifts.
      bool same_shift = (it->second->day == s.day && it->second->slot == s.slot) ||
                        (s.is_override() && s.override_id == it->second->override_id && it->second->end == s.start);
      if (!same_shift && rest.count() <= 0)
        out.push_back({"rest", fmt::format("{} works two shifts back to back: slot {} then slot {} from {} (min_rest {})",
                                           s.member, cfg.slots[it->second->slot].name, cfg.slots[s.slot].name,
                                           when(s.start, schedule), core::format_duration(cfg.min_rest)),
                       s.start});
      else if (!same_shift && rest < cfg.min_rest)
        out.push_back({"rest", fmt::format("{} rests only {} between the shift ending {} and the one starting {} (min_rest {})",
                                           s.member, core::format_duration(rest), when(it->second->end, schedule),
                                           when(s.start, schedule), core::format_duration(cfg.min_rest)),
                       s.start});
    }
    last[s.member] = &s;
  }

  auto window_start = schedule.wall(from, 0), window_end = schedule.wall(from + std::chrono::days(days), 0);
  for (const auto& o : schedule.changes().overrides) {
    if (o.cancelled || o.to <= window_start || o.from >= window_end) continue;
    if (!cfg.person(o.member))
      out.push_back({"unknown_member", fmt::format("override {} gives shifts to '{}', who is not in rota.toml", o.id, o.member), o.from});
    // Only the part inside the checked window is laid out (found by fuzz_rota_changes: an override
    // from the year 1013 built a thousand years of shifts); one reaching outside it may replace
    // shifts there, so it is called dangling only when it lies within the window.
    if (!o.replacing.empty()) {
      bool found = false;
      for (const auto& s : schedule.between(std::max(o.from, window_start), std::min(o.to, window_end)))
        if (s.override_id == o.id) found = true;
      bool inside = o.from >= window_start && o.to <= window_end;
      if (!found && inside)
        out.push_back({"dangling_override",
                       fmt::format("override {} replaces {}, who has no shift between {} and {}: it changes nothing",
                                   o.id, o.replacing, when(o.from, schedule), when(o.to, schedule)),
                       o.from});
    }
  }
  for (const auto& s : schedule.changes().swaps) {
    if (s.cancelled) continue;
    if (!cfg.slot_index(s.slot_a) || !cfg.slot_index(s.slot_b))
      out.push_back({"dangling_swap", fmt::format("swap {} names a slot that rota.toml does not have ({} / {})", s.id,
                                                  s.slot_a, s.slot_b), std::nullopt});
  }

  auto st = stats(schedule, shifts);
  if (st.shift_spread > 1 || st.night_spread > 1 || st.weekend_spread > 1) {
    std::string counts;
    for (std::size_t i = 0; i < cfg.members.size(); ++i)
      counts += fmt::format("{}{} {} shifts/{} nights/{} weekend", i ? ", " : "", st.people[i].id, st.people[i].shifts,
                            st.people[i].nights, st.people[i].weekends);
    out.push_back({"unfair", fmt::format("uneven spread over {} days: {}", days, counts), std::nullopt});
  }
  return out;
}

std::vector<Finding> introduced(const config::RotaConfig& cfg, const Changes& before, const Changes& after, Day from, int days) {
  auto now = check(Schedule(cfg, before), from, days);
  std::vector<Finding> out;
  for (auto& f : check(Schedule(cfg, after), from, days)) {
    if (f.kind != "gap" && f.kind != "rest") continue;
    bool known = std::any_of(now.begin(), now.end(), [&](const Finding& g) { return g.kind == f.kind && g.message == f.message; });
    if (!known) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace hypercare::rota
