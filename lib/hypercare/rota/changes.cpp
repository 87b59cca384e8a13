#include "hypercare/rota/changes.hpp"

#include <fmt/format.h>

#include "hypercare/store/causal.hpp"

namespace hypercare::rota {

namespace {
std::string str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}
}  // namespace

core::Result<std::pair<std::chrono::sys_days, std::string>> parse_shift_ref(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || slash + 1 >= text.size())
    return core::fail(core::ErrorKind::usage,
                      fmt::format("invalid shift '{}': write DATE/SLOT, e.g. 2026-11-28/B", text));
  auto day = core::parse_date(text.substr(0, slash));
  if (!day) return core::fail(core::ErrorKind::usage, fmt::format("invalid shift '{}': {}", text, day.error().message));
  return std::pair{*day, std::string(text.substr(slash + 1))};
}

core::Result<Changes> fold_changes(store::JsonlFile file, const std::filesystem::path& path) {
  Changes c;
  auto events = HC_TRY(store::ordered_events(file, path));
  auto bad = [&](std::size_t line, std::string_view what) {
    return core::Error{core::ErrorKind::data, fmt::format("{}:{}: {}", path.string(), line, what), "hypercare doctor"};
  };
  for (const auto* line : events) {
    const auto& e = line->value;
    std::string type = str(e, "type");
    auto ts = *core::parse_rfc3339(str(e, "ts"));
    if (type == "override") {
      Override o;
      o.id = str(e, "override");
      o.member = str(e, "member");
      auto from = core::parse_rfc3339(str(e, "from"));
      auto to = core::parse_rfc3339(str(e, "to"));
      if (o.id.empty() || o.member.empty() || !from || !to || *to <= *from)
        return std::unexpected(bad(line->line_no, "override needs override, member and from < to"));
      o.from = *from;
      o.to = *to;
      o.replacing = str(e, "replacing");
      o.message = str(e, "message");
      o.actor = str(e, "actor");
      o.created_at = ts;
      o.order = c.overrides.size();
      c.overrides.push_back(std::move(o));
    } else if (type == "swap") {
      Swap s;
      s.id = str(e, "swap");
      auto a = parse_shift_ref(str(e, "a"));
      auto b = parse_shift_ref(str(e, "b"));
      if (s.id.empty() || !a || !b) return std::unexpected(bad(line->line_no, "swap needs swap, a and b as DATE/SLOT"));
      s.day_a = a->first;
      s.slot_a = a->second;
      s.day_b = b->first;
      s.slot_b = b->second;
      s.message = str(e, "message");
      s.actor = str(e, "actor");
      s.created_at = ts;
      c.swaps.push_back(std::move(s));
    } else if (type == "cancelled") {
      std::string target = str(e, "target");
      for (auto& o : c.overrides)
        if (o.id == target) o.cancelled = true;
      for (auto& s : c.swaps)
        if (s.id == target) s.cancelled = true;
    }
  }
  c.file = std::move(file);
  return c;
}

core::Result<Changes> load_changes(const std::filesystem::path& ops_dir, const core::WarningSink& warn) {
  auto path = ops_dir / k_changes_file;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Changes{};
  auto file = HC_TRY(store::read_jsonl_lenient(path, warn));
  if (file.torn_tail)
    warn(fmt::format("{}: the last line is incomplete (a write was cut off) and is ignored; "
                     "`hypercare doctor --fix` repairs it",
                     path.string()));
  // One bad override never takes the whole rota down: it is skipped, and said so.
  return store::fold_skipping(std::move(file), path, warn,
                              [&path](const store::JsonlFile& f) { return fold_changes(f, path); });
}

}  // namespace hypercare::rota
