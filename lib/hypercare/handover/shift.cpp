#include "hypercare/handover/shift.hpp"

#include <vector>

namespace hypercare::handover {

namespace {

constexpr auto k_around = std::chrono::days(2);

// Stretches of duty around `now`, one person's consecutive shifts merged.
std::vector<Duty> duties(const rota::Schedule& schedule, TimePoint now) {
  std::vector<Duty> out;
  for (const auto& s : schedule.between(now - k_around, now + k_around)) {
    if (!out.empty() && out.back().end == s.start && out.back().member == s.member) {
      out.back().end = s.end;
      continue;
    }
    out.push_back({s.start, s.end, s.member, schedule.config().slots[s.slot].name});
  }
  return out;
}

// The change between duty i and i + 1, when they meet and change hands.
std::optional<ShiftChange> change_after(const std::vector<Duty>& d, std::size_t i) {
  if (i + 1 >= d.size() || d[i].end != d[i + 1].start || d[i].member == d[i + 1].member) return std::nullopt;
  return ShiftChange{d[i].end, d[i], d[i + 1]};
}

}  // namespace

std::optional<ShiftChange> nearest_change(const rota::Schedule& schedule, TimePoint now) {
  auto d = duties(schedule, now);
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (!(d[i].start <= now && now < d[i].end)) continue;
    auto before = i > 0 ? change_after(d, i - 1) : std::nullopt;
    auto after = change_after(d, i);
    if (before && after) return (now - before->at < after->at - now) ? before : after;
    return after ? after : before;
  }
  return std::nullopt;
}

std::optional<ShiftChange> last_change(const rota::Schedule& schedule, TimePoint now) {
  auto d = duties(schedule, now);
  std::optional<ShiftChange> last;
  for (std::size_t i = 0; i + 1 < d.size(); ++i)
    if (auto c = change_after(d, i); c && c->at <= now) last = c;
  return last;
}

}  // namespace hypercare::handover
