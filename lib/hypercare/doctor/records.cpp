#include "hypercare/doctor/records.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "hypercare/doctor/split.hpp"
#include "hypercare/handover/fold.hpp"
#include "hypercare/hotfix/fold.hpp"
#include "hypercare/incident/fold.hpp"
#include "hypercare/rota/changes.hpp"
#include "hypercare/store/fs.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::doctor {

namespace fs = std::filesystem;

namespace {

struct Line {
  std::size_t no;
  std::string_view text;
  bool terminated;
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> out;
  std::size_t no = 0, pos = 0;
  while (pos < text.size()) {
    ++no;
    auto nl = text.find('\n', pos);
    bool terminated = nl != std::string_view::npos;
    out.push_back({no, text.substr(pos, terminated ? nl - pos : std::string_view::npos), terminated});
    if (!terminated) break;
    pos = nl + 1;
  }
  return out;
}

enum class Kind { incident, rota_changes, handover, hotfix, plain };

// By the record's path relative to the ops dir: the directory above its parent names the kind
// (incidents/2026-11/INC-….jsonl).
Kind kind_of(std::string_view rel) {
  if (rel == rota::k_changes_file) return Kind::rota_changes;
  auto parent = rel.rfind('/');
  auto above = parent == std::string_view::npos || parent == 0 ? std::string_view::npos : rel.rfind('/', parent - 1);
  std::string_view dir = rel.substr(0, above == std::string_view::npos ? 0 : above);
  dir.remove_prefix(std::min(dir.size(), dir.rfind('/') + 1));  // npos + 1 is 0
  if (dir == "incidents") return Kind::incident;
  if (dir == "handovers") return Kind::handover;
  if (dir == "hotfixes") return Kind::hotfix;
  return Kind::plain;
}

// The file name without its last extension, as std::filesystem::path::stem() has it.
std::string_view stem_of(std::string_view rel) {
  rel.remove_prefix(rel.rfind('/') + 1);  // npos + 1 is 0
  auto dot = rel.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? rel : rel.substr(0, dot);
}

}  // namespace

fs::path quarantine_path(const fs::path& relative) { return fs::path("quarantine") / relative; }

void check_record(const fs::path& ops, const std::string& rel, const RecordFix& how, Report& report) {
  const auto path = ops / rel;
  auto text = store::read_file(path, store::k_max_record_bytes);
  if (!text) {
    report.problems.push_back({rel, 0, "unreadable", text.error().message});
    return;
  }
  std::size_t first = report.problems.size();
  auto add = [&](std::size_t line, const char* kind, std::string message, bool fixable) {
    report.problems.push_back({rel, line, kind, std::move(message), fixable});
  };
  if (text->empty()) {
    add(0, "empty_record", fmt::format("{}: an empty record file (left by a write that failed)", rel), true);
    if (how.fix) {
      auto session = how.session();
      if (session && (*session)->remove(rel)) report.problems.back().fixed = true;
    }
    return;
  }

  auto kind = kind_of(rel);
  auto stem = stem_of(rel);
  auto misplaced = [&](std::string_view what, std::string_view id) {
    add(0, "misplaced", fmt::format("{}: holds {} {}, not {}", rel, what, id, stem), false);
  };
  // Most incident records are whole and read without a JSON tree (fold_flat takes only those):
  // then no line is unreadable and nothing is left to fix.
  if (kind == Kind::incident)
    if (auto inc = incident::fold_flat(*text, path, {.timeline = false, .before = std::nullopt});
        inc && !inc->duplicate_creations) {
      if (stem != inc->id) misplaced("incident", inc->id);
      return;
    }

  // Sort the lines into those kept and those that cannot be read.
  store::JsonlFile kept;
  std::vector<const Line*> bad;  // moved to quarantine/ by --fix
  auto lines = split_lines(*text);
  for (const auto& l : lines) {
    if (store::is_conflict_marker(l.text)) {
      add(l.no, "conflict_marker",
          fmt::format("{}:{}: git merge-conflict marker in an append-only log (is `*.jsonl merge=union` missing from "
                      ".gitattributes?)",
                      rel, l.no),
          true);
      continue;
    }
    if (l.text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto j = store::parse_json(l.text, fmt::format("{}:{}", path.string(), l.no));
    if (!l.terminated) {
      if (j && j->is_object()) {
        add(l.no, "unterminated", fmt::format("{}:{}: the last line lacks its newline (it is kept)", rel, l.no),
            true);
      } else {
        add(l.no, "torn_tail", fmt::format("{}: the last line is incomplete (a write was cut off)", rel), true);
        bad.push_back(&l);
        continue;
      }
    }
    if (!j || !j->is_object()) {
      add(l.no, "malformed",
          j ? fmt::format("{}:{}: expected a JSON object", rel, l.no) : j.error().message, true);
      bad.push_back(&l);
      continue;
    }
    kept.lines.push_back({l.no, std::move(*j)});
  }

  // What the kept lines fold into. A line the fold names as the problem is unreadable too.
  auto fold_once = [&]() -> core::Status {
    switch (kind) {
      case Kind::incident: {
        auto inc = HC_TRY(incident::fold(kept, path, {.timeline = false, .before = std::nullopt}));
        if (stem != inc.id)
          misplaced("incident", inc.id);
        if (inc.duplicate_creations)
          add(0, "duplicate_incident",
              fmt::format("{}: {} incidents were created with the id {} (in different clones)", rel,
                          inc.duplicate_creations + 1, inc.id),
              true);
        return {};
      }
      case Kind::rota_changes: HC_TRY(rota::fold_changes(kept, path)); return {};
      case Kind::handover: {
        auto h = HC_TRY(handover::fold(kept, path));
        if (stem != h.id)
          misplaced("handover", h.id);
        else if (h.duplicate_creations)
          add(0, "duplicate_handover",
              fmt::format("{}: two handovers were written with the id {} (in different clones); list and show use "
                          "the first",
                          rel, h.id),
              false);
        return {};
      }
      case Kind::hotfix: {
        auto h = HC_TRY(hotfix::fold(kept, path));
        if (stem != h.id)
          misplaced("hotfix", h.id);
        else if (h.duplicate_creations)
          add(0, "duplicate_hotfix",
              fmt::format("{}: two hotfixes were recorded with the id {} (in different clones); list and show use "
                          "the first",
                          rel, h.id),
              false);
        return {};
      }
      case Kind::plain: return {};
    }
    return {};
  };
  bool folds = false;
  for (std::size_t tries = 0; tries <= lines.size(); ++tries) {
    auto folded = fold_once();
    if (folded) {
      folds = true;
      break;
    }
    std::size_t at = store::error_line(folded.error(), path);
    auto it = std::find_if(kept.lines.begin(), kept.lines.end(), [&](const auto& l) { return l.line_no == at; });
    // A problem of the whole record (no `created` event): nothing to quarantine, a person decides.
    bool whole = at == 0 || folded.error().message.find("no `created` event") != std::string::npos || it == kept.lines.end();
    add(at, "malformed", folded.error().message, !whole);
    if (whole) break;
    bad.push_back(&*std::find_if(lines.begin(), lines.end(), [&](const Line& l) { return l.no == at; }));
    kept.lines.erase(it);
  }

  if (!how.fix || !folds) return;
  bool fixable = std::any_of(report.problems.begin() + long(first), report.problems.end(),
                             [](const Problem& p) { return p.fixable; });
  if (!fixable) return;
  auto session_or = how.session();
  if (!session_or) {
    add(0, "unreadable", session_or.error().message, false);
    return;
  }
  auto* session = *session_or;
  // Unreadable lines are kept, as they were, in quarantine/ (tracked: nothing is lost).
  if (!bad.empty()) {
    std::sort(bad.begin(), bad.end(), [](const Line* a, const Line* b) { return a->no < b->no; });
    std::string moved;
    for (const auto* l : bad) moved += std::string(l->text) + "\n";
    auto q = quarantine_path(rel);
    std::error_code ec;
    if (!session->append(q, moved, !fs::exists(ops / q, ec))) return;
    if (how.quarantined) how.quarantined->push_back(q.string());
  }
  std::string content;
  for (const auto& l : kept.lines) content += store::to_line(l.value);
  // Only when something changed: a lost newline alone is repaired by adding it, not by rewriting.
  std::set<std::size_t> gone;
  for (const auto* l : bad) gone.insert(l->no);
  bool rewrite = !gone.empty() || std::any_of(report.problems.begin() + long(first), report.problems.end(),
                                              [](const Problem& p) { return p.kind == "conflict_marker"; });
  if (rewrite) {
    // Keep every readable line byte for byte, in its place.
    content.clear();
    for (const auto& l : lines)
      if (!gone.contains(l.no) && !store::is_conflict_marker(l.text) &&
          l.text.find_first_not_of(" \t\r") != std::string_view::npos)
        content += std::string(l.text) + "\n";
    if (!session->replace(rel, content)) return;
  } else if (!lines.back().terminated) {
    if (!session->append(rel, "", false)) return;  // terminates the last line, adds nothing
  }
  for (auto it = report.problems.begin() + long(first); it != report.problems.end(); ++it) {
    if (it->kind == "duplicate_incident") {
      auto reread = store::read_jsonl(path);
      if (!reread) continue;
      auto split = split_duplicates(*session, ops, path, *reread);
      if (!split) {
        it->message += fmt::format(" (not split: {})", split.error().message);
        continue;
      }
      std::vector<std::string> ids;
      for (const auto& sp : *split) {
        ids.push_back(sp.to);
        if (how.splits) how.splits->push_back(fmt::format("{} → {}", sp.from, sp.to));
      }
      it->message += fmt::format("; split off as {}", fmt::join(ids, ", "));
    }
    if (it->fixable) it->fixed = true;
    if (it->kind == "malformed" || it->kind == "torn_tail")
      it->message += fmt::format("; moved to {}: fix it there and append it back (cat {} >> {}), or delete it once "
                                 "reviewed",
                                 quarantine_path(rel).string(), quarantine_path(rel).string(), rel);
  }
}

}  // namespace hypercare::doctor
