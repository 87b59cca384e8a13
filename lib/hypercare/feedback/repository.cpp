#include "hypercare/feedback/repository.hpp"

#include <algorithm>
#include <map>
#include <unordered_set>

#include <date/date.h>
#include <fmt/format.h>

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
    auto file = HC_TRY(store::read_jsonl(path));
    if (file.torn_tail)
      warn(fmt::format("{}: the last line is incomplete and is ignored; `hypercare doctor --fix` repairs it", path.string()));
    for (const auto& line : file.lines) {
      const auto& j = line.value;
      auto where = fmt::format("{}:{}", path.string(), line.line_no);
      auto bad = [&](std::string_view what) {
        return core::fail(core::ErrorKind::data, fmt::format("{}: {}", where, what), "hypercare doctor");
      };
      auto id = j.find("id");
      auto type = j.find("type");
      if (id == j.end() || !id->is_string() || type == j.end() || !type->is_string())
        return bad("a feedback event needs string fields id and type");
      if (*type != k_event_type) continue;  // other event kinds may come later; they are not responses
      auto at = j.find("at");
      auto score = j.find("score");
      if (at == j.end() || !at->is_string() || score == j.end() || !score->is_number_integer())
        return bad("a response needs at (RFC 3339) and score (1 to 5)");
      auto t = core::parse_rfc3339(at->get_ref<const std::string&>());
      if (!t) return bad(t.error().message);
      auto s = store::integer_field(j, "score");
      if (!s || *s < k_min_score || *s > k_max_score) return bad(fmt::format("score {} is outside 1 to 5", score->dump()));
      auto comment = store::string_field(j, "comment"), from = store::string_field(j, "from"),
           source = store::string_field(j, "source");
      if (!comment || !from || !source) return bad("a response's comment, from and source are strings");
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

core::Result<AppendReport> append_responses(const std::vector<Response>& responses, store::WriteOptions write,
                                            core::TimePoint now, const std::string& message) {
  auto ops = write.ops_dir;
  auto warn = write.warn;
  auto actor = write.actor;
  auto session = HC_TRY(store::WriteSession::begin(std::move(write)));
  // Read under the lock, so two imports of one file at once still add each row once.
  auto existing = HC_TRY(read_responses(ops, warn));
  std::unordered_set<std::string> ids;
  for (const auto& r : existing) ids.insert(r.id);
  AppendReport rep;
  std::map<fs::path, std::string> lines;  // one write per file
  for (const auto& r : responses) {
    if (!ids.insert(r.id).second) {
      ++rep.already_recorded;
      continue;
    }
    nlohmann::json e = {{"v", 1}, {"id", r.id}, {"ts", core::format_rfc3339(now)}, {"actor", actor},
                        {"type", k_event_type}, {"at", core::format_rfc3339(r.at)}, {"score", r.score}};
    if (!r.comment.empty()) e["comment"] = r.comment;
    if (!r.from.empty()) e["from"] = r.from;
    if (!r.source.empty()) e["source"] = r.source;
    lines[month_file(r.at)] += store::to_line(e);
    ++rep.added;
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
