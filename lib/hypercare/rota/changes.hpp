// rota/changes.jsonl: overrides, swaps and their cancellations, as append-only events folded in
// (seq, ts, id) order like every record file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::rota {

using core::TimePoint;

inline constexpr const char* k_changes_file = "rota/changes.jsonl";

struct Override {
  std::string id;  // OV-YYYYMMDD-XXXX
  std::string member;
  TimePoint from, to;
  std::string replacing;  // empty: whoever is on call
  std::string message, actor;
  TimePoint created_at;
  std::size_t order = 0;  // position in fold order: a later override wins
  bool cancelled = false;
};

struct Swap {
  std::string id;  // SW-YYYYMMDD-XXXX
  std::chrono::sys_days day_a, day_b;
  std::string slot_a, slot_b;
  std::string message, actor;
  TimePoint created_at;
  bool cancelled = false;
};

struct Changes {
  std::vector<Override> overrides;  // in fold order
  std::vector<Swap> swaps;          // in fold order
  store::JsonlFile file;
};

// A missing file is no changes. Malformed lines are ErrorKind::data naming file:line.
core::Result<Changes> load_changes(const std::filesystem::path& ops_dir, const core::WarningSink& warn);
core::Result<Changes> fold_changes(store::JsonlFile file, const std::filesystem::path& path);

// "2026-11-28/B" → day and slot name.
core::Result<std::pair<std::chrono::sys_days, std::string>> parse_shift_ref(std::string_view text);

}  // namespace hypercare::rota
