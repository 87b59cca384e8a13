// A report as a document: headings, paragraphs, tables, lists, checklists and charts, rendered
// to Markdown or to one self-contained HTML file (inline SVG charts, print CSS, no scripts).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hypercare::render {

enum class Tone { plain, good, bad, muted };

struct Cell {
  std::string text;
  Tone tone = Tone::plain;
  Cell(std::string t = {}, Tone tn = Tone::plain) : text(std::move(t)), tone(tn) {}
  Cell(const char* t) : text(t) {}
};

struct Series {
  std::string name;
  std::string colour;                         // SVG fill, e.g. "#c0392b"
  std::vector<std::optional<double>> values;  // one per label; nullopt: no data
};

// Bars per label: stacked (series on top of each other) or grouped (side by side), with an
// optional horizontal target line.
struct Chart {
  enum class Kind { stacked, grouped } kind = Kind::stacked;
  std::string title, unit;  // unit: "%", "h", "" (counts)
  std::vector<std::string> labels;
  std::vector<Series> series;
  std::optional<double> target;
  std::string target_label;
  bool zoom = false;  // start the axis near the smallest value instead of at 0 (uptime)
};

struct Checklist {
  enum class State { done, not_done, manual, no_data };
  struct Item {
    std::string text, evidence;
    State state = State::manual;
  };
  std::vector<Item> items;
};

struct Block {
  enum class Kind { heading, paragraph, table, bullets, numbered, checklist, chart, markdown } kind = Kind::paragraph;
  int level = 2;
  std::string text;  // heading, paragraph, markdown
  std::vector<std::string> headers;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> items;
  Checklist checklist;
  Chart chart;
};

class Document {
 public:
  explicit Document(std::string title) : m_title(std::move(title)) {}
  const std::string& title() const { return m_title; }
  const std::vector<Block>& blocks() const { return m_blocks; }

  Document& heading(int level, std::string text);
  Document& paragraph(std::string text);
  Document& table(std::vector<std::string> headers, std::vector<std::vector<Cell>> rows);
  Document& bullets(std::vector<std::string> items, bool numbered = false);
  Document& checklist(Checklist list);
  Document& chart(Chart chart);
  // Markdown written by people (lessons.md), passed through to Markdown and converted for HTML.
  Document& markdown(std::string text);

 private:
  std::string m_title;
  std::vector<Block> m_blocks;
};

std::string to_markdown(const Document& doc);
std::string to_html(const Document& doc);
std::string chart_svg(const Chart& chart);
std::string html_escape(std::string_view text);

}  // namespace hypercare::render
