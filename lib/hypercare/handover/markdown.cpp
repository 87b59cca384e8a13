#include "hypercare/handover/markdown.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/render/table.hpp"

namespace hypercare::handover {

namespace {

using nlohmann::json;

const json k_null = nullptr;
const json k_empty_array = json::array();

// Snapshots come from files people can edit: a missing or mistyped field renders as empty.
const json& at(const json& j, std::string_view key) {
  if (!j.is_object()) return k_null;
  auto it = j.find(key);
  return it == j.end() ? k_null : *it;
}
std::string str(const json& j, std::string_view key) {
  const auto& v = at(j, key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  return {};
}
const json& list(const json& j, std::string_view key) {
  const auto& v = at(j, key);
  return v.is_array() ? v : k_empty_array;
}
std::size_t count(const json& j, std::string_view key) {
  const auto& v = at(j, key);
  return v.is_number_unsigned() ? v.get<std::size_t>() : 0;
}

// One value in a Markdown table cell: one line, pipes escaped.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : render::one_line(text)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out.empty() ? "-" : out;
}

struct Writer {
  core::Zone zone;
  TimePoint written;
  std::string out;

  std::optional<TimePoint> time(const json& j, std::string_view key) const {
    auto t = core::parse_rfc3339(str(j, key));
    return t ? std::optional(*t) : std::nullopt;
  }
  // "21:40" on the day it was written, else "2026-11-26 21:40".
  std::string when(std::optional<TimePoint> t) const {
    if (!t) return "?";
    bool same_day = core::local_day(*t, zone) == core::local_day(written, zone);
    return core::format_local(*t, zone, same_day ? "%H:%M" : "%F %H:%M");
  }
  std::string ago(std::optional<TimePoint> t) const { return t ? core::relative(*t, written) : "?"; }

  void line(std::string_view s = {}) {
    out += s;
    out += '\n';
  }
  void section(std::string_view title) {
    line();
    line(fmt::format("### {}", title));
  }
  void extra(const Handover& h, std::string_view title) {
    for (const auto& s : h.sections)
      if (s.heading == title && !s.text.empty()) {
        line();
        line(s.text);
      }
  }
};

std::string who(const json& person) {
  auto id = str(person, "id"), name = str(person, "name");
  return name.empty() || name == id ? id : fmt::format("{} ({})", name, id);
}

void status_section(Writer& w, const Handover& h) {
  const auto& snap = h.snapshot;
  const auto& health = at(snap, "health");
  w.section(heading::status);
  const auto& incidents = list(snap, "incidents");
  std::array<std::size_t, 4> by_priority{};
  for (const auto& inc : incidents) {
    auto p = config::parse_priority(str(inc, "priority"));
    if (p) ++by_priority[std::size_t(*p)];
  }
  std::vector<std::string> counts;
  for (auto p : config::k_priorities)
    if (by_priority[std::size_t(p)]) counts.push_back(fmt::format("{} {}", config::priority_name(p), by_priority[std::size_t(p)]));
  const auto& c = at(snap, "counts");
  w.line(fmt::format("- All services: {}", health.is_object() ? str(health, "overall") : "UNKNOWN (no health run recorded)"));
  w.line(fmt::format("- Open incidents: {}{}", count(c, "open"),
                     counts.empty() ? "" : fmt::format(" ({})", fmt::join(counts, " · "))));
  w.line(fmt::format("- Pending issues: {}", count(c, "pending")));
  if (health.is_object()) {
    w.line();
    w.line("| Service | Status | Last checked |");
    w.line("|---------|--------|--------------|");
    for (const auto& s : list(health, "services"))
      w.line(fmt::format("| {} | {} | {} ({}) |", cell(str(s, "name")), str(s, "verdict"), w.when(w.time(s, "at")),
                         w.ago(w.time(s, "at"))));
    w.line();
    w.line(fmt::format("Latest health run {} at {}.", str(health, "run_id"), w.when(w.time(health, "at"))));
  }
  w.extra(h, heading::status);
}

void incidents_section(Writer& w, const Handover& h) {
  w.section(heading::incidents);
  const auto& incidents = list(h.snapshot, "incidents");
  if (incidents.empty()) {
    w.line("No open incidents.");
  } else {
    w.line("| ID | Priority | Status | Assignee | SLA | Description |");
    w.line("|----|----------|--------|----------|-----|-------------|");
    for (const auto& inc : incidents)
      w.line(fmt::format("| {} | {} | {} | {} | {} | {} |", str(inc, "id"), str(inc, "priority"), str(inc, "status"),
                         cell(str(inc, "assignee")), cell(str(inc, "clock")),
                         cell(str(inc, "title")) + (str(inc, "runbook_url").empty() ? "" : " ([runbook](" + cell(str(inc, "runbook_url")) + "))")));
  }
  w.extra(h, heading::incidents);
}

std::string brief(const json& inc) {
  return fmt::format("{} {} \"{}\"", str(inc, "id"), str(inc, "priority"), render::one_line(str(inc, "title")));
}

void pending_section(Writer& w, const Handover& h) {
  w.section(heading::pending);
  const auto& pending = at(h.snapshot, "pending");
  std::size_t lines = 0;
  for (const auto& inc : list(pending, "unacknowledged")) {
    w.line(fmt::format("- Unacknowledged: {} — {}", brief(inc), str(inc, "clock")));
    ++lines;
  }
  auto next_end = w.time(at(h.snapshot, "next_shift"), "end");
  for (const auto& inc : list(pending, "due")) {
    w.line(fmt::format("- SLA due before {}: {} — {} (due {})", w.when(next_end), brief(inc), str(inc, "clock"),
                       w.when(w.time(inc, "due"))));
    ++lines;
  }
  const auto& n = at(pending, "notifications");
  if (auto queued = count(n, "queued"), dead = count(n, "dead"); queued || dead) {
    std::vector<std::string> parts;
    if (queued) parts.push_back(fmt::format("{} queued", queued));
    if (dead) parts.push_back(fmt::format("{} dead-lettered", dead));
    w.line(fmt::format("- Notifications: {} — `hypercare notify list{}`", fmt::join(parts, ", "), dead ? " --failed" : ""));
    ++lines;
  }
  for (const auto& hf : list(pending, "hotfixes")) {
    auto message = str(hf, "message");
    w.line(fmt::format("- Hotfix not finished: {} {} {} — {}{} (started {})", str(hf, "id"), str(hf, "component"),
                       str(hf, "tag"), str(hf, "status"), message.empty() ? "" : ": " + render::one_line(message),
                       w.when(w.time(hf, "started_at"))));
    ++lines;
  }
  if (!lines) w.line("Nothing pending.");
  w.extra(h, heading::pending);
}

std::string hotfix_outcome(std::string_view status) {
  if (status == "succeeded") return "deployed";
  if (status == "rolled_back") return "rolled back";
  if (status == "failed") return "failed (its rollback failed too)";
  return std::string(status);
}

void changes_section(Writer& w, const Handover& h) {
  const auto& snap = h.snapshot;
  w.section(heading::changes);
  auto since = w.time(snap, "since");
  auto previous = str(snap, "since_handover");
  if (!previous.empty()) w.line(fmt::format("Since the previous handover {} at {}:", previous, w.when(since)));
  else w.line(fmt::format("Since the shift started at {}:", w.when(since)));
  w.line();
  const auto& c = at(snap, "changes");
  std::size_t lines = 0;
  auto each = [&](std::string_view key, auto render) {
    for (const auto& e : list(c, key)) {
      w.line(render(e));
      ++lines;
    }
  };
  each("incidents_opened", [&](const json& e) { return fmt::format("- Opened {} at {}", brief(e), w.when(w.time(e, "at"))); });
  each("incidents_escalated", [&](const json& e) {
    auto assignee = str(e, "assignee");
    return fmt::format("- Escalated {} to level {}{} at {}", brief(e), str(e, "level"),
                       assignee.empty() ? "" : fmt::format(" ({})", assignee), w.when(w.time(e, "at")));
  });
  each("incidents_resolved", [&](const json& e) { return fmt::format("- Resolved {} at {}", brief(e), w.when(w.time(e, "at"))); });
  each("checks_red", [&](const json& e) {
    auto message = str(e, "message");
    return fmt::format("- Went red: check {} ({}) {} at {}{}", str(e, "check"), str(e, "service"), str(e, "status"),
                       w.when(w.time(e, "at")), message.empty() ? "" : " — " + render::one_line(message));
  });
  each("checks_recovered", [&](const json& e) {
    return fmt::format("- Recovered: check {} ({}) at {}", str(e, "check"), str(e, "service"), w.when(w.time(e, "at")));
  });
  each("hotfixes", [&](const json& e) {
    return fmt::format("- Hotfix {} {} {}: {} at {}", str(e, "id"), str(e, "component"), str(e, "tag"),
                       hotfix_outcome(str(e, "status")), w.when(w.time(e, "at")));
  });
  if (!lines) w.line("Nothing changed.");
  w.extra(h, heading::changes);
}

void free_text(Writer& w, const Handover& h) {
  w.section(heading::watch);
  for (std::size_t i = 0; i < h.watch.size(); ++i) w.line(fmt::format("{}. {}", i + 1, render::one_line(h.watch[i])));
  if (h.watch.empty()) w.line(k_none);
  w.extra(h, heading::watch);

  w.section(heading::scheduled);
  auto scheduled = h.scheduled;
  std::stable_sort(scheduled.begin(), scheduled.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  for (const auto& s : scheduled)
    w.line(fmt::format("- {}: {}", format_scheduled_time(s.at, w.zone), render::one_line(s.activity)));
  if (scheduled.empty()) w.line(k_none);
  w.extra(h, heading::scheduled);

  w.section(heading::notes);
  for (std::size_t i = 0; i < h.notes.size(); ++i) {
    if (i) w.line();
    w.line(h.notes[i]);
  }
  if (h.notes.empty()) w.line(k_none);
  w.extra(h, heading::notes);

  // Sections a person added under headings of their own.
  constexpr std::string_view known[] = {heading::status,  heading::incidents, heading::pending, heading::changes,
                                        heading::watch,   heading::scheduled, heading::notes,   heading::confirmation};
  for (const auto& s : h.sections) {
    if (std::find(std::begin(known), std::end(known), s.heading) != std::end(known)) continue;
    w.section(s.heading);
    w.line(s.text);
  }
}

void confirmation_section(Writer& w, const Handover& h) {
  w.section(heading::confirmation);
  auto confirmed = h.confirmed();
  for (const auto& item : k_checklist) {
    bool done = std::find(confirmed.begin(), confirmed.end(), item.name) != confirmed.end();
    w.line(fmt::format("- [{}] {}", done ? 'x' : ' ', item.label));
  }
  w.line();
  if (const auto* a = h.first_acceptance()) {
    std::string by = a->as_other ? fmt::format("{} on behalf of {}", a->by, h.to) : a->by;
    w.line(fmt::format("Accepted by {} at {}.", by, core::format_local(a->at, w.zone, "%F %H:%M %Z")));
    for (std::size_t i = 1; i < h.acceptances.size(); ++i) {
      const auto& later = h.acceptances[i];
      if (!later.confirmed.empty())
        w.line(fmt::format("{} confirmed {} at {}.", later.by, fmt::join(later.confirmed, ", "),
                           core::format_local(later.at, w.zone, "%F %H:%M %Z")));
    }
    auto open = h.unconfirmed();
    if (!open.empty())
      w.line(fmt::format("Not confirmed yet: {} (`hypercare handover accept {} --confirm {}`).", fmt::join(open, ", "), h.id,
                         fmt::join(open, ",")));
  } else if (h.id.empty()) {
    w.line(fmt::format("Not accepted yet: {} signs off once it is saved.", h.to));
  } else {
    w.line(fmt::format("Not accepted yet: {} signs off with `hypercare handover accept {} --all`.", h.to, h.id));
  }
}

}  // namespace

std::string format_scheduled_time(TimePoint t, core::Zone zone) { return core::format_local(t, zone, "%F %H:%M %Z"); }

std::string render_markdown(const Handover& h, core::Zone zone) {
  Writer w{zone, h.created_at, {}};
  const auto& snap = h.snapshot;
  auto team = str(snap, "team");
  w.line(fmt::format("# Shift Handover {}{}", h.id.empty() ? "(draft)" : h.id, team.empty() ? "" : " — " + team));
  w.line();
  w.line(fmt::format("## Handover From: {}", who(at(snap, "from"))));
  w.line(fmt::format("## Handover To: {}", who(at(snap, "to"))));
  w.line(fmt::format("## Date/Time: {}", core::format_local(h.created_at, zone, "%F %H:%M %Z")));
  w.line();
  auto window = [&](const json& s) {
    auto slot = str(s, "slot");
    return fmt::format("{}{} – {}", slot.empty() ? "" : fmt::format("slot {}, ", slot), w.when(w.time(s, "start")),
                       w.when(w.time(s, "end")));
  };
  w.line(fmt::format("Outgoing shift: {}. Incoming shift: {}. Times are {} ({}).", window(at(snap, "shift")),
                     window(at(snap, "next_shift")), core::format_local(h.created_at, zone, "%Z"), core::zone_name(zone)));
  status_section(w, h);
  incidents_section(w, h);
  pending_section(w, h);
  changes_section(w, h);
  free_text(w, h);
  confirmation_section(w, h);
  return w.out;
}

}  // namespace hypercare::handover
