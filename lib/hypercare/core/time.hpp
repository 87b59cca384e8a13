// Time points, durations and time zones: parsing and formatting in one place.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/core/error.hpp"

namespace date {
class time_zone;
}

namespace hypercare::core {

using TimePoint = std::chrono::sys_seconds;
using Seconds = std::chrono::seconds;
using Zone = const date::time_zone*;

// "2026-11-27T03:04:05Z": how every timestamp is stored.
std::string format_rfc3339(TimePoint t);
// RFC 3339 with Z or a numeric offset; fractional seconds are truncated.
Result<TimePoint> parse_rfc3339(std::string_view text);

// "90s", "15m", "4h", "2d", and combinations such as "1h30m".
Result<Seconds> parse_duration(std::string_view text);
// Like parse_duration, also accepting milliseconds ("200ms"), for timeouts and latencies.
Result<std::chrono::milliseconds> parse_duration_ms(std::string_view text);
// "200ms" below a second, else as format_duration.
std::string format_duration_ms(std::chrono::milliseconds d);
// The shortest exact-ish rendering of a duration: "45s", "12m", "1h20m", "2d4h".
std::string format_duration(Seconds d);

Result<Zone> find_zone(std::string_view name);
std::string zone_name(Zone zone);
// Every zone name in the system's tz database (aliases such as "UTC" included), sorted.
std::vector<std::string> zone_names();
bool is_utc(Zone zone);

// A time typed by a user: RFC 3339, "2026-11-27 22:00" or "2026-11-27T22:00" in `zone`, or a
// bare date "2026-11-27" (its first instant in `zone`).
Result<TimePoint> parse_user_time(std::string_view text, Zone zone);

// "2026-11-27 08:30 IST" in `zone`.
std::string format_local(TimePoint t, Zone zone);
// `format` is a date::format string, applied to the local time in `zone`.
std::string format_local(TimePoint t, Zone zone, const char* format);

// "12m ago", "in 3m", "now".
std::string relative(TimePoint t, TimePoint now);

// Days since 1970-01-01 of the local calendar date of `t` in `zone`.
std::chrono::sys_days local_day(TimePoint t, Zone zone);
// The first instant of a local calendar day in `zone`.
TimePoint start_of_local_day(std::chrono::sys_days day, Zone zone);

Result<std::chrono::sys_days> parse_date(std::string_view text);
std::string format_date(std::chrono::sys_days day);

}  // namespace hypercare::core
