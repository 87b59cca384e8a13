// reports/: every daily report of the window so far and the hypercare summary, each the HTML that
// `hypercare report … --format html` writes, with a way back to the site.
#include <fmt/format.h>

#include "hypercare/report/build.hpp"
#include "hypercare/report/render.hpp"
#include "hypercare/site/page.hpp"
#include "hypercare/site/pages.hpp"

namespace hypercare::site {

namespace {

// The report's own self-contained document, with a link back to the site after <body>.
std::string with_way_back(std::string html) {
  constexpr std::string_view body = "<body>\n";
  if (auto at = html.find(body); at != std::string::npos)
    html.insert(
        at + body.size(),
        "<p><a href=\"index.html\">Reports</a> · <a href=\"../index.html\">Dashboard</a></p>\n");
  return html;
}

}  // namespace

void report_pages(const Options& o, const Inputs& in, Output& out) {
  report::Sources s{.ops = o.ops,
                    .cfg = o.cfg,
                    .as_of = o.as_of,
                    .use_cache = o.use_cache,
                    .warn = o.warn,
                    .escalation_chain = {},
                    .health = in.health};
  std::string rows;
  // Newest first: the day an engineer opens it for is usually today.
  for (auto it = in.report_days.rbegin(); it != in.report_days.rend(); ++it) {
    auto day = *it;
    s.as_of = std::min(o.as_of, core::start_of_local_day(day + std::chrono::days(1), o.cfg->zone));
    auto r = report::build_daily(s, day);
    if (!r) {
      o.warn(fmt::format("no daily report for {}: {}", core::format_date(day), r.error().message));
      continue;
    }
    auto file = fmt::format("daily-{}.html", core::format_date(day));
    out.put("reports/" + file, with_way_back(report::render_document(
                                   report::daily_document(*r, o.zone), report::Format::html)));
    rows += fmt::format(
        "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        file, core::format_date(day), r->opened.size(), r->resolved.size(), r->open.size());
  }
  std::string body;
  if (in.summary) {
    out.put("reports/summary.html",
            with_way_back(report::render_document(report::summary_document(*in.summary, o.zone),
                                                  report::Format::html)));
    body += fmt::format(
        "<p><a href=\"summary.html\">The hypercare summary</a>, {} to {}, as of {}.</p>\n",
        core::format_date(in.summary->period.first), core::format_date(in.summary->period.last),
        time_html(o, in.summary->header.as_of));
  }
  body += "<h2 id=\"daily\">Daily reports</h2>\n";
  body += rows.empty() ? std::string("<p>None yet: the hypercare window has not begun.</p>\n")
                       : table({}, {"Day", "New", "Resolved", "Open at the end"}, rows);
  out.put("reports/index.html", page(o, {"Reports", "../", "reports", "reports/index.html"}, body));
}

}  // namespace hypercare::site
