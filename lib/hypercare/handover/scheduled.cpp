#include "hypercare/handover/scheduled.hpp"

#include <cctype>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "hypercare/core/text.hpp"

namespace hypercare::handover {

namespace {

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

std::string_view without_colon(std::string_view w) { return w.ends_with(':') ? w.substr(0, w.size() - 1) : w; }

bool is_clock(std::string_view w) {
  return w.size() == 5 && std::isdigit(static_cast<unsigned char>(w[0])) && std::isdigit(static_cast<unsigned char>(w[1])) &&
         w[2] == ':' && std::isdigit(static_cast<unsigned char>(w[3])) && std::isdigit(static_cast<unsigned char>(w[4]));
}

// "22:30": the next time the wall clock shows it, from `now` on.
std::optional<TimePoint> next_clock(std::string_view w, core::Zone zone, TimePoint now) {
  auto today = core::local_day(now, zone);
  for (int d = 0; d < 2; ++d) {
    auto t = core::parse_user_time(fmt::format("{} {}", core::format_date(today + std::chrono::days(d)), w), zone);
    if (!t) return std::nullopt;
    if (*t >= now) return *t;
  }
  return std::nullopt;
}

}  // namespace

core::Result<Scheduled> parse_scheduled(std::string_view text, core::Zone zone, TimePoint now) {
  auto bad = [&](std::string_view why) {
    return core::fail(core::ErrorKind::usage, fmt::format("--scheduled '{}': {}", text, why),
                      "write it as \"22:30 restart the celery workers\" or \"2026-11-28 02:00 DB backup check\" (team time zone)");
  };
  auto w = words(text);
  std::optional<TimePoint> at;
  std::size_t used = 0;
  if (w.size() >= 2 && w[0].size() == 10) {
    if (auto t = core::parse_user_time(fmt::format("{} {}", w[0], without_colon(w[1])), zone)) at = *t, used = 2;
  }
  if (!at && !w.empty()) {
    auto first = without_colon(w[0]);
    if (is_clock(first)) {
      if (auto t = next_clock(first, zone, now)) at = *t, used = 1;
    } else if (first.size() > 10) {  // RFC 3339 or "2026-11-28T02:00"
      if (auto t = core::parse_user_time(first, zone)) at = *t, used = 1;
    }
  }
  if (!at) return bad("it must start with a time: HH:MM, YYYY-MM-DD HH:MM or RFC 3339");
  // The zone's abbreviation as the document writes it ("IST").
  if (used < w.size() && core::iequals(without_colon(w[used]), core::format_local(*at, zone, "%Z"))) ++used;
  auto end_of_time = std::size_t(w[used - 1].data() + w[used - 1].size() - text.data());
  std::string_view rest = text.substr(end_of_time);
  auto trim = [](std::string_view s) {
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) || s.front() == ':' || s.front() == '-'))
      s.remove_prefix(1);
    if (s.starts_with("—") || s.starts_with("–")) s.remove_prefix(3);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  };
  auto activity = trim(rest);
  if (activity.empty()) return bad("say what is scheduled after the time");
  return Scheduled{*at, std::string(activity)};
}

}  // namespace hypercare::handover
