#include "hypercare/render/markdown_html.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>
#include <md4c.h>

#include "hypercare/render/document.hpp"

namespace hypercare::render {

namespace {

// GitHub's dialect (tables, task lists, strikethrough, autolinks); raw HTML is text.
constexpr unsigned k_flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;

struct Writer {
  std::string out;
  int heading_offset = 0;
  std::vector<bool> linked;  // per open MD_SPAN_A / MD_SPAN_IMG: whether an <a> was written
  int image_depth = 0;       // inside an image's alt text, which is shown as the link's text
};

// An attribute's text as md4c hands it: plain runs (escaped), entities (already valid HTML), NULs.
std::string attribute(const MD_ATTRIBUTE& a) {
  std::string out;
  for (unsigned i = 0; i < a.size && a.substr_offsets[i] < a.size; ++i) {
    std::string_view part(a.text + a.substr_offsets[i], a.substr_offsets[i + 1] - a.substr_offsets[i]);
    if (a.substr_types[i] == MD_TEXT_ENTITY) out += part;
    else if (a.substr_types[i] == MD_TEXT_NULLCHAR) out += "\xEF\xBF\xBD";
    else out += html_escape(part);
  }
  return out;
}

// http(s), mailto, a fragment or a relative path; never javascript:, data: or any other scheme.
bool safe_target(std::string_view url) {
  auto colon = url.find(':');
  auto first_delimiter = url.find_first_of("/?#");
  if (colon == std::string_view::npos || (first_delimiter != std::string_view::npos && first_delimiter < colon)) return true;
  std::string scheme(url.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

void open_link(Writer& w, const MD_ATTRIBUTE& target, const MD_ATTRIBUTE& title) {
  std::string url(target.text, target.size);
  bool ok = safe_target(url);
  if (ok) {
    w.out += "<a href=\"" + attribute(target) + "\"";
    if (title.size) w.out += " title=\"" + attribute(title) + "\"";
    w.out += ">";
  }
  w.linked.push_back(ok);
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* data) {
  auto& w = *static_cast<Writer*>(data);
  switch (type) {
    case MD_BLOCK_DOC: break;
    case MD_BLOCK_QUOTE: w.out += "<blockquote>\n"; break;
    case MD_BLOCK_UL: w.out += "<ul>\n"; break;
    case MD_BLOCK_OL: {
      auto start = static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start;
      w.out += start == 1 ? "<ol>\n" : fmt::format("<ol start=\"{}\">\n", start);
      break;
    }
    case MD_BLOCK_LI: {
      auto* li = static_cast<MD_BLOCK_LI_DETAIL*>(detail);
      w.out += "<li>";
      if (li->is_task) w.out += li->task_mark == ' ' ? "<span class=\"box\">&#9744;</span>" : "<span class=\"box\">&#9745;</span>";
      break;
    }
    case MD_BLOCK_HR: w.out += "<hr>\n"; break;
    case MD_BLOCK_H:
      w.out += fmt::format("<h{}>", std::min(6, int(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level) + w.heading_offset));
      break;
    case MD_BLOCK_CODE: {
      auto* code = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
      w.out += "<pre><code";
      if (code->lang.size) w.out += " class=\"language-" + attribute(code->lang) + "\"";
      w.out += ">";
      break;
    }
    case MD_BLOCK_HTML: w.out += "<pre>"; break;  // not parsed with the flags used: shown as text
    case MD_BLOCK_P: w.out += "<p>"; break;
    case MD_BLOCK_TABLE: w.out += "<table>\n"; break;
    case MD_BLOCK_THEAD: w.out += "<thead>\n"; break;
    case MD_BLOCK_TBODY: w.out += "<tbody>\n"; break;
    case MD_BLOCK_TR: w.out += "<tr>"; break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD: {
      const char* cell = type == MD_BLOCK_TH ? "th" : "td";
      switch (static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align) {
        case MD_ALIGN_LEFT: w.out += fmt::format("<{} class=\"left\">", cell); break;
        case MD_ALIGN_CENTER: w.out += fmt::format("<{} class=\"center\">", cell); break;
        case MD_ALIGN_RIGHT: w.out += fmt::format("<{} class=\"num\">", cell); break;
        default: w.out += fmt::format("<{}>", cell); break;
      }
      break;
    }
  }
  return 0;
}

int leave_block(MD_BLOCKTYPE type, void* detail, void* data) {
  auto& w = *static_cast<Writer*>(data);
  switch (type) {
    case MD_BLOCK_DOC: break;
    case MD_BLOCK_QUOTE: w.out += "</blockquote>\n"; break;
    case MD_BLOCK_UL: w.out += "</ul>\n"; break;
    case MD_BLOCK_OL: w.out += "</ol>\n"; break;
    case MD_BLOCK_LI: w.out += "</li>\n"; break;
    case MD_BLOCK_HR: break;
    case MD_BLOCK_H:
      w.out += fmt::format("</h{}>\n", std::min(6, int(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level) + w.heading_offset));
      break;
    case MD_BLOCK_CODE: w.out += "</code></pre>\n"; break;
    case MD_BLOCK_HTML: w.out += "</pre>\n"; break;
    case MD_BLOCK_P: w.out += "</p>\n"; break;
    case MD_BLOCK_TABLE: w.out += "</table>\n"; break;
    case MD_BLOCK_THEAD: w.out += "</thead>\n"; break;
    case MD_BLOCK_TBODY: w.out += "</tbody>\n"; break;
    case MD_BLOCK_TR: w.out += "</tr>\n"; break;
    case MD_BLOCK_TH: w.out += "</th>"; break;
    case MD_BLOCK_TD: w.out += "</td>"; break;
  }
  return 0;
}

int enter_span(MD_SPANTYPE type, void* detail, void* data) {
  auto& w = *static_cast<Writer*>(data);
  if (w.image_depth > 0 && type != MD_SPAN_IMG) return 0;  // alt text is plain
  switch (type) {
    case MD_SPAN_EM: w.out += "<em>"; break;
    case MD_SPAN_STRONG: w.out += "<strong>"; break;
    case MD_SPAN_A: {
      auto* a = static_cast<MD_SPAN_A_DETAIL*>(detail);
      open_link(w, a->href, a->title);
      break;
    }
    case MD_SPAN_IMG: {
      auto* img = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
      if (w.image_depth++ == 0) {
        open_link(w, img->src, img->title);
        w.out += "[image: ";
      }
      break;
    }
    case MD_SPAN_CODE: w.out += "<code>"; break;
    case MD_SPAN_DEL: w.out += "<del>"; break;
    case MD_SPAN_U: w.out += "<u>"; break;
    default: break;  // LaTeX and wiki links are not enabled
  }
  return 0;
}

int leave_span(MD_SPANTYPE type, void*, void* data) {
  auto& w = *static_cast<Writer*>(data);
  if (type == MD_SPAN_IMG) {
    if (--w.image_depth > 0) return 0;
    w.out += "]";
  } else if (w.image_depth > 0) {
    return 0;
  }
  switch (type) {
    case MD_SPAN_EM: w.out += "</em>"; break;
    case MD_SPAN_STRONG: w.out += "</strong>"; break;
    case MD_SPAN_A:
    case MD_SPAN_IMG:
      if (!w.linked.empty() && w.linked.back()) w.out += "</a>";
      if (!w.linked.empty()) w.linked.pop_back();
      break;
    case MD_SPAN_CODE: w.out += "</code>"; break;
    case MD_SPAN_DEL: w.out += "</del>"; break;
    case MD_SPAN_U: w.out += "</u>"; break;
    default: break;
  }
  return 0;
}

int text(MD_TEXTTYPE type, const MD_CHAR* chars, MD_SIZE size, void* data) {
  auto& w = *static_cast<Writer*>(data);
  std::string_view t(chars, size);
  switch (type) {
    case MD_TEXT_NULLCHAR: w.out += "\xEF\xBF\xBD"; break;
    case MD_TEXT_BR: w.out += w.image_depth > 0 ? " " : "<br>\n"; break;
    case MD_TEXT_SOFTBR: w.out += w.image_depth > 0 ? " " : "\n"; break;
    case MD_TEXT_ENTITY: w.out += t; break;  // md4c passes only well-formed entities
    default: w.out += html_escape(t); break;
  }
  return 0;
}

}  // namespace

int top_heading_level(std::string_view markdown) {
  int top = 0;
  MD_PARSER parser{};
  parser.flags = k_flags;
  parser.enter_block = [](MD_BLOCKTYPE type, void* detail, void* data) {
    auto& best = *static_cast<int*>(data);
    int level = type == MD_BLOCK_H ? int(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level) : 0;
    if (level && (!best || level < best)) best = level;
    return 0;
  };
  parser.leave_block = [](MD_BLOCKTYPE, void*, void*) { return 0; };
  parser.enter_span = [](MD_SPANTYPE, void*, void*) { return 0; };
  parser.leave_span = [](MD_SPANTYPE, void*, void*) { return 0; };
  parser.text = [](MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void*) { return 0; };
  md_parse(markdown.data(), MD_SIZE(markdown.size()), &parser, &top);
  return top;
}

std::string markdown_to_html(std::string_view markdown, int top_level) {
  Writer w;
  int top = top_heading_level(markdown);
  w.heading_offset = top ? std::max(0, top_level - top) : 0;
  MD_PARSER parser{};
  parser.flags = k_flags;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = text;
  if (md_parse(markdown.data(), MD_SIZE(markdown.size()), &parser, &w) != 0) return "<pre>" + html_escape(markdown) + "</pre>\n";
  return w.out;
}

}  // namespace hypercare::render
