// Where handovers live on disk: handovers/YYYY-MM/HO-YYYYMMDD-XXXX.jsonl, the events (the
// document is rendered from them by `handover show`, never stored). The API status and reports
// read handovers through.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/handover/model.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::handover {

inline constexpr const char* k_handover_dir = "handovers";

class Repository {
 public:
  Repository(std::filesystem::path ops_dir, core::WarningSink warn) : m_ops(std::move(ops_dir)), m_warn(std::move(warn)) {}

  const std::filesystem::path& ops_dir() const { return m_ops; }
  // handovers/YYYY-MM/HO-YYYYMMDD-XXXX.jsonl, as git sees it. The document is rendered from it on
  // `handover show`: a derived file in git would conflict when two clones accept at once.
  static std::filesystem::path relative_path(std::string_view id);
  std::filesystem::path file_for(std::string_view id) const { return m_ops / relative_path(id); }

  // Every handover id on disk, sorted.
  std::vector<std::string> ids() const;
  // A full id from an exact id, a unique prefix or tail ("7K2M"), or "latest" (the newest).
  // Unknown or ambiguous: ErrorKind::missing (the ambiguous case lists the candidates).
  core::Result<std::string> resolve(std::string_view query) const;

  struct Loaded {
    Handover handover;
    store::JsonlFile file;
  };
  core::Result<Loaded> load(std::string_view id) const;

  // Every handover, oldest first (by creation time, then id), with superseded_by set.
  core::Result<std::vector<Handover>> list() const;

 private:
  std::filesystem::path m_ops;
  core::WarningSink m_warn;
};

// The newest handover created at or before `at` in a list sorted oldest first; nullptr for none.
const Handover* latest_before(const std::vector<Handover>& oldest_first, TimePoint at);

}  // namespace hypercare::handover
