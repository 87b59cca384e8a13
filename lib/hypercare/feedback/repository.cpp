#include "hypercare/feedback/repository.hpp"

#include <cctype>
#include <algorithm>
#include <map>
#include <unordered_set>

#include <date/date.h>
#include <fmt/format.h>

#include "hypercare/core/text.hpp"

#include "hypercare/store/jsonl.hpp"

namespace hypercare::feedback {

namespace fs = std::filesystem;

namespace {

fs::path month_file(core::TimePoint at) {
  return fs::path("feedback") / (date::format("%Y-%m", at) + ".jsonl");
}

}  // namespace

core::Result<std::vector<Response>> read_responses(const fs::path& ops, const core::WarningSink& warn) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::directory_iterator(ops / "feedback", ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->path().extension() == ".jsonl") files.push_back(it->path());
  std::sort(files.begin(), files.end());
  std::vector<Response> out;
  std::unordered_set<std::string> ids;
  for (const auto& path : files) {
    auto file = HC_TRY(store::read_jsonl_lenient(path, warn));
    if (file.torn_tail)
      warn(fmt::format("{}: the last line is incomplete and is ignored; `hypercare doctor --fix` repairs it", path.string()));
    for (const auto& line : file.lines) {
      const auto& j = line.value;
      auto where = fmt::format("{}:{}", path.string(), line.line_no);
      // One bad response is skipped, said so; it never hides the others.
      auto bad = [&](std::string_view what) { warn(fmt::format("skipped {}: {}", where, what)); };
      auto id = j.find("id");
      auto type = j.find("type");
      if (id == j.end() || !id->is_string() || type == j.end() || !type->is_string()) {
        bad("a feedback event needs string fields id and type");
        continue;
      }
      if (*type != k_event_type) continue;  // other event kinds may come later; they are not responses
      auto at = j.find("at");
      auto score = j.find("score");
      if (at == j.end() || !at->is_string() || score == j.end() || !score->is_number_integer()) {
        bad("a response needs at (RFC 3339) and score (1 to 5)");
        continue;
      }
      auto t = core::parse_rfc3339(at->get_ref<const std::string&>());
      if (!t) {
        bad(t.error().message);
        continue;
      }
      auto s = store::integer_field(j, "score");
      if (!s || *s < k_min_score || *s > k_max_score) {
        bad(fmt::format("score {} is outside 1 to 5", score->dump()));
        continue;
      }
      auto comment = store::string_field(j, "comment"), from = store::string_field(j, "from"),
           source = store::string_field(j, "source");
      if (!comment || !from || !source) {
        bad("a response's comment, from and source are strings");
        continue;
      }
      if (!ids.insert(id->get<std::string>()).second) continue;
      Response r;
      r.id = id->get<std::string>();
      r.at = *t;
      r.score = int(*s);
      r.comment = *comment;
      r.from = *from;
      r.source = *source;
      out.push_back(std::move(r));
    }
  }
  std::sort(out.begin(), out.end(), [](const Response& a, const Response& b) { return a.at != b.at ? a.at < b.at : a.id < b.id; });
  return out;
}

constexpr std::size_t k_max_comment = 4096;

namespace {

// Whitespace collapsed, case folded (ASCII): "  Great   app " and "great app" are one comment.
std::string normalised(std::string_view text) {
  std::string out;
  bool space = false;
  for (unsigned char c : text) {
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += char(std::tolower(c));
  }
  return out;
}

std::string identity(const Response& r) { return fmt::format("{}\x1f{}", core::format_rfc3339(r.at), r.score); }
std::string likeness(const Response& r) {
  return fmt::format("{}\x1f{}\x1f{}", r.score, normalised(r.comment), normalised(r.from));
}
bool imported(const Response& r) { return r.source != "cli"; }

}  // namespace

AppendReport plan_append(const std::vector<Response>& existing, const std::vector<Response>& incoming,
                         std::vector<const Response*>* to_add) {
  AppendReport rep;
  std::unordered_set<std::string> ids;
  std::map<std::string, std::vector<const Response*>> recorded;  // identity → imported responses
  std::multimap<std::string, const Response*> alike;             // likeness → responses with a comment or from
  for (const auto& r : existing) {
    ids.insert(r.id);
    if (imported(r)) recorded[identity(r)].push_back(&r);
    if (!r.comment.empty() || !r.from.empty()) alike.emplace(likeness(r), &r);
  }
  std::map<std::string, std::size_t> seen;  // identity → occurrences in this import
  for (const auto& r : incoming) {
    if (!imported(r) && ids.contains(r.id)) {
      ++rep.already_recorded;
      continue;
    }
    if (imported(r)) {
      auto k = seen[identity(r)]++;
      auto it = recorded.find(identity(r));
      if (it != recorded.end() && k < it->second.size()) {
        ++rep.already_recorded;
        const auto* before = it->second[k];
        if (normalised(before->comment) != normalised(r.comment) || normalised(before->from) != normalised(r.from))
          ++rep.recorded_differently;
        continue;
      }
      if (ids.contains(r.id)) {  // recorded, though not as an import (a hand-made record)
        ++rep.already_recorded;
        continue;
      }
    }
    if (!r.comment.empty() || !r.from.empty()) {
      auto [lo, hi] = alike.equal_range(likeness(r));
      for (auto it = lo; it != hi; ++it) {
        auto apart = r.at > it->second->at ? r.at - it->second->at : it->second->at - r.at;
        if (apart > std::chrono::hours(24)) continue;
        rep.near_duplicates.push_back(fmt::format(
            "the response answered {} (score {}{}) looks like the one recorded as answered {}: same score, comment "
            "and from, {} apart (a different time zone or timestamp column?)",
            core::format_rfc3339(r.at), r.score, r.from.empty() ? "" : ", from " + r.from,
            core::format_rfc3339(it->second->at), core::format_duration(apart)));
        break;
      }
    }
    ids.insert(r.id);
    ++rep.added;
    if (to_add) to_add->push_back(&r);
  }
  return rep;
}

core::Result<AppendReport> append_responses(const std::vector<Response>& responses, store::WriteOptions write,
                                            core::TimePoint now, const std::string& message) {
  auto ops = write.ops_dir;
  auto warn = write.warn;
  auto actor = write.actor;
  auto session = HC_TRY(store::WriteSession::begin(std::move(write)));
  // Read under the lock, so two imports of one file at once still add each row once.
  auto existing = HC_TRY(read_responses(ops, warn));
  std::vector<const Response*> fresh;
  AppendReport rep = plan_append(existing, responses, &fresh);
  std::map<fs::path, std::string> lines;  // one write per file
  for (const Response* rp : fresh) {
    const Response& r = *rp;
    nlohmann::json e = {{"v", 1}, {"id", r.id}, {"ts", core::format_rfc3339(now)}, {"actor", actor},
                        {"type", k_event_type}, {"at", core::format_rfc3339(r.at)}, {"score", r.score}};
    // A response is kept readable: a comment is cut at 4 KiB (the survey keeps the whole text).
    if (!r.comment.empty()) e["comment"] = core::truncate_utf8(r.comment, k_max_comment);
    if (!r.from.empty()) e["from"] = core::truncate_utf8(r.from, 200);
    if (!r.source.empty()) e["source"] = core::truncate_utf8(r.source, 500);
    lines[month_file(r.at)] += HC_TRY(store::record_line(e, month_file(r.at)));
  }
  for (const auto& [rel, text] : lines) {
    std::error_code ec;
    bool exists = fs::exists(ops / rel, ec);
    HC_TRY(session.append(rel, text, !exists));
    rep.files.push_back(rel);
  }
  rep.committed = session.finish(message);
  return rep;
}

}  // namespace hypercare::feedback
