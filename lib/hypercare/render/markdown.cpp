// Documents as GitHub-flavoured Markdown. Charts are left out: their figures are in the tables.
#include <fmt/format.h>

#include "hypercare/render/document.hpp"

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
      case Block::Kind::markdown:
        out += b.text;
        if (!b.text.empty() && b.text.back() != '\n') out += '\n';
        break;
    }
  }
  return out;
}

}  // namespace hypercare::render
