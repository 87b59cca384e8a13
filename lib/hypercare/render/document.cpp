#include "hypercare/render/document.hpp"

namespace hypercare::render {

Document& Document::heading(int level, std::string text) {
  Block b;
  b.kind = Block::Kind::heading;
  b.level = level;
  b.text = std::move(text);
  m_blocks.push_back(std::move(b));
  return *this;
}

Document& Document::paragraph(std::string text) {
  Block b;
  b.kind = Block::Kind::paragraph;
  b.text = std::move(text);
  m_blocks.push_back(std::move(b));
  return *this;
}

Document& Document::table(std::vector<std::string> headers, std::vector<std::vector<Cell>> rows) {
  Block b;
  b.kind = Block::Kind::table;
  b.headers = std::move(headers);
  b.rows = std::move(rows);
  m_blocks.push_back(std::move(b));
  return *this;
}

Document& Document::bullets(std::vector<std::string> items, bool numbered) {
  Block b;
  b.kind = numbered ? Block::Kind::numbered : Block::Kind::bullets;
  b.items = std::move(items);
  m_blocks.push_back(std::move(b));
  return *this;
}

Document& Document::checklist(Checklist list) {
  Block b;
  b.kind = Block::Kind::checklist;
  b.checklist = std::move(list);
  m_blocks.push_back(std::move(b));
  return *this;
}

Document& Document::chart(Chart chart) {
  Block b;
  b.kind = Block::Kind::chart;
  b.chart = std::move(chart);
  m_blocks.push_back(std::move(b));
  return *this;
}

Document& Document::markdown(std::string text) {
  Block b;
  b.kind = Block::Kind::markdown;
  b.text = std::move(text);
  m_blocks.push_back(std::move(b));
  return *this;
}

}  // namespace hypercare::render
