// Where incidents live on disk: incidents/YYYY-MM/INC-YYYYMMDD-XXXX.jsonl, one event log each.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hypercare/core/context.hpp"
#include "hypercare/incident/fold.hpp"
#include "hypercare/incident/index.hpp"
#include "hypercare/incident/model.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::incident {

class Repository {
 public:
  Repository(std::filesystem::path ops_dir, core::WarningSink warn, bool use_cache = true)
      : m_ops(std::move(ops_dir)), m_warn(std::move(warn)), m_use_cache(use_cache) {}

  const std::filesystem::path& ops_dir() const { return m_ops; }
  // The file of `id`, absolute; relative_path() gives it as git sees it.
  std::filesystem::path file_for(std::string_view id) const;
  std::filesystem::path relative_path(std::string_view id) const;

  // The index of every incident (or of the unresolved ones), refreshed. Files that cannot be
  // read are left out, each reported once to the warning sink and kept in problems().
  core::Result<Snapshot> snapshot(bool open_only = false) const;
  // The same, of the incidents `keep` accepts only: what a narrow command decodes.
  core::Result<Snapshot> snapshot(KeyFilter keep) const;
  // The unreadable record files met so far, for --json documents.
  const std::vector<Unreadable>& problems() const { return m_problems; }
  // Every incident (summaries: no timeline), sorted by id.
  core::Result<std::vector<Incident>> summaries(bool open_only = false) const;

  // A full id from an exact id, a unique prefix or a unique tail ("7K2M").
  // Unknown: ErrorKind::missing; ambiguous: ErrorKind::missing listing the candidates.
  core::Result<std::string> resolve(std::string_view query) const;

  struct Loaded {
    Incident incident;
    store::JsonlFile file;
  };
  // One incident in full, timeline included, read from its file (never from the cache);
  // `options.before` folds it as it stood then.
  core::Result<Loaded> load(std::string_view id, FoldOptions options = {}) const;
  // load()'s incident alone, read without a JSON tree when it can be (fold_flat): for the reports,
  // which fold again every incident that changed after the day they are about.
  core::Result<Incident> fold_one(std::string_view id, FoldOptions options = {}) const;
  // fold_one() when the file reads without a JSON tree and nothing in it is worth a warning, else
  // nullopt. Safe to call from several threads at once (it reads the file and nothing else).
  std::optional<Incident> quick_fold(std::string_view id, FoldOptions options = {}) const;

 private:
  core::Result<Snapshot> snapshot(const IndexOptions& options) const;

  std::filesystem::path m_ops;
  core::WarningSink m_warn;
  bool m_use_cache;
  mutable std::vector<Unreadable> m_problems;
};

}  // namespace hypercare::incident
