// `rota check` (gaps, overlaps, rest, dangling changes, fairness) and `rota stats`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hypercare/rota/schedule.hpp"

namespace hypercare::rota {

struct Finding {
  std::string kind;  // gap, overlap, rest, unknown_member, dangling_override, dangling_swap, unfair
  std::string message;
  std::optional<TimePoint> at;
};

struct PersonStats {
  std::string id;
  double hours = 0;
  int shifts = 0;
  int nights = 0;    // any part between 00:00 and 06:00 local
  int weekends = 0;  // any part on a local Saturday or Sunday
};

struct Stats {
  std::vector<PersonStats> people;  // every member, then anyone else who held a shift
  int shift_spread = 0, night_spread = 0, weekend_spread = 0;
  double hours_spread = 0;
};

Stats stats(const Schedule& schedule, const std::vector<Shift>& shifts);
std::vector<Finding> check(const Schedule& schedule, Day from, int days);

// The gaps and short rests the rota would have on days [from, from + days) with `after` instead
// of `before` as its changes, and does not have now: what `rota override` and `rota swap` refuse
// unless --force.
std::vector<Finding> introduced(const config::RotaConfig& cfg, const Changes& before, const Changes& after, Day from, int days);

}  // namespace hypercare::rota
