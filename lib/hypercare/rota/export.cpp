#include "hypercare/rota/export.hpp"

#include <date/date.h>
#include <fmt/format.h>

namespace hypercare::rota {

namespace {

std::string ical_time(TimePoint t) { return date::format("%Y%m%dT%H%M%SZ", t); }

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string slot_label(const Shift& s, const config::RotaConfig& rota) {
  const auto& slot = rota.slots[s.slot];
  return fmt::format("{} {}–{}", slot.name, config::format_clock(slot.start), config::format_clock(slot.end));
}

}  // namespace

std::string uid_domain_for(std::string_view team_name) {
  std::string slug;
  for (char c : team_name) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) slug += c;
    else if (c >= 'A' && c <= 'Z') slug += char(c - 'A' + 'a');
    else if (!slug.empty() && slug.back() != '-') slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "hypercare" : slug + ".hypercare";
}

std::string ical_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

std::string ical_fold(std::string_view line) {
  std::string out;
  std::size_t width = 0;  // octets on the current physical line
  for (std::size_t i = 0; i < line.size();) {
    // Never split a UTF-8 sequence: measure the whole character first.
    unsigned char c = static_cast<unsigned char>(line[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    len = std::min(len, line.size() - i);
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line.substr(i, len));
    width += len;
    i += len;
  }
  return out + "\r\n";
}

nlohmann::json person_json(const config::Person* p) {
  if (!p) return nullptr;
  nlohmann::json j = {{"id", p->id}, {"name", p->display()}};
  if (!p->email.empty()) j["email"] = p->email;
  if (!p->slack.empty()) j["slack"] = p->slack;
  if (!p->phone.empty()) j["phone"] = p->phone;
  return j;
}

nlohmann::json shift_json(const Shift& s, const config::RotaConfig& rota) {
  nlohmann::json j = {{"start", core::format_rfc3339(s.start)},
                      {"end", core::format_rfc3339(s.end)},
                      {"day", core::format_date(s.day)},
                      {"slot", rota.slots[s.slot].name},
                      {"member", s.member},
                      {"override", s.is_override()}};
  if (s.is_override()) j["override_id"] = s.override_id;
  if (!s.swap_id.empty()) j["swap_id"] = s.swap_id;
  return j;
}

std::string to_ical(const std::vector<Shift>& shifts, const ExportContext& ctx) {
  std::string out;
  auto line = [&](std::string_view text) { out += ical_fold(text); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line(fmt::format("PRODID:-//hypercare//hypercare {}//EN", HYPERCARE_VERSION));
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  if (!ctx.calendar_name.empty()) line("X-WR-CALNAME:" + ical_escape(ctx.calendar_name));
  std::string stamp = ical_time(ctx.now);
  for (const auto& s : shifts) {
    const auto* p = ctx.rota.person(s.member);
    std::string who = p ? p->display() : s.member;
    const auto& slot = ctx.rota.slots[s.slot];
    line("BEGIN:VEVENT");
    // Stable across exports: the same slot start and member always give the same UID, so
    // calendar apps update the event instead of adding a copy.
    line(fmt::format("UID:{}-{}-{}@{}", ical_time(s.start), slot.name, s.member, ctx.uid_domain));
    line("DTSTAMP:" + stamp);
    line("DTSTART:" + ical_time(s.start));
    line("DTEND:" + ical_time(s.end));
    line("SUMMARY:" + ical_escape(fmt::format("On call: {} (slot {}){}", who, slot.name, s.is_override() ? " — override" : "")));
    std::string desc = fmt::format("Slot {} ({} in {}), day {}.", slot_label(s, ctx.rota), "wall clock", ctx.rota.timezone,
                                   core::format_date(s.day));
    if (p && !p->email.empty()) desc += "\nEmail: " + p->email;
    if (p && !p->phone.empty()) desc += "\nPhone: " + p->phone;
    if (s.is_override()) desc += "\nOverride " + s.override_id;
    line("DESCRIPTION:" + ical_escape(desc));
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

std::string to_csv(const std::vector<Shift>& shifts, const config::RotaConfig& rota) {
  std::string out = "start,end,day,slot,member,name,override\r\n";
  for (const auto& s : shifts) {
    const auto* p = rota.person(s.member);
    out += fmt::format("{},{},{},{},{},{},{}\r\n", core::format_rfc3339(s.start), core::format_rfc3339(s.end),
                       core::format_date(s.day), csv_field(rota.slots[s.slot].name), csv_field(s.member),
                       csv_field(p ? p->display() : s.member), s.is_override() ? s.override_id : "");
  }
  return out;
}

}  // namespace hypercare::rota
