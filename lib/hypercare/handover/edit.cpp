#include "hypercare/handover/edit.hpp"

#include <algorithm>
#include <cctype>

#include "hypercare/handover/markdown.hpp"

namespace hypercare::handover {

namespace {

struct Part {
  std::string heading;
  std::vector<std::string> lines;
};

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// The document cut at its "### " headings; HTML comments and what precedes the first heading
// are dropped.
std::vector<Part> parts(std::string_view text) {
  std::vector<Part> out;
  bool in_comment = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string line(raw);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (in_comment || line.find("<!--") != std::string::npos) {
      auto open = line.find("<!--");
      auto close = line.find("-->", open == std::string::npos ? 0 : open);
      std::string kept = in_comment ? "" : line.substr(0, open);
      if (close != std::string::npos) {
        kept += line.substr(close + 3);
        in_comment = false;
      } else {
        in_comment = true;
      }
      if (trim(kept).empty()) continue;
      line = kept;
    }
    if (line.starts_with("### ")) {
      out.push_back({trim(line.substr(4)), {}});
      continue;
    }
    if (!out.empty()) out.back().lines.push_back(line);
  }
  return out;
}

const Part* find(const std::vector<Part>& ps, std::string_view heading) {
  for (const auto& p : ps)
    if (p.heading == heading) return &p;
  return nullptr;
}

// "1. text", "- text", "* text" → "text".
std::string unbullet(const std::string& line) {
  std::string_view s = line;
  std::size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i > 0 && i < s.size() && (s[i] == '.' || s[i] == ')')) s.remove_prefix(i + 1);
  else if (!s.empty() && (s[0] == '-' || s[0] == '*' || s[0] == '+')) s.remove_prefix(1);
  return trim(s);
}

std::vector<std::string> items(const Part* p) {
  std::vector<std::string> out;
  if (!p) return out;
  for (const auto& l : p->lines) {
    auto t = trim(l);
    if (t.empty() || t == k_none) continue;
    auto item = unbullet(t);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::vector<std::string> paragraphs(const Part* p) {
  std::vector<std::string> out;
  if (!p) return out;
  std::string current;
  auto flush = [&] {
    auto t = trim(current);
    if (!t.empty() && t != k_none) out.push_back(t);
    current.clear();
  };
  for (const auto& l : p->lines) {
    auto t = trim(l);
    if (t.empty()) flush();
    else if (t != k_none) current += (current.empty() ? "" : "\n") + l;
  }
  flush();
  return out;
}

// The lines of `edited` that `draft` did not have (each draft line matches once).
std::string added(const Part& edited, const Part* draft) {
  std::vector<std::string> pool;
  if (draft)
    for (const auto& l : draft->lines) pool.push_back(trim(l));
  std::vector<std::string> kept;
  for (const auto& l : edited.lines) {
    auto t = trim(l);
    auto it = std::find(pool.begin(), pool.end(), t);
    if (it != pool.end()) {
      pool.erase(it);
      continue;
    }
    kept.push_back(l);
  }
  while (!kept.empty() && trim(kept.front()).empty()) kept.erase(kept.begin());
  while (!kept.empty() && trim(kept.back()).empty()) kept.pop_back();
  std::string out;
  for (const auto& l : kept) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

std::string draft_preamble() {
  return "<!-- hypercare handover draft. Write under \"Issues to Monitor\" (one per line), \"Scheduled\n"
         "     Activities\" (\"- 2026-11-28 02:00: what\", or \"- 22:30: what\") and \"Notes for Next Shift\"\n"
         "     (paragraphs), add lines under any other heading, or add headings of your own (### Title).\n"
         "     Generated lines are recomputed from the data. Save an empty file to abort. -->\n";
}

Edited read_edited(std::string_view draft_text, std::string_view edited_text) {
  auto draft = parts(draft_text), edited = parts(edited_text);
  Edited out;
  out.watch = items(find(edited, heading::watch));
  out.scheduled = items(find(edited, heading::scheduled));
  out.notes = paragraphs(find(edited, heading::notes));
  for (const auto& p : edited) {
    if (p.heading == heading::watch || p.heading == heading::scheduled || p.heading == heading::notes ||
        p.heading == heading::confirmation)
      continue;
    auto text = added(p, find(draft, p.heading));
    if (!text.empty()) out.sections.push_back({p.heading, text});
  }
  return out;
}

}  // namespace hypercare::handover
