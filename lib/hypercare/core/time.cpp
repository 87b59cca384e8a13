#include "hypercare/core/time.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <sstream>

namespace hypercare::core {
namespace {

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Parses "YYYY-MM-DD" strictly.
bool split_date(std::string_view s, date::year_month_day& out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  if (!is_digits(s.substr(0, 4)) || !is_digits(s.substr(5, 2)) || !is_digits(s.substr(8, 2)))
    return false;
  parse_int(s.substr(0, 4), y);
  parse_int(s.substr(5, 2), m);
  parse_int(s.substr(8, 2), d);
  out = date::year{y} / date::month{unsigned(m)} / date::day{unsigned(d)};
  return out.ok();
}

// Parses "HH:MM" or "HH:MM:SS".
bool split_clock(std::string_view s, Seconds& out) {
  int h = 0, m = 0, sec = 0;
  if (s.size() != 5 && s.size() != 8) return false;
  if (s[2] != ':' || !is_digits(s.substr(0, 2)) || !is_digits(s.substr(3, 2))) return false;
  parse_int(s.substr(0, 2), h);
  parse_int(s.substr(3, 2), m);
  if (s.size() == 8) {
    if (s[5] != ':' || !is_digits(s.substr(6, 2))) return false;
    parse_int(s.substr(6, 2), sec);
  }
  if (h > 23 || m > 59 || sec > 60) return false;
  out = std::chrono::hours{h} + std::chrono::minutes{m} + Seconds{std::min(sec, 59)};
  return true;
}

}  // namespace

std::string format_rfc3339(TimePoint t) {
  // By hand for years 0–9999 (every real stamp): date::format builds a stream per call, and a
  // listing of 100 000 incidents formats half a million stamps.
  auto day = std::chrono::floor<date::days>(t);
  date::year_month_day ymd{day};
  int year = int(ymd.year());
  if (year < 0 || year > 9999) return date::format("%FT%TZ", t);
  auto secs = (t - day).count();
  char buf[21];
  auto two = [&](char* at, long v) {
    at[0] = char('0' + v / 10);
    at[1] = char('0' + v % 10);
  };
  two(buf, year / 100);
  two(buf + 2, year % 100);
  buf[4] = '-';
  two(buf + 5, long(unsigned(ymd.month())));
  buf[7] = '-';
  two(buf + 8, long(unsigned(ymd.day())));
  buf[10] = 'T';
  two(buf + 11, secs / 3600);
  buf[13] = ':';
  two(buf + 14, secs / 60 % 60);
  buf[16] = ':';
  two(buf + 17, secs % 60);
  buf[19] = 'Z';
  return std::string(buf, 20);
}

Result<TimePoint> parse_rfc3339(std::string_view text) {
  auto bad = [&] {
    return fail(ErrorKind::usage,
                fmt::format("invalid timestamp '{}': expected RFC 3339 such as 2026-11-27T03:04:05Z",
                            text));
  };
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) return bad();
  date::year_month_day ymd;
  Seconds clock{};
  if (!split_date(text.substr(0, 10), ymd) || !split_clock(text.substr(11, 8), clock)) return bad();
  std::string_view rest = text.substr(19);
  if (!rest.empty() && rest[0] == '.') {
    size_t i = 1;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    if (i == 1) return bad();
    rest = rest.substr(i);
  }
  Seconds offset{};
  if (rest == "Z" || rest == "z") {
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int h = 0, m = 0;
    if (!is_digits(rest.substr(1, 2)) || !is_digits(rest.substr(4, 2))) return bad();
    parse_int(rest.substr(1, 2), h);
    parse_int(rest.substr(4, 2), m);
    offset = std::chrono::hours{h} + std::chrono::minutes{m};
    if (rest[0] == '-') offset = -offset;
  } else {
    return bad();
  }
  return TimePoint{date::sys_days{ymd}} + clock - offset;
}

Result<Seconds> parse_duration(std::string_view text) {
  auto bad = [&] {
    return fail(ErrorKind::usage,
                fmt::format("invalid duration '{}': write it like 90s, 15m, 4h, 2d or 1h30m", text));
  };
  if (text.empty()) return bad();
  Seconds total{};
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    if (j == i || j == text.size() || j - i > 9) return bad();
    int n = 0;
    parse_int(text.substr(i, j - i), n);
    switch (text[j]) {
      case 's': total += Seconds{n}; break;
      case 'm': total += std::chrono::minutes{n}; break;
      case 'h': total += std::chrono::hours{n}; break;
      case 'd': total += date::days{n}; break;
      case 'w': total += date::weeks{n}; break;
      default: return bad();
    }
    i = j + 1;
  }
  return total;
}

Result<std::chrono::milliseconds> parse_duration_ms(std::string_view text) {
  if (text.size() > 2 && text.ends_with("ms")) {
    auto digits = text.substr(0, text.size() - 2);
    int n = 0;
    if (digits.size() <= 9 && parse_int(digits, n) && is_digits(digits)) return std::chrono::milliseconds(n);
    return fail(ErrorKind::usage, fmt::format("invalid duration '{}': write it like 200ms, 5s or 1m", text));
  }
  return std::chrono::milliseconds(HC_TRY(parse_duration(text)));
}

std::string format_duration_ms(std::chrono::milliseconds d) {
  if (d < std::chrono::seconds(1) || d.count() % 1000) return fmt::format("{}ms", d.count());
  return format_duration(std::chrono::duration_cast<Seconds>(d));
}

std::string format_duration(Seconds d) {
  if (d < Seconds{0}) d = -d;
  auto s = d.count();
  if (s < 60) return fmt::format("{}s", s);
  auto m = s / 60;
  if (m < 60) return fmt::format("{}m", m);
  auto h = m / 60;
  if (h < 48) return m % 60 ? fmt::format("{}h{}m", h, m % 60) : fmt::format("{}h", h);
  auto days = h / 24;
  return h % 24 ? fmt::format("{}d{}h", days, h % 24) : fmt::format("{}d", days);
}

Result<Zone> find_zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return fail(ErrorKind::usage,
                fmt::format("unknown time zone '{}': use an IANA name such as Asia/Kolkata or UTC",
                            name));
  }
}

std::string zone_name(Zone zone) { return std::string(zone->name()); }

std::vector<std::string> zone_names() {
  std::vector<std::string> out;
  try {
    const auto& db = date::get_tzdb();
    for (const auto& z : db.zones) {
      auto name = z.name();  // the system database also holds the posix/ and right/ copies
      if (!name.starts_with("posix") && !name.starts_with("right/")) out.emplace_back(name);
    }
  } catch (const std::exception&) {
    return {};
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool is_utc(Zone zone) {
  auto n = zone->name();
  return n == "UTC" || n == "Etc/UTC" || n == "Etc/UCT" || n == "UCT" || n == "Zulu";
}

Result<TimePoint> parse_user_time(std::string_view text, Zone zone) {
  date::year_month_day ymd;
  if (text.size() == 10 && split_date(text, ymd)) {
    return start_of_local_day(date::sys_days{ymd}, zone);
  }
  if (text.size() >= 16 && split_date(text.substr(0, 10), ymd) &&
      (text[10] == ' ' || text[10] == 'T')) {
    Seconds clock{};
    std::string_view tail = text.substr(11);
    if ((tail.size() == 5 || tail.size() == 8) && split_clock(tail, clock)) {
      auto local = date::local_days{ymd} + clock;
      try {
        return std::chrono::floor<Seconds>(zone->to_sys(local, date::choose::earliest));
      } catch (const std::exception&) {
        // A wall time skipped by DST: take the first valid instant after the gap.
        auto info = zone->get_info(local);
        return std::chrono::floor<Seconds>(info.second.begin);
      }
    }
    auto r = parse_rfc3339(text);
    if (r) return r;
  }
  return fail(ErrorKind::usage,
              fmt::format("invalid time '{}': use 2026-11-27, '2026-11-27 22:00' (local time) or "
                          "RFC 3339 such as 2026-11-27T16:30:00Z",
                          text));
}

std::string format_local(TimePoint t, Zone zone) { return format_local(t, zone, "%F %H:%M %Z"); }

std::string format_local(TimePoint t, Zone zone, const char* format) {
  return date::format(format, date::make_zoned(zone, t));
}

std::string relative(TimePoint t, TimePoint now) {
  auto d = t - now;
  if (d >= Seconds{-59} && d <= Seconds{59}) return "now";
  if (d < Seconds{0}) return format_duration(-d) + " ago";
  return "in " + format_duration(d);
}

std::chrono::sys_days local_day(TimePoint t, Zone zone) {
  auto local = zone->to_local(t);
  return std::chrono::sys_days{date::floor<date::days>(local).time_since_epoch()};
}

TimePoint start_of_local_day(std::chrono::sys_days day, Zone zone) {
  date::local_seconds local{day.time_since_epoch()};
  auto info = zone->get_info(local);
  if (info.result == date::local_info::nonexistent)
    return std::chrono::floor<Seconds>(info.second.begin);
  return std::chrono::floor<Seconds>(zone->to_sys(local, date::choose::earliest));
}

Result<std::chrono::sys_days> parse_date(std::string_view text) {
  date::year_month_day ymd;
  if (!split_date(text, ymd))
    return fail(ErrorKind::usage, fmt::format("invalid date '{}': expected YYYY-MM-DD", text));
  return date::sys_days{ymd};
}

std::string format_date(std::chrono::sys_days day) { return date::format("%F", day); }

}  // namespace hypercare::core
