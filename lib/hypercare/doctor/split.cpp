#include "hypercare/doctor/split.hpp"

#include <set>

#include <fmt/format.h>

#include "hypercare/incident/model.hpp"
#include "hypercare/incident/record_file.hpp"
#include "hypercare/store/causal.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::doctor {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// The origin of the incident a record file holds (its first `created` event), or "".
std::string origin_in(const fs::path& path) {
  auto text = store::read_file(path, store::k_max_record_bytes);
  if (!text) return {};
  auto parsed = store::parse_jsonl(*text, path);
  if (!parsed) return {};
  auto order = store::ordered_events(*parsed, path);
  if (!order) return {};
  for (const auto* line : *order)
    if (str(line->value, "type") == incident::event::created) return str(line->value, "id");
  return {};
}

}  // namespace

core::Result<std::vector<Split>> split_duplicates(store::WriteSession& session, const fs::path& ops,
                                                  const fs::path& file, const store::JsonlFile& parsed) {
  auto order = HC_TRY(store::ordered_events(parsed, file));
  std::set<std::string> done;  // origins split off already
  for (const auto* line : order)
    if (str(line->value, "type") == incident::event::split) done.insert(str(line->value, "origin"));
  std::string old_id = file.stem().string();
  auto relative_dir = file.parent_path().lexically_relative(ops);
  std::vector<Split> out;
  bool keeper = true;
  for (const auto* line : order) {
    const auto& e = line->value;
    if (str(e, "type") != incident::event::created) continue;
    if (keeper) {  // the first incident in fold order keeps the id
      keeper = false;
      continue;
    }
    std::string origin = str(e, "id");
    if (done.contains(origin)) continue;
    std::string new_id;
    for (int length = 4;; ++length) {
      new_id = incident::split_id(old_id, origin, length);
      std::error_code ec;
      auto target = file.parent_path() / (new_id + ".jsonl");
      if (!fs::exists(target, ec)) {
        auto copy = e;
        copy["incident"] = new_id;
        copy["split_from"] = old_id;
        HC_CHECK(session.append(relative_dir / (new_id + ".jsonl"), HC_TRY(store::record_line(copy, target)), true));
        break;
      }
      if (origin_in(target) == origin) break;  // split there already (another clone's fix came through)
    }
    // Stamped like the event it moves, not by this clone's clock: independent fixes agree byte for byte.
    json marker = {{"v", 1}, {"id", origin + "-split"}, {"seq", store::event_seq(e).value_or(0)},
                   {"ts", str(e, "ts")}, {"actor", "hypercare doctor"}, {"type", incident::event::split},
                   {"origin", origin}, {"into", new_id}};
    HC_CHECK(session.append(file.lexically_relative(ops), HC_TRY(store::record_line(marker, file)), false));
    out.push_back({old_id, new_id});
  }
  return out;
}

}  // namespace hypercare::doctor
