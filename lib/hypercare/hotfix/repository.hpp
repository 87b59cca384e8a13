// Where hotfixes live on disk: hotfixes/YYYY-MM/HF-YYYYMMDD-XXXX.jsonl, one event log each. The
// API the other parts (status, handover, reports) read hotfixes through.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/hotfix/model.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::hotfix {

inline constexpr const char* k_hotfix_dir = "hotfixes";

class Repository {
 public:
  Repository(std::filesystem::path ops_dir, core::WarningSink warn) : m_ops(std::move(ops_dir)), m_warn(std::move(warn)) {}

  const std::filesystem::path& ops_dir() const { return m_ops; }
  // hotfixes/YYYY-MM/HF-YYYYMMDD-XXXX.jsonl (as git sees it) and the absolute path.
  static std::filesystem::path relative_path(std::string_view id);
  std::filesystem::path file_for(std::string_view id) const { return m_ops / relative_path(id); }

  // Every hotfix id on disk, sorted.
  std::vector<std::string> ids() const;
  // A full id from an exact id, a unique prefix or a unique tail ("7K2M"). Unknown or ambiguous:
  // ErrorKind::missing (the ambiguous case lists the candidates).
  core::Result<std::string> resolve(std::string_view query) const;

  struct Loaded {
    Hotfix hotfix;
    store::JsonlFile file;
  };
  core::Result<Loaded> load(std::string_view id) const;

  // Hotfixes that started in [since, until) and of `component` (when not empty), oldest first.
  struct Filter {
    std::optional<TimePoint> since, until;
    std::string component;
  };
  core::Result<std::vector<Hotfix>> list(const Filter& filter = {}) const;

 private:
  std::filesystem::path m_ops;
  core::WarningSink m_warn;
};

// The newest hotfix of each component, from a list sorted oldest first: the state each component
// was left in (what `status` shows when it is running or failed).
std::vector<Hotfix> latest_per_component(const std::vector<Hotfix>& oldest_first);

}  // namespace hypercare::hotfix
