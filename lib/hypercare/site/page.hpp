// The frame every page of the site shares (head, navigation, footer, one style sheet) and the
// small pieces the pages are made of. Everything taken from the record goes through esc().
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

#include "hypercare/site/site.hpp"

namespace hypercare::site {

std::string esc(std::string_view text);

// The site's style sheet, written once as style.css.
std::string_view style_sheet();

struct Frame {
  std::string title;  // <title> and <h1>
  std::string root;   // the way up to the site's root from this page: "" or "../"
  std::string
      nav;  // the navigation entry this page belongs to: "index", "incidents", "rota", "reports"
  std::string canonical;  // the page's path in the site, for <link rel="canonical"> with a base URL
};

// A whole page: `body` is HTML (already escaped) under the title.
std::string page(const Options& o, const Frame& f, std::string_view body);

// "2026-11-27 08:30 IST" in the display zone, inside <time datetime="…">.
std::string time_html(const Options& o, core::TimePoint t);
// A table whose columns are `headers` (each a header cell, scope=col) and rows already rendered
// as <td>/<th> cells; wrapped so that a wide table scrolls on its own instead of widening the page.
std::string table(std::string_view caption, std::initializer_list<std::string_view> headers,
                  std::string_view rows, std::string_view css_class = {});
// A status word with its tone: shown as text (the colour is never the only signal).
std::string badge(std::string_view text,
                  std::string_view tone);  // tone: good | warn | bad | muted | plain

// A digest of what a page is made from (64-bit FNV-1a, hex): equal inputs, equal digest.
std::string fingerprint(std::string_view inputs);
// What a file is, for a fingerprint: "size.mtime" (to the nanosecond), or "-" when there is none.
// A record file written to, or put back by git, has another.
std::string stamp_of(const std::filesystem::path& path);
// The stamps of every file under `dir`, with their paths, in path order: "" when there is none.
std::string tree_stamp(const std::filesystem::path& dir);

// A name safe as one path segment (ids are already; person ids may not be).
std::string file_name(std::string_view id);

}  // namespace hypercare::site
