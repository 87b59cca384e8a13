#include "hypercare/site/page.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <vector>

#include "hypercare/render/document.hpp"

namespace hypercare::site {

namespace {

constexpr std::string_view k_css = R"(:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2433;
       margin: 0; background: #fff; }
p, li, dd, caption { overflow-wrap: anywhere; }
header.site { background: #1d2433; color: #fff; padding: .6rem 1rem; }
header.site a { color: #fff; }
header.site .team { font-weight: 700; margin-right: 1rem; }
nav ul { list-style: none; margin: 0; padding: 0; display: inline-flex; flex-wrap: wrap; gap: .2rem 1rem; }
nav a[aria-current="page"] { text-decoration: none; border-bottom: 2px solid #fff; }
main { max-width: 1080px; margin: 0 auto; padding: .5rem 1rem 2rem; }
h1 { font-size: 1.6rem; margin: 1rem 0 .4rem; }
h2 { font-size: 1.25rem; margin-top: 1.8rem; border-bottom: 1px solid #ccd; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.2rem; }
p.as-of { color: #4b5563; margin-top: 0; }
.scroll { overflow-x: auto; max-width: 100%; position: relative; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #ccd3de; padding: .3rem .55rem; text-align: left; vertical-align: top; }
td { min-width: 4rem; }
td.title { min-width: 12rem; }
time { white-space: nowrap; }
thead th, th[scope="col"] { background: #eef1f6; font-weight: 600; }
th[scope="row"] { background: #f5f7fa; font-weight: 600; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .3rem; font-weight: 700; font-size: .9em;
         border: 1px solid currentColor; white-space: nowrap; }
.good { color: #1e6b30; } .warn { color: #8a5300; } .bad { color: #b3261e; } .muted { color: #5b6270; }
.plain { color: #1d2433; }
ol.strip { list-style: none; padding: 0; margin: .2rem 0; display: flex; flex-wrap: wrap; gap: 2px; }
ol.strip { min-width: 12rem; }
ol.strip li { width: 1.1rem; height: 1.5rem; line-height: 1.5rem; text-align: center; font-size: .8rem;
              font-weight: 700; border-radius: 2px; }
ol.strip li.up { background: #cdebd3; color: #1e6b30; }
ol.strip li.degraded { background: #fbe7bf; color: #8a5300; }
ol.strip li.down { background: #f6cdca; color: #b3261e; }
ol.strip li.none { background: #eceef2; color: #5b6270; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.fields dt { font-weight: 600; }
dl.fields dd { margin: 0; }
table.month td { width: 14%; min-width: 6.5rem; height: 4.2rem; }
table.month td.outside { background: #f7f8fa; color: #8b919c; }
.day-no { font-weight: 700; display: block; }
table.month ul.names { list-style: none; padding: 0; margin: .15rem 0 0; }
ul.legend { padding-left: 1.2rem; color: #4b5563; }
footer { color: #5b6270; border-top: 1px solid #ccd; max-width: 1080px; margin: 2rem auto 0; padding: .5rem 1rem 1rem;
         font-size: .9rem; }
@media (max-width: 600px) { body { font-size: 14px; } main { padding: .3rem .6rem 1.5rem; } dl.fields { grid-template-columns: 1fr; } }
@media print { header.site, nav { display: none; } .scroll { overflow: visible; } }
)";

struct NavItem {
  std::string_view key, path, label;
};
constexpr NavItem k_nav[] = {{"index", "index.html", "Dashboard"},
                             {"incidents", "incidents/index.html", "Incidents"},
                             {"rota", "rota/index.html", "Rota"},
                             {"reports", "reports/index.html", "Reports"}};

}  // namespace

std::string esc(std::string_view text) { return render::html_escape(text); }

std::string_view style_sheet() { return k_css; }

std::string page(const Options& o, const Frame& f, std::string_view body) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"hypercare site\">\n";
  out += fmt::format("<title>{}</title>\n", esc(f.title));
  if (!o.base_url.empty() && !f.canonical.empty())
    out +=
        fmt::format("<link rel=\"canonical\" href=\"{}{}\">\n", esc(o.base_url), esc(f.canonical));
  out += fmt::format("<link rel=\"stylesheet\" href=\"{}style.css\">\n</head>\n<body>\n", f.root);
  out +=
      fmt::format("<header class=\"site\"><span class=\"team\">{}</span>", esc(o.cfg->team_name));
  if (!o.public_site) {
    out += "<nav aria-label=\"Site\"><ul>";
    for (const auto& n : k_nav)
      out += fmt::format("<li><a href=\"{}{}\"{}>{}</a></li>", f.root, n.path,
                         n.key == f.nav ? " aria-current=\"page\"" : "", n.label);
    out += "</ul></nav>";
  }
  out += "</header>\n<main>\n";
  out += fmt::format("<h1>{}</h1>\n", esc(f.title));
  out += body;
  // No build time here: a page whose content did not change keeps its bytes (and a host's cache).
  out += fmt::format(
      "</main>\n<footer><p>Times in {} · made by hypercare site</p></footer>\n</body>\n</html>\n",
      esc(core::zone_name(o.zone)));
  return out;
}

std::string time_html(const Options& o, core::TimePoint t) {
  return fmt::format("<time datetime=\"{}\">{}</time>", core::format_rfc3339(t),
                     esc(core::format_local(t, o.zone)));
}

std::string table(std::string_view caption, std::initializer_list<std::string_view> headers,
                  std::string_view rows, std::string_view css_class) {
  std::string out = css_class.empty()
                        ? "<div class=\"scroll\"><table>"
                        : fmt::format("<div class=\"scroll\"><table class=\"{}\">", css_class);
  if (!caption.empty()) out += fmt::format("<caption>{}</caption>", caption);
  out += "<thead><tr>";
  for (auto h : headers) out += fmt::format("<th scope=\"col\">{}</th>", h);
  out += "</tr></thead>\n<tbody>\n";
  out += rows;
  out += "</tbody></table></div>\n";
  return out;
}

std::string badge(std::string_view text, std::string_view tone) {
  return fmt::format("<span class=\"badge {}\">{}</span>", tone, esc(text));
}

std::string fingerprint(std::string_view inputs) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : inputs) h = (h ^ c) * 0x100000001b3ull;
  return fmt::format("{:016x}", h);
}

std::string stamp_of(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "-";
  return fmt::format("{}.{}.{}", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

std::string tree_stamp(const std::filesystem::path& dir) {
  std::vector<std::string> lines;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec))
      lines.push_back(
          fmt::format("{} {}", it->path().lexically_relative(dir).string(), stamp_of(it->path())));
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string file_name(std::string_view id) {
  std::string out;
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.')
      out += char(c);
    else
      out += fmt::format("~{:02X}", c);
  }
  if (out.empty() || out.front() == '.') out.insert(0, "_");
  return out;
}

}  // namespace hypercare::site
