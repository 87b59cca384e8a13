// Documents as one self-contained HTML file: inline CSS (screen and print) and inline SVG charts;
// no scripts, no external assets.
#include <algorithm>

#include <fmt/format.h>

#include "hypercare/render/document.hpp"
#include "hypercare/render/markdown_html.hpp"

namespace hypercare::render {

namespace {

constexpr const char* k_css = R"(
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2433;
       max-width: 1080px; margin: 2rem auto; padding: 0 1.5rem; background: #fff; }
h1 { font-size: 1.7rem; border-bottom: 3px solid #1d2433; padding-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #ccd; padding-bottom: .2rem; }
h3 { font-size: 1.08rem; margin-top: 1.4rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; min-width: 50%; }
th, td { border: 1px solid #ccd3de; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #eef1f6; font-weight: 600; }
tr:nth-child(even) td { background: #f8f9fb; }
.good { color: #1e7b34; font-weight: 600; }
.bad { color: #b3261e; font-weight: 600; }
.muted { color: #6b7280; }
ul.checklist { list-style: none; padding-left: .2rem; }
ul.checklist li { margin: .25rem 0; }
.box { display: inline-block; width: 1.3em; font-weight: 700; }
figure { margin: 1rem 0 1.5rem; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
svg { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; background: #f6f7f9; padding: .5rem .7rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; }
blockquote { margin: .6rem 0; padding-left: .8rem; border-left: 3px solid #ccd3de; color: #4b5563; }
th.num, td.num { text-align: right; }
th.center, td.center { text-align: center; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  table, figure, ul.checklist li { break-inside: avoid; }
  tr:nth-child(even) td { background: none; }
  a { color: inherit; text-decoration: none; }
}
)";

const char* tone_class(Tone t) {
  switch (t) {
    case Tone::good: return " class=\"good\"";
    case Tone::bad: return " class=\"bad\"";
    case Tone::muted: return " class=\"muted\"";
    default: return "";
  }
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string to_html(const Document& doc) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", html_escape(doc.title()), k_css);
  out += fmt::format("<h1>{}</h1>\n", html_escape(doc.title()));
  for (const auto& b : doc.blocks()) {
    switch (b.kind) {
      case Block::Kind::heading: {
        int level = std::clamp(b.level, 2, 6);
        out += fmt::format("<h{0}>{1}</h{0}>\n", level, html_escape(b.text));
        break;
      }
      case Block::Kind::paragraph: out += "<p>" + html_escape(b.text) + "</p>\n"; break;
      case Block::Kind::table:
        out += "<table>\n<thead><tr>";
        for (const auto& h : b.headers) out += "<th>" + html_escape(h) + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (const auto& row : b.rows) {
          out += "<tr>";
          for (const auto& c : row) out += fmt::format("<td{}>{}</td>", tone_class(c.tone), html_escape(c.text));
          out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
        break;
      case Block::Kind::bullets:
      case Block::Kind::numbered: {
        const char* tag = b.kind == Block::Kind::numbered ? "ol" : "ul";
        out += fmt::format("<{}>\n", tag);
        for (const auto& i : b.items) out += "<li>" + html_escape(i) + "</li>\n";
        out += fmt::format("</{}>\n", tag);
        break;
      }
      case Block::Kind::checklist:
        out += "<ul class=\"checklist\">\n";
        for (const auto& item : b.checklist.items) {
          using S = Checklist::State;
          const char* box = item.state == S::done ? "&#9745;" : "&#9744;";
          const char* cls = item.state == S::done ? "good" : item.state == S::not_done ? "bad" : "muted";
          const char* tag = item.state == S::manual ? " (to confirm by hand)" : item.state == S::no_data ? " (no data)" : "";
          out += fmt::format("<li><span class=\"box {}\">{}</span>{}<span class=\"muted\">{}</span>{}</li>\n", cls, box,
                             html_escape(item.text), tag,
                             item.evidence.empty() ? "" : " &#8212; " + html_escape(item.evidence));
        }
        out += "</ul>\n";
        break;
      case Block::Kind::chart:
        out += fmt::format("<figure>\n<figcaption>{}</figcaption>\n{}</figure>\n", html_escape(b.chart.title), chart_svg(b.chart));
        break;
      case Block::Kind::markdown: out += markdown_to_html(b.text, 3); break;  // under the <h2> of its section
    }
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace hypercare::render
