#include "hypercare/rota/notices.hpp"

#include <set>

#include "hypercare/core/time.hpp"

namespace hypercare::rota {

namespace {

// Who holds [since, until) under `s`, stretch by stretch.
std::vector<Shift> holders(const Schedule& s, TimePoint since, TimePoint until) {
  std::vector<Shift> out;
  for (auto& sh : s.between(since, until))
    if (!sh.member.empty()) out.push_back(std::move(sh));
  return out;
}

// Compares the rota with and without one change (`toggle` flips its cancelled flag in a copy) over
// [since, until) and says who was added and who removed.
template <typename Toggle>
void compare(const Schedule& now_rota, const Changes& changes, const std::string& id, const std::string& message,
             bool cancelled, TimePoint since, TimePoint until, Toggle toggle, std::vector<ShiftNotice>& out) {
  if (until <= since) return;
  Changes other{changes.overrides, changes.swaps, {}};  // the rules, without the file's lines
  toggle(other);
  Schedule before(now_rota.config(), other);
  // Stretch by stretch: who holds it now, and who held that instant without the change.
  std::string prefix = cancelled ? "cancel-" : "";
  std::set<std::string> told;
  auto tell = [&](const std::string& who, const std::string& step, const Shift& shift, const std::string& other) {
    if (!told.insert(step + '\n' + who).second) return;
    out.push_back({"shift.changed", who, id, prefix + step, shift, other, message});
  };
  for (const auto& s : holders(now_rota, since, until)) {
    auto then = before.at(std::max(s.start, since));
    std::string was = then ? then->member : "";
    if (was != s.member) tell(s.member, "added", s, was);
  }
  for (const auto& s : holders(before, since, until)) {
    auto now_at = now_rota.at(std::max(s.start, since));
    std::string is = now_at ? now_at->member : "";
    if (is != s.member) tell(s.member, "removed", s, is);
  }
}

}  // namespace

std::vector<ShiftNotice> shifts_starting(const Schedule& schedule, TimePoint now, std::chrono::seconds notice) {
  std::vector<ShiftNotice> out;
  if (notice.count() <= 0) return out;
  for (const auto& s : schedule.between(now, now + notice + std::chrono::seconds(1))) {
    if (s.start <= now || s.start > now + notice || s.member.empty()) continue;
    auto before = schedule.at(s.start - std::chrono::seconds(1));
    if (before && before->member == s.member) continue;  // the same person carries on
    out.push_back({"shift.starting", s.member, "shift/" + core::format_rfc3339(s.start), "starting", s, "", ""});
  }
  return out;
}

std::vector<ShiftNotice> shift_changes(const Schedule& schedule, TimePoint now) {
  std::vector<ShiftNotice> out;
  const auto& changes = schedule.changes();
  for (std::size_t i = 0; i < changes.overrides.size(); ++i) {
    const auto& ov = changes.overrides[i];
    compare(schedule, changes, ov.id, ov.message, ov.cancelled, std::max(now, ov.from), ov.to,
            [i](Changes& c) { c.overrides[i].cancelled = !c.overrides[i].cancelled; }, out);
  }
  for (std::size_t i = 0; i < changes.swaps.size(); ++i) {
    const auto& sw = changes.swaps[i];
    auto slot_a = schedule.config().slot_index(sw.slot_a), slot_b = schedule.config().slot_index(sw.slot_b);
    if (!slot_a || !slot_b) continue;
    auto a = schedule.base(sw.day_a, *slot_a), b = schedule.base(sw.day_b, *slot_b);
    TimePoint since = std::max(now, std::min(a.start, b.start)), until = std::max(a.end, b.end);
    compare(schedule, changes, sw.id, sw.message, sw.cancelled, since, until,
            [i](Changes& c) { c.swaps[i].cancelled = !c.swaps[i].cancelled; }, out);
  }
  return out;
}

}  // namespace hypercare::rota
