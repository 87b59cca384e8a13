// reports/: every daily report of the window so far and the hypercare summary, each the HTML that
// `hypercare report … --format html` writes, with a way back to the site.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

#include "hypercare/config/checks_config.hpp"
#include "hypercare/handover/repository.hpp"
#include "hypercare/hotfix/repository.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/report/build.hpp"
#include "hypercare/report/render.hpp"
#include "hypercare/site/page.hpp"
#include "hypercare/site/pages.hpp"
#include "hypercare/store/ops_dir.hpp"

namespace hypercare::site {

namespace {

using core::TimePoint;

// What the daily report of a day that is over is made from: it is the record as of the day's end,
// so its page is made again only when one of these files changed. The settings, the hotfixes and
// handovers, the record file of each incident the report reads (report::detail::touching(), with
// every incident a hotfix names), and the health files of the day's hours. Without the cache
// (every incident is read then) a day's inputs are not told: of() gives "".
class DailyInputs {
 public:
  DailyInputs(const Options& o, const Inputs& in) : m_in(in), m_repo(o.ops, o.warn, o.use_cache) {
    if (!o.use_cache) return;
    auto checks = config::load_checks_config(o.ops);
    auto snap = m_repo.snapshot();
    if (!checks || !snap) return;
    if (*checks) {
      m_longest = (*checks)->interval;
      for (const auto& c : (*checks)->checks) m_longest = std::max(m_longest, c.interval);
    }
    m_snap = std::move(*snap);
    m_stamps.resize(m_snap->size());
    for (const auto& h : in.hotfixes)
      if (h.incident) m_also.push_back(*h.incident);
    std::sort(m_also.begin(), m_also.end());
    m_context = fmt::format(
        "daily 1 {} {}\n{} {}\n{}{}", HYPERCARE_VERSION, core::zone_name(o.zone),
        stamp_of(o.ops / store::k_config_file), stamp_of(o.ops / config::k_checks_file),
        tree_stamp(o.ops / hotfix::k_hotfix_dir), tree_stamp(o.ops / handover::k_handover_dir));
  }

  // The fingerprint of the day [from, to) reported as of s.as_of.
  std::string of(const report::Sources& s, TimePoint from, TimePoint to) {
    if (!m_snap) return {};
    std::string inputs = fmt::format("{}{} {}\n", m_context, core::format_rfc3339(from),
                                     core::format_rfc3339(s.as_of));
    for (auto i : report::detail::touching(s, *m_snap, from, to, m_also)) {
      auto id = m_snap->key(i).id_view();
      if (m_stamps[i].empty()) m_stamps[i] = stamp(id);
      inputs += fmt::format("{} {}\n", id, m_stamps[i]);
    }
    // The files read_results() reads for [from - lookback, to): one per UTC day.
    auto first = std::chrono::floor<std::chrono::days>(from - 2 * m_longest);
    auto last = std::chrono::floor<std::chrono::days>(to - core::Seconds(1));
    for (auto d = first; d <= last; d += std::chrono::days(1))
      inputs += fmt::format("{} {}\n", core::format_date(d),
                            stamp_of(s.ops / "health" / (core::format_date(d) + ".jsonl")));
    return fingerprint(inputs);
  }

 private:
  // The record's stamp, as gather() took it for a resolved incident.
  std::string stamp(std::string_view id) const {
    const auto& all = m_in.incidents;
    auto it = std::lower_bound(
        all.begin(), all.end(), id,
        [](const incident::Incident& inc, std::string_view i) { return inc.id < i; });
    if (it != all.end() && it->id == id) {
      auto at = std::size_t(it - all.begin());
      if (at < m_in.record_stamps.size() && !m_in.record_stamps[at].empty())
        return m_in.record_stamps[at];
    }
    return stamp_of(m_repo.file_for(id));
  }

  const Inputs& m_in;
  incident::Repository m_repo;
  std::optional<incident::Snapshot> m_snap;
  std::vector<std::string> m_stamps;  // per position in m_snap, made when first needed
  std::vector<std::string> m_also;
  core::Seconds m_longest{0};
  std::string m_context;
};

// The row counts a daily page's fingerprint carries after its digest ("DIGEST NEW RESOLVED
// OPEN"), so that a page kept still has its row in the list.
struct DayCounts {
  std::size_t opened = 0, resolved = 0, open = 0;
};

std::optional<DayCounts> kept_counts(const Options& o, const std::string& path,
                                     std::string_view digest) {
  if (digest.empty() || !o.previous) return std::nullopt;
  auto was = o.previous->find(path);
  if (was == o.previous->end()) return std::nullopt;
  std::string_view rest = was->second;
  if (!rest.starts_with(digest)) return std::nullopt;
  rest.remove_prefix(digest.size());
  DayCounts c;
  for (auto* n : {&c.opened, &c.resolved, &c.open}) {
    if (!rest.starts_with(' ')) return std::nullopt;
    auto [end, ec] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), *n);
    if (ec != std::errc()) return std::nullopt;
    rest.remove_prefix(std::size_t(end - rest.data()));
  }
  if (!rest.empty()) return std::nullopt;
  return c;
}

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
  DailyInputs inputs(o, in);
  std::string rows;
  // Newest first: the day an engineer opens it for is usually today.
  for (auto it = in.report_days.rbegin(); it != in.report_days.rend(); ++it) {
    auto day = *it;
    auto from = core::start_of_local_day(day, o.cfg->zone);
    auto to = core::start_of_local_day(day + std::chrono::days(1), o.cfg->zone);
    s.as_of = std::min(o.as_of, to);
    auto file = fmt::format("daily-{}.html", core::format_date(day));
    auto path = "reports/" + file;
    auto digest = s.as_of == to ? inputs.of(s, from, to) : std::string();  // a day not over: made
    auto counts = kept_counts(o, path, digest);
    if (counts) {
      out.keep(path, o.previous->at(path));
    } else {
      auto r = report::build_daily(s, day);
      if (!r) {
        o.warn(
            fmt::format("no daily report for {}: {}", core::format_date(day), r.error().message));
        continue;
      }
      counts = DayCounts{r->opened.size(), r->resolved.size(), r->open.size()};
      out.put(path,
              with_way_back(report::render_document(report::daily_document(*r, o.zone),
                                                    report::Format::html)),
              digest.empty() ? std::string()
                             : fmt::format("{} {} {} {}", digest, counts->opened, counts->resolved,
                                           counts->open));
    }
    rows += fmt::format(
        "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        file, core::format_date(day), counts->opened, counts->resolved, counts->open);
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
