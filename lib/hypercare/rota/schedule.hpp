// Who is on call when: the daily slots expanded into shifts (DST-correct), swaps applied, and
// overrides laid over them (the newest override covering an instant wins; an override may cover
// part of a shift).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/config/rota_config.hpp"
#include "hypercare/rota/changes.hpp"

namespace hypercare::rota {

using Day = std::chrono::sys_days;

struct Shift {
  TimePoint start, end;
  Day day{};              // the rota day the slot belongs to (the local date it starts on)
  std::size_t slot = 0;
  std::string member;     // a person id
  std::string override_id;  // set on a stretch an override gave to someone else
  std::string swap_id;      // set when a swap gave this shift its member
  bool is_override() const { return !override_id.empty(); }
};

class Schedule {
 public:
  Schedule(const config::RotaConfig& cfg, const Changes& changes);

  // The instant a wall-clock time of a day names: a skipped time is the first valid instant
  // after the gap; a repeated time is its first occurrence (so consecutive slots never overlap).
  TimePoint wall(Day day, int minutes) const;
  Day local_day(TimePoint t) const;

  // The member pattern and assignments and swaps give the shift of `day`/`slot`, before overrides.
  Shift base(Day day, std::size_t slot) const;
  // Every shift of days [from, from + days) in time order, split where overrides apply.
  std::vector<Shift> shifts(Day from, int days) const;
  // Shifts that start before `until` and end after `since`, in time order.
  std::vector<Shift> between(TimePoint since, TimePoint until) const;
  // The stretch covering t; nullopt in a gap of the slots.
  std::optional<Shift> at(TimePoint t) const;

  const config::RotaConfig& config() const { return m_cfg; }
  const Changes& changes() const { return m_changes; }

 private:
  void overlay(const Shift& base, std::vector<Shift>& out) const;
  const config::RotaConfig& m_cfg;
  const Changes& m_changes;
  std::map<std::pair<Day, std::size_t>, std::pair<std::size_t, std::string>> m_swapped;  // → member, swap id
  std::vector<const Override*> m_overrides;  // active ones, by start
};

}  // namespace hypercare::rota
