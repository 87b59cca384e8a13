// rota/index.html: a month calendar per slot, overrides and swaps marked; and the feeds a calendar
// app subscribes to: rota/team.ics for everyone, rota/MEMBER.ics for each member.
#include <fmt/format.h>

#include <map>

#include "hypercare/rota/export.hpp"
#include "hypercare/site/page.hpp"
#include "hypercare/site/pages.hpp"

namespace hypercare::site {

namespace {

using rota::Shift;
using std::chrono::days;
using std::chrono::sys_days;

constexpr std::string_view k_months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};

// The days shown and fed: the hypercare window's, else the next four weeks.
std::pair<sys_days, sys_days> span_of(const Options& o) {
  auto today = core::local_day(o.as_of, o.cfg->zone);
  if (o.cfg->start) return {*o.cfg->start, *o.cfg->start + days(o.cfg->days - 1)};
  return {today, today + days(27)};
}

std::string feed_name(const config::Person& p) {
  auto name = file_name(p.id);
  return name == "team" ? "team-member" : name;
}

std::string stretch_html(const Options& o, const config::RotaConfig& rota, const Shift& s,
                         const Shift* base) {
  const auto* p = rota.person(s.member);
  std::string who = esc(p ? p->display() : s.member);
  if (s.is_override()) {
    bool whole = base && base->start == s.start && base->end == s.end;
    auto hours = whole ? std::string()
                       : fmt::format(" {}–{}", core::format_local(s.start, o.zone, "%H:%M"),
                                     core::format_local(s.end, o.zone, "%H:%M"));
    return fmt::format("<li>↻ {}{} <span class=\"sr\">(override)</span></li>", who, hours);
  }
  if (!s.swap_id.empty()) return fmt::format("<li>⇄ {} <span class=\"sr\">(swap)</span></li>", who);
  return fmt::format("<li>{}</li>", who);
}

std::string month_html(
    const Options& o, const rota::Schedule& schedule, std::size_t slot, std::chrono::year_month ym,
    std::pair<sys_days, sys_days> span,
    const std::map<std::pair<std::size_t, sys_days>, std::vector<const Shift*>>& by_day) {
  const auto& rota = schedule.config();
  sys_days first = std::max(sys_days(ym / 1), span.first),
           last = std::min(sys_days(ym / std::chrono::last), span.second);
  // Weeks start on Monday.
  auto lead = std::chrono::weekday(first).iso_encoding() - 1;
  std::string rows;
  sys_days d = first - days(lead);
  while (d <= last) {
    rows += "<tr>";
    for (int i = 0; i < 7; ++i, d += days(1)) {
      bool inside = d >= first && d <= last;
      std::chrono::year_month_day ymd{d};
      rows += fmt::format("<td{}><span class=\"day-no\">{}</span>",
                          inside ? "" : " class=\"outside\"", unsigned(ymd.day()));
      if (inside) {
        if (auto it = by_day.find({slot, d}); it != by_day.end()) {
          auto base = schedule.base(d, slot);
          rows += "<ul class=\"names\">";
          for (const auto* s : it->second) rows += stretch_html(o, rota, *s, &base);
          rows += "</ul>";
        }
      }
      rows += "</td>";
    }
    rows += "</tr>\n";
  }
  const auto& sl = rota.slots[slot];
  auto caption =
      fmt::format("{} ({}–{}), {} {}", esc(sl.name), config::format_clock(sl.start),
                  config::format_clock(sl.end), k_months[unsigned(ym.month()) - 1], int(ym.year()));
  return table(caption, {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}, rows, "month");
}

std::string feed_link(const Options& o, std::string_view file, std::string_view label) {
  if (o.base_url.empty()) return fmt::format("<a href=\"{}\">{}</a>", esc(file), esc(label));
  auto url = o.base_url + "rota/" + std::string(file);
  std::string webcal = url;
  for (std::string_view scheme : {"https://", "http://"})
    if (webcal.starts_with(scheme)) webcal = "webcal://" + webcal.substr(scheme.size());
  return fmt::format("<a href=\"{}\">{}</a> (subscribe: <code>{}</code>)", esc(url), esc(label),
                     esc(webcal));
}

}  // namespace

void rota_pages(const Options& o, Output& out) {
  if (!o.schedule) {
    out.put("rota/index.html",
            page(o, {"Rota", "../", "rota", "rota/index.html"},
                 "<p>The ops dir has no rota (rota.toml): hypercare init writes one.</p>\n"));
    return;
  }
  const auto& schedule = *o.schedule;
  const auto& rota = schedule.config();
  auto [from, to] = span_of(o);
  auto shifts = schedule.shifts(from, int((to - from).count()) + 1);
  std::map<std::pair<std::size_t, sys_days>, std::vector<const Shift*>> by_day;
  for (const auto& s : shifts) by_day[{s.slot, s.day}].push_back(&s);

  std::string body =
      fmt::format("<p class=\"as-of\">{} to {}, in {}.</p>\n", core::format_date(from),
                  core::format_date(to), esc(core::zone_name(rota.zone)));
  body += "<h2 id=\"feeds\">Calendar feeds</h2>\n<ul>\n";
  body += fmt::format("<li>{}</li>\n", feed_link(o, "team.ics", "Everyone's shifts"));
  for (const auto& m : rota.members)
    body += fmt::format("<li>{}</li>\n", feed_link(o, feed_name(m) + ".ics", m.display()));
  body += "</ul>\n";
  body +=
      "<ul class=\"legend\"><li>↻ an override: someone else covers (that part of) the shift</li>"
      "<li>⇄ a swap: two members traded shifts</li></ul>\n";
  for (std::size_t slot = 0; slot < rota.slots.size(); ++slot) {
    body += fmt::format("<h2 id=\"slot-{}\">{}</h2>\n", slot + 1, esc(rota.slots[slot].name));
    std::chrono::year_month_day start{from};
    for (auto ym = start.year() / start.month(); sys_days(ym / 1) <= to;
         ym += std::chrono::months(1))
      body += month_html(o, schedule, slot, ym, {from, to}, by_day);
  }
  out.put("rota/index.html", page(o, {"Rota", "../", "rota", "rota/index.html"}, body));

  auto uid = rota::uid_domain_for(o.cfg->team_name);
  // DTSTAMP: the day the feed was built, so a build every few minutes leaves it alone all day.
  auto stamp = std::chrono::time_point_cast<core::Seconds>(std::chrono::floor<days>(o.as_of));
  out.put("rota/team.ics",
          rota::to_ical(shifts, {rota, fmt::format("{} on call", o.cfg->team_name), stamp, uid}));
  for (const auto& m : rota.members) {
    std::vector<Shift> mine;
    for (const auto& s : shifts)
      if (s.member == m.id) mine.push_back(s);
    out.put("rota/" + feed_name(m) + ".ics",
            rota::to_ical(mine, {rota, fmt::format("{} on call: {}", o.cfg->team_name, m.display()),
                                 stamp, uid}));
  }
}

}  // namespace hypercare::site
