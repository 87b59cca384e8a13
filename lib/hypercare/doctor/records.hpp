// One record file (JSONL), checked and, with fix, repaired: torn tails and lost newlines,
// merge-conflict markers, lines that cannot be read (moved to quarantine/, never dropped), empty
// files, files that are not regular files, and what each kind of record folds into (misplaced
// ids, incidents created twice under one id, which are split).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "hypercare/doctor/doctor.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::doctor {

struct RecordFix {
  bool fix = false;
  // Starts the repair's write session (the ops lock) on first use.
  std::function<core::Result<store::WriteSession*>()> session;
  std::vector<std::string>* splits = nullptr;       // "INC-A → INC-B", for the commit message
  std::vector<std::string>* quarantined = nullptr;  // quarantine files written, for the message
};

// `rel`: the record's path relative to the ops dir, as the problems name it.
void check_record(const std::filesystem::path& ops, const std::string& rel, const RecordFix& how, Report& report);

// Where the unreadable lines of a record go: quarantine/ + its path in the ops dir.
std::filesystem::path quarantine_path(const std::filesystem::path& relative);

}  // namespace hypercare::doctor
