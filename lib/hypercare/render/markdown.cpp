// Documents as GitHub-flavoured Markdown. Charts are left out: their figures are in the tables.
#include <algorithm>

#include <fmt/format.h>

#include "hypercare/render/document.hpp"
#include "hypercare/render/markdown_html.hpp"

namespace hypercare::render {

namespace {

std::string cell_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r' || c == '\t') out += ' ';
    else out += c;
  }
  return out.empty() ? " " : out;
}

std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

// Text written by people, placed under the document's own headings: its "#" headings move down
// as in HTML (markdown_html.hpp), fenced code left as it is.
std::string nested(std::string_view text, int top_level) {
  int top = top_heading_level(text);
  int offset = top ? std::max(0, top_level - top) : 0;
  if (offset == 0) return std::string(text);
  std::string out, fence;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    auto line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl + 1 - pos);
    pos += line.size();
    auto lead = std::min(line.find_first_not_of(' '), line.size());
    auto body = line.substr(lead);
    if (lead <= 3 && (body.starts_with("```") || body.starts_with("~~~"))) {
      if (fence.empty()) fence = body.substr(0, 3);
      else if (body.starts_with(fence)) fence.clear();
    } else if (fence.empty() && lead <= 3 && body.starts_with('#')) {
      auto hashes = std::min(body.find_first_not_of('#'), body.size());
      if (hashes <= 6 && (hashes == body.size() || body[hashes] == ' ' || body[hashes] == '\n')) {
        out += std::string(std::size_t(std::min(6, int(hashes) + offset)), '#');
        out += body.substr(hashes);
        continue;
      }
    }
    out += line;
  }
  return out;
}

}  // namespace

std::string to_markdown(const Document& doc) {
  std::string out = fmt::format("# {}\n", one_line(doc.title()));
  for (const auto& b : doc.blocks()) {
    if (b.kind == Block::Kind::chart) continue;  // the figures are in the tables
    out += '\n';
    switch (b.kind) {
      case Block::Kind::heading: out += fmt::format("{} {}\n", std::string(std::size_t(b.level), '#'), one_line(b.text)); break;
      case Block::Kind::paragraph: out += b.text + "\n"; break;
      case Block::Kind::table: {
        out += "|";
        for (const auto& h : b.headers) out += " " + cell_text(h) + " |";
        out += "\n|";
        for (std::size_t i = 0; i < b.headers.size(); ++i) out += "---|";
        out += '\n';
        for (const auto& row : b.rows) {
          out += "|";
          for (const auto& c : row) out += " " + cell_text(c.text) + " |";
          out += '\n';
        }
        break;
      }
      case Block::Kind::bullets:
      case Block::Kind::numbered:
        for (std::size_t i = 0; i < b.items.size(); ++i)
          out += (b.kind == Block::Kind::numbered ? fmt::format("{}. ", i + 1) : std::string("- ")) + one_line(b.items[i]) + "\n";
        break;
      case Block::Kind::checklist:
        for (const auto& item : b.checklist.items) {
          bool done = item.state == Checklist::State::done;
          std::string tag = item.state == Checklist::State::manual    ? " (to confirm by hand)"
                            : item.state == Checklist::State::no_data ? " (no data)"
                                                                      : "";
          out += fmt::format("- [{}] {}{}{}\n", done ? 'x' : ' ', one_line(item.text), tag,
                             item.evidence.empty() ? "" : " — " + one_line(item.evidence));
        }
        break;
      case Block::Kind::chart: break;
      case Block::Kind::markdown: {
        auto text = nested(b.text, 3);  // under the "##" of its section
        out += text;
        if (!text.empty() && text.back() != '\n') out += '\n';
        break;
      }
    }
  }
  return out;
}

}  // namespace hypercare::render
