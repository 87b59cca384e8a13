// index.html: for the team, the one page to open at 3 a.m. (who is on call, what is open and how
// long it has left, how the services are, what is planned); with --public, a status page for
// stakeholders that names no one and links nowhere inside.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "hypercare/health/result.hpp"
#include "hypercare/site/page.hpp"
#include "hypercare/site/pages.hpp"

namespace hypercare::site {

namespace {

using incident::Incident;

std::string percent(double p) {
  if (p >= 100) return "100";
  return fmt::format("{:.2f}", std::floor(p * 100) / 100);
}

std::string_view verdict_tone(health::Status s) {
  return s == health::Status::ok ? "good" : s == health::Status::warn ? "warn" : "bad";
}

std::string verdict_html(health::Status s) {
  return badge(health::verdict_name(s), verdict_tone(s));
}

// One cell a day; each says what it shows in text as well as in colour.
std::string strip_html(const Inputs& in, const Service& s) {
  std::string out =
      fmt::format("<ol class=\"strip\" aria-label=\"{} uptime, day by day, the last {} days\">",
                  esc(s.name), in.strip.size());
  for (std::size_t d = 0; d < in.strip.size(); ++d) {
    auto day = core::format_date(in.strip[d]);
    const auto& u = s.uptime[d];
    const char *cls = "none", *mark = "·";
    std::string text = day + ": no data";
    if (u) {
      cls = *u >= 100 ? "up" : *u >= 99 ? "degraded" : "down";
      mark = *u >= 100 ? "✓" : *u >= 99 ? "!" : "✗";
      text = fmt::format("{}: {} % up", day, percent(*u));
    }
    out += fmt::format(
        "<li class=\"{}\" title=\"{}\"><span aria-hidden=\"true\">{}</span><span "
        "class=\"sr\">{}</span></li>",
        cls, text, mark, text);
  }
  return out + "</ol>";
}

std::string services_html(const Options& o, const Inputs& in) {
  std::string out = "<h2 id=\"services\">Services</h2>\n";
  if (in.services.empty())
    return out + "<p>No health check has recorded a result yet (hypercare health-check).</p>\n";
  std::string rows;
  for (const auto& s : in.services)
    rows += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}{}</td><td>{}</td></tr>\n",
                        esc(s.name), verdict_html(s.status), time_html(o, s.checked_at),
                        s.stale ? " " + badge("no recent result", "muted") : std::string(),
                        strip_html(in, s));
  out += table({},
               {"Service", "Verdict", "Last checked",
                fmt::format("Uptime, the last {} days", in.strip.size())},
               rows);
  return out +
         "<ul class=\"legend\"><li>✓ 100 % up that day</li><li>! at least 99 %</li><li>✗ below 99 "
         "%</li>"
         "<li>· no results</li></ul>\n";
}

std::string window_html(const Inputs& in) {
  if (!in.window)
    return "<p class=\"as-of\">hypercare.toml sets no hypercare window ([hypercare] start).</p>\n";
  const auto& w = *in.window;
  auto span = fmt::format("{} to {}", core::format_date(w.start), core::format_date(w.last));
  if (w.phase == "before")
    return fmt::format("<p class=\"as-of\">Hypercare starts {} ({} days, {}).</p>\n",
                       core::format_date(w.start), w.days, span);
  if (w.phase == "after")
    return fmt::format("<p class=\"as-of\">Hypercare ended: {} days, {}.</p>\n", w.days, span);
  return fmt::format("<p class=\"as-of\">Hypercare day {} of {} ({}).</p>\n", w.day, w.days, span);
}

std::string maintenance_html(const Options& o, const Inputs& in) {
  std::string out = "<h2 id=\"maintenance\">Maintenance</h2>\n";
  if (in.maintenance.empty()) return out + "<p>None active or scheduled.</p>\n";
  std::string rows;
  for (const auto& w : in.maintenance) {
    auto components = w.components.empty() ? std::string("everything")
                                           : fmt::format("{}", fmt::join(w.components, ", "));
    auto state = w.active(o.as_of) ? badge("active", "warn") : badge("scheduled", "plain");
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>", state, esc(components),
                        time_html(o, w.from), time_html(o, w.end()));
    if (!o.public_site) rows += fmt::format("<td>{}</td><td>{}</td>", esc(w.id), esc(w.message));
    rows += "</tr>\n";
  }
  if (o.public_site) return out + table({}, {"State", "Components", "From", "Until"}, rows);
  return out + table({}, {"State", "Components", "From", "Until", "Window", "Why"}, rows);
}

// ---- the team's dashboard ------------------------------------------------------------------

std::string person_html(const config::Person* p) {
  if (!p) return "<span class=\"muted\">nobody</span>";
  std::string out = esc(p->display());
  std::vector<std::string> contacts;
  if (!p->phone.empty())
    contacts.push_back(fmt::format("<a href=\"tel:{}\">{}</a>", esc(p->phone), esc(p->phone)));
  if (!p->email.empty())
    contacts.push_back(fmt::format("<a href=\"mailto:{}\">{}</a>", esc(p->email), esc(p->email)));
  if (!p->slack.empty()) contacts.push_back(esc(p->slack));
  if (!contacts.empty()) out += fmt::format(" · {}", fmt::join(contacts, " · "));
  return out;
}

std::string on_call_html(const Options& o, const Inputs& in) {
  std::string out = "<h2 id=\"on-call\">On call</h2>\n";
  if (!o.schedule || !in.on_call) return out + "<p>The ops dir has no rota (rota.toml).</p>\n";
  const auto& oc = *in.on_call;
  const auto& rota = o.schedule->config();
  std::string rows;
  auto until = oc.current ? fmt::format(" until {}", time_html(o, oc.current->end)) : std::string();
  auto slot = oc.current ? esc(rota.slots[oc.current->slot].name) : std::string("—");
  rows += fmt::format("<tr><th scope=\"row\">Primary</th><td>{}</td><td>{}{}</td></tr>\n",
                      person_html(oc.primary), slot, until);
  rows += fmt::format(
      "<tr><th scope=\"row\">Secondary</th><td>{}</td><td>the next on the rota</td></tr>\n",
      person_html(oc.secondary));
  if (oc.tertiary)
    rows += fmt::format("<tr><th scope=\"row\">Lead</th><td>{}</td><td>P1 escalation</td></tr>\n",
                        person_html(oc.tertiary));
  if (oc.next)
    rows += fmt::format("<tr><th scope=\"row\">Next</th><td>{}</td><td>{} from {}</td></tr>\n",
                        person_html(rota.person(oc.next->member)),
                        esc(rota.slots[oc.next->slot].name), time_html(o, oc.next->start));
  return out + table({}, {"Role", "Who", "Shift"}, rows);
}

std::string open_incidents_html(const Options& o, const Inputs& in) {
  std::string out = "<h2 id=\"open\">Open incidents</h2>\n";
  std::map<config::Priority, std::vector<const Incident*>> by_priority;
  for (const auto& inc : in.incidents)
    if (inc.is_open()) by_priority[inc.priority].push_back(&inc);
  if (by_priority.empty()) return out + "<p>None.</p>\n";
  std::vector<std::string> counts;
  for (auto p : config::k_priorities)
    counts.push_back(fmt::format("{} {}", config::priority_name(p), by_priority[p].size()));
  out += fmt::format("<p>{} (SLA clocks as of {}).</p>\n", fmt::join(counts, " · "),
                     time_html(o, o.as_of));
  for (auto& [p, list] : by_priority) {
    if (list.empty()) continue;
    std::stable_sort(list.begin(), list.end(), [](const Incident* a, const Incident* b) {
      return a->created_at < b->created_at;
    });
    out += fmt::format("<h3>{}</h3>\n", config::priority_name(p));
    out += table({}, {"Incident", "Priority", "Status", "Title", "Component", "Opened", "SLA"},
                 incident_rows(o, list, ""));
  }
  return out;
}

std::string handover_html(const Options& o, const Inputs& in) {
  std::string out = "<h2 id=\"handover\">Latest handover</h2>\n";
  if (!in.handover) return out + "<p>None yet (hypercare handover new).</p>\n";
  const auto& h = *in.handover;
  std::string state = badge("not accepted yet", "warn");
  if (const auto* a = h.first_acceptance()) {
    auto open = h.unconfirmed();
    state = fmt::format("{} by {}", badge("accepted", "good"), esc(a->by));
    if (!open.empty())
      state += fmt::format(" · unconfirmed: {}", esc(fmt::format("{}", fmt::join(open, ", "))));
  }
  std::string rows =
      fmt::format("<tr><td>{}</td><td>{} → {}</td><td>{}</td><td>{}</td></tr>\n", esc(h.id),
                  esc(h.from), esc(h.to), time_html(o, h.created_at), state);
  out += table({}, {"Handover", "From → to", "Written", "State"}, rows);
  if (!h.notes.empty()) {
    out += "<ul>";
    for (const auto& n : h.notes) out += fmt::format("<li>{}</li>", esc(n));
    out += "</ul>\n";
  }
  return out;
}

std::string outbox_html(const Options& o, const Inputs& in) {
  std::string out = "<h2 id=\"notifications\">Notifications waiting</h2>\n";
  if (in.outbox.empty()) return out + "<p>None: every notification was delivered.</p>\n";
  std::string rows;
  for (const auto& e : in.outbox) {
    auto state =
        e.state == notify::EntryState::dead ? badge("gave up", "bad") : badge("waiting", "warn");
    rows += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", state,
        esc(e.channel), esc(e.summary), time_html(o, e.created_at), e.attempts, esc(e.last_error));
  }
  return out + table({}, {"State", "Channel", "What", "Queued", "Attempts", "Last error"}, rows);
}

std::string criteria_html(const Inputs& in) {
  if (!in.window || in.window->phase != "after" || !in.summary) return {};
  std::string rows;
  for (const auto& t : in.summary->targets) {
    auto v = report::verdict_name(t.verdict);
    auto tone = t.verdict == report::Verdict::met      ? "good"
                : t.verdict == report::Verdict::missed ? "bad"
                                                       : "muted";
    rows += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        esc(t.metric), esc(t.target_text), esc(t.actual_text), badge(v, tone));
  }
  if (rows.empty()) return {};
  return "<h2 id=\"criteria\">Success criteria</h2>\n" +
         table({}, {"Metric", "Target", "Actual", "Verdict"}, rows) +
         "<p><a href=\"reports/summary.html\">The hypercare summary</a></p>\n";
}

// ---- the public status page ----------------------------------------------------------------

std::string public_incidents_html(const Options& o, const Inputs& in) {
  std::map<std::string, std::vector<const Incident*>> open, recent;
  auto since = o.as_of - std::chrono::days(k_strip_days);
  for (const auto& inc : in.incidents) {
    if (inc.left_out()) continue;  // duplicates, false alarms, and what planned maintenance opened
    auto component = inc.component.empty() ? std::string("other") : inc.component;
    if (inc.is_open())
      open[component].push_back(&inc);
    else if (inc.resolved_at && *inc.resolved_at >= since)
      recent[component].push_back(&inc);
  }
  auto section = [&](const std::map<std::string, std::vector<const Incident*>>& groups,
                     bool resolved) {
    std::string out;
    for (const auto& [component, list] : groups) {
      std::string rows;
      for (const auto* inc : list) {
        rows += fmt::format("<tr><td>{}</td>", config::priority_name(inc->priority));
        if (!resolved) rows += fmt::format("<td>{}</td>", esc(incident::state_name(inc->status)));
        rows += fmt::format("<td>{}</td>", time_html(o, inc->created_at));
        if (resolved)
          rows += fmt::format("<td>{}</td><td>{}</td>", time_html(o, *inc->resolved_at),
                              esc(core::format_duration(std::chrono::duration_cast<core::Seconds>(
                                  *inc->resolved_at - inc->created_at))));
        rows += "</tr>\n";
      }
      out += fmt::format("<h3>{}</h3>\n", esc(component));
      out += resolved ? table({}, {"Priority", "Started", "Resolved", "Lasted"}, rows)
                      : table({}, {"Priority", "Status", "Started"}, rows);
    }
    return out;
  };
  std::string out = "<h2 id=\"open\">Open incidents</h2>\n";
  out += open.empty() ? "<p>None.</p>\n" : section(open, false);
  out += fmt::format("<h2 id=\"recent\">Resolved in the last {} days</h2>\n", k_strip_days);
  out += recent.empty() ? "<p>None.</p>\n" : section(recent, true);
  return out;
}

std::string overall_html(const Inputs& in) {
  auto worst = health::Status::ok;
  for (const auto& s : in.services) worst = health::worst(worst, s.status);
  auto open = std::count_if(in.incidents.begin(), in.incidents.end(),
                            [](const Incident& i) { return i.is_open() && !i.left_out(); });
  if (worst == health::Status::ok && open == 0)
    return fmt::format("<p>{} All services are working.</p>\n", badge("GREEN", "good"));
  return fmt::format("<p>{} {} open incident{}; {}.</p>\n", verdict_html(worst), open,
                     open == 1 ? "" : "s",
                     worst == health::Status::ok ? "every service passed its latest checks"
                                                 : "some services are affected");
}

}  // namespace

void dashboard(const Options& o, const Inputs& in, Output& out) {
  std::string body = window_html(in);
  body += fmt::format("<p class=\"as-of\">As of {}.</p>\n", time_html(o, o.as_of));
  if (o.public_site) {
    body += overall_html(in) + services_html(o, in) + public_incidents_html(o, in) +
            maintenance_html(o, in);
    out.put("index.html",
            page(o, {fmt::format("{} status", o.cfg->team_name), "", "index", "index.html"}, body));
    return;
  }
  body += on_call_html(o, in) + open_incidents_html(o, in) + services_html(o, in) +
          maintenance_html(o, in) + handover_html(o, in) + outbox_html(o, in) + criteria_html(in);
  out.put(
      "index.html",
      page(o, {fmt::format("{} hypercare", o.cfg->team_name), "", "index", "index.html"}, body));
}

}  // namespace hypercare::site
