#include "hypercare/doctor/split.hpp"

#include <map>

#include <fmt/format.h>

#include "hypercare/incident/fold.hpp"

namespace hypercare::doctor {

namespace fs = std::filesystem;

core::Result<std::vector<std::string>> split_duplicates(store::WriteSession& session, const fs::path& ops,
                                                        const fs::path& file, const store::JsonlFile& parsed,
                                                        core::TimePoint now, const core::Random& random) {
  auto order = HC_TRY(incident::ordered_events(parsed, file));
  std::string keeper;
  std::map<std::string, std::string> moved;  // origin (created event id) → new incident id
  std::map<std::string, std::string> lines;  // new id → its file content
  std::string kept;
  for (const auto* line : order) {
    const auto& e = line->value;
    std::string type = e.value("type", ""), id = e.value("id", ""), origin = e.value("origin", "");
    if (type == "created") {
      if (keeper.empty()) {
        keeper = id;
      } else {
        auto created = core::parse_rfc3339(e.value("ts", "")).value_or(now);
        std::string new_id;
        do new_id = core::new_record_id("INC", created, random);
        while (fs::exists(ops / "incidents" / fmt::format("{}-{}", new_id.substr(4, 4), new_id.substr(8, 2)) /
                          (new_id + ".jsonl")));
        moved[id] = new_id;
        auto copy = e;
        copy["incident"] = new_id;
        copy["split_from"] = e.value("incident", "");
        lines[new_id] += store::to_line(copy);
        continue;
      }
    } else if (auto m = moved.find(origin); m != moved.end()) {
      lines[m->second] += store::to_line(e);
      continue;
    }
    kept += store::to_line(e);
  }
  std::vector<std::string> ids;
  for (const auto& [new_id, content] : lines) {
    fs::path rel = fs::path("incidents") / fmt::format("{}-{}", new_id.substr(4, 4), new_id.substr(8, 2)) /
                   (new_id + ".jsonl");
    HC_CHECK(session.replace(rel, content));
    ids.push_back(new_id);
  }
  HC_CHECK(session.replace(file.lexically_relative(ops), kept));
  return ids;
}

}  // namespace hypercare::doctor
