// incidents/index.html (every incident, newest first) and a page per incident: its fields, SLA
// clocks, whole timeline and the hotfixes that name it. The team's site only.
#include <fmt/format.h>

#include <algorithm>

#include "hypercare/core/parallel.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/incident/sla.hpp"
#include "hypercare/site/page.hpp"
#include "hypercare/site/pages.hpp"

namespace hypercare::site {

namespace {

using incident::Incident;

std::string_view id_of(const Incident& inc) { return inc.id; }
std::string_view id_of(const std::string& id) { return id; }

std::string_view clock_tone(incident::SlaClock::Tone t) {
  switch (t) {
    case incident::SlaClock::Tone::soon:
      return "warn";
    case incident::SlaClock::Tone::bad:
      return "bad";
    case incident::SlaClock::Tone::good:
      return "good";
    default:
      return "plain";
  }
}

std::string field(std::string_view name, std::string_view html) {
  if (html.empty()) return {};
  return fmt::format("<dt>{}</dt><dd>{}</dd>\n", name, html);
}

bool is_web_url(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

std::string fields_html(const Options& o, const Inputs& in, const Incident& inc) {
  std::string out = "<dl class=\"fields\">\n";
  out += field("Priority", config::priority_name(inc.priority));
  out += field("Status", esc(incident::state_name(inc.status)));
  out += field("Component", esc(inc.component));
  out += field("Impact", esc(inc.impact));
  out += field("Description", esc(inc.description));
  out += field("Assignee", esc(inc.assignee));
  out +=
      field("Opened", fmt::format("{} by {}", time_html(o, inc.created_at), esc(inc.created_by)));
  if (inc.acknowledged_at)
    out += field("Acknowledged", fmt::format("{} by {}", time_html(o, *inc.acknowledged_at),
                                             esc(inc.acknowledged_by)));
  if (inc.resolved_at) out += field("Resolved", time_html(o, *inc.resolved_at));
  if (!inc.resolved_as().empty()) out += field("Resolved as", esc(inc.resolved_as()));
  if (!inc.duplicate_of.empty()) {
    bool listed =
        std::binary_search(in.incidents.begin(), in.incidents.end(), inc.duplicate_of,
                           [](const auto& a, const auto& b) { return id_of(a) < id_of(b); });
    out += field("Duplicate of",
                 listed ? fmt::format("<a href=\"{}.html\">{}</a>", file_name(inc.duplicate_of),
                                      esc(inc.duplicate_of))
                        : esc(inc.duplicate_of));
  }
  out += field("Root cause", esc(inc.root_cause));
  out += field("Resolution", esc(inc.resolution));
  if (!inc.tags.empty()) out += field("Tags", esc(fmt::format("{}", fmt::join(inc.tags, ", "))));
  if (inc.escalation_level > 0)
    out += field("Escalation level", std::to_string(inc.escalation_level));
  out += field("Maintenance window", esc(inc.maintenance));
  if (!inc.runbook_url
           .empty())  // a link only to the web: never a javascript: or file: URL from an alert
    out += field("Runbook", is_web_url(inc.runbook_url)
                                ? fmt::format("<a href=\"{0}\">{0}</a>", esc(inc.runbook_url))
                                : esc(inc.runbook_url));
  if (!inc.labels.empty()) {
    std::string labels;
    for (const auto& [k, v] : inc.labels)
      labels += fmt::format("<code>{}={}</code> ", esc(k), esc(v));
    out += field("Alert labels", labels);
  }
  return out + "</dl>\n";
}

std::string sla_section(const Options& o, const Incident& inc) {
  auto sla = incident::compute_sla(inc, *o.cfg, o.as_of);
  std::string rows;
  auto row = [&](std::string_view clock, core::TimePoint due, bool breached,
                 std::optional<core::Seconds> took) {
    std::string state = took ? fmt::format("met in {}", core::format_duration(*took)) : "running";
    if (breached)
      state = took ? fmt::format("breached: took {}", core::format_duration(*took)) : "breached";
    rows += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>\n", clock,
                        time_html(o, due),
                        badge(state, breached ? "bad"
                                     : took   ? "good"
                                              : "plain"));
  };
  row("Response", sla.response_due, sla.response_breached, sla.response_time);
  row("Resolution", sla.resolution_due, sla.resolution_breached, sla.resolution_time);
  return fmt::format("<h2 id=\"sla\">SLA</h2>\n<p>{}</p>\n", sla_html(o, inc)) +
         table({}, {"Clock", "Due", "State"}, rows);
}

std::string timeline_html(const Options& o, const Incident& inc) {
  std::string rows;
  for (const auto& e : inc.timeline) {
    std::string what = esc(e.message);
    if (e.wall)
      what +=
          fmt::format(" <span class=\"muted\">(written at {} by a clock that was behind)</span>",
                      time_html(o, *e.wall));
    if (!e.withdrawn.empty())
      what += fmt::format(" <span class=\"muted\">(no effect: {})</span>", esc(e.withdrawn));
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        time_html(o, e.ts), esc(e.actor), esc(e.type), what);
  }
  return "<h2 id=\"timeline\">Timeline</h2>\n" + table({}, {"When", "Who", "Event", "What"}, rows);
}

std::string hotfixes_html(const Options& o, const Inputs& in, const Incident& inc) {
  std::string rows;
  for (const auto& h : in.hotfixes) {
    bool names = (h.incident && *h.incident == inc.id) ||
                 (h.opened_incident && *h.opened_incident == inc.id);
    if (!names) continue;
    auto status = hotfix::status_name(h.status);
    auto tone = h.status == hotfix::Status::succeeded ? "good"
                : h.status == hotfix::Status::running ? "plain"
                                                      : "bad";
    rows +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    esc(h.id), esc(h.tag), esc(h.component), badge(status, tone),
                    time_html(o, h.started_at), esc(h.actor));
  }
  if (rows.empty()) return {};
  return "<h2 id=\"hotfixes\">Hotfixes</h2>\n" +
         table({}, {"Hotfix", "Tag", "Component", "Status", "Started", "By"}, rows);
}

std::string incident_page(const Options& o, const Inputs& in, const Incident& inc) {
  // An open incident's clocks run: its page says to when. A resolved one's page stays as it is.
  std::string body =
      fmt::format("<p class=\"as-of\">{} · {}{}</p>\n", config::priority_name(inc.priority),
                  esc(incident::state_name(inc.status)),
                  inc.is_open() ? " · as of " + time_html(o, o.as_of) : std::string());
  body += fields_html(o, in, inc) + sla_section(o, inc) + timeline_html(o, inc) +
          hotfixes_html(o, in, inc);
  body += "<p><a href=\"index.html\">Every incident</a></p>\n";
  return page(o,
              {fmt::format("{} {}", inc.id, inc.title), "../", "incidents", incident_path(inc.id)},
              body);
}

}  // namespace

std::string incident_path(std::string_view id) { return "incidents/" + file_name(id) + ".html"; }

std::string sla_html(const Options& o, const Incident& inc) {
  auto clock = incident::sla_clock(inc, incident::compute_sla(inc, *o.cfg, o.as_of), o.as_of);
  return badge(clock.text, clock_tone(clock.tone));
}

std::string incident_rows(const Options& o, const std::vector<const Incident*>& incidents,
                          std::string_view root) {
  std::string rows;
  for (const auto* inc : incidents)
    rows += fmt::format(
        "<tr><th scope=\"row\"><a href=\"{}{}\">{}</a></th><td>{}</td><td>{}</td><td "
        "class=\"title\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        root, incident_path(inc->id), esc(inc->id), config::priority_name(inc->priority),
        esc(incident::state_name(inc->status)), esc(inc->title), esc(inc->component),
        time_html(o, inc->created_at), sla_html(o, *inc));
  return rows;
}

core::Status incident_pages(const Options& o, const Inputs& in, Output& out) {
  // The list, newest first.
  std::vector<const Incident*> newest;
  for (const auto& inc : in.incidents) newest.push_back(&inc);
  std::stable_sort(newest.begin(), newest.end(), [](const Incident* a, const Incident* b) {
    return a->created_at > b->created_at;
  });
  auto open =
      std::count_if(newest.begin(), newest.end(), [](const Incident* i) { return i->is_open(); });
  std::string body =
      fmt::format("<p class=\"as-of\">{} incidents, newest first{}.</p>\n", newest.size(),
                  open ? "; SLA clocks as of " + time_html(o, o.as_of) : std::string());
  body += newest.empty()
              ? std::string("<p>None yet.</p>\n")
              : table({}, {"Incident", "Priority", "Status", "Title", "Component", "Opened", "SLA"},
                      incident_rows(o, newest, "../"));
  out.put("incidents/index.html",
          page(o, {"Incidents", "../", "incidents", "incidents/index.html"}, body));

  incident::Repository repo(o.ops, o.warn, o.use_cache);
  // A resolved incident's page is made from its record, the hotfixes naming it and the team's
  // settings alone (no clock runs): the same record file (size and mtime), the same hotfix rows
  // and the same settings make the same page, which the previous build left in place. An
  // open incident's clocks run: its page is always made.
  auto snapshot = HC_TRY(repo.snapshot());
  std::string context =
      fmt::format("site 1 {} {} {} {}", HYPERCARE_VERSION, core::zone_name(o.zone), o.base_url,
                  stamp_of(o.ops / "hypercare.toml"));
  std::vector<std::string> digest(in.incidents.size());
  std::vector<char> make(in.incidents.size(), 1);
  for (std::size_t i = 0; i < in.incidents.size(); ++i) {
    const auto& inc = in.incidents[i];
    if (inc.is_open()) continue;
    // Events stamped after as_of (a clone's clock ahead) are not on the page yet: then as_of is an
    // input too.
    auto key = std::lower_bound(
        snapshot.keys().begin(), snapshot.keys().end(), inc.id,
        [](const incident::IndexKey& k, const std::string& id) { return k.id_view() < id; });
    bool later =
        key == snapshot.keys().end() || key->id_view() != inc.id || key->last_event > o.as_of;
    digest[i] = fingerprint(fmt::format("{}|{}|{}|{}|{}", context, in.record_stamps[i],
                                        later ? core::format_rfc3339(o.as_of) : std::string(),
                                        hotfixes_html(o, in, inc), inc.id));
    auto path = incident_path(inc.id);
    if (o.previous) {
      auto was = o.previous->find(path);
      if (was != o.previous->end() && was->second == digest[i]) {
        make[i] = 0;
        out.keep(path, digest[i]);
      }
    }
  }

  // Each page, from the record with its timeline as it stood at as_of: read in parallel, a batch
  // at a time (the pages go out as they are made), and what needs the full reader (or warns)
  // afterwards, in order.
  incident::FoldOptions options{.timeline = true, .before = o.as_of + core::Seconds(1)};
  constexpr std::size_t k_batch = 512;
  std::vector<std::optional<Incident>> full(k_batch);
  for (std::size_t at = 0; at < in.incidents.size(); at += k_batch) {
    std::size_t n = std::min(k_batch, in.incidents.size() - at);
    core::parallel_for(n, 16, [&](std::size_t j) {
      full[j].reset();
      if (make[at + j]) full[j] = repo.quick_fold(in.incidents[at + j].id, options);
    });
    for (std::size_t j = 0; j < n; ++j) {
      std::size_t i = at + j;
      if (!make[i]) continue;
      if (!full[j]) {
        auto folded = repo.fold_one(in.incidents[i].id, options);
        if (!folded) {
          o.warn(fmt::format("no page for {}: {}", in.incidents[i].id, folded.error().message));
          continue;
        }
        full[j] = std::move(*folded);
      }
      out.put(incident_path(full[j]->id), incident_page(o, in, *full[j]), digest[i]);
    }
  }
  return {};
}

}  // namespace hypercare::site
