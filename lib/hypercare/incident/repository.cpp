#include "hypercare/incident/repository.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/core/ids.hpp"
#include "hypercare/incident/fold.hpp"
#include "hypercare/incident/record_file.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::incident {

namespace fs = std::filesystem;

fs::path Repository::relative_path(std::string_view id) const {
  // INC-YYYYMMDD-XXXX lives in incidents/YYYY-MM/.
  std::string month = id.size() >= 12 ? fmt::format("{}-{}", id.substr(4, 4), id.substr(8, 2)) : "unknown";
  return fs::path("incidents") / month / (std::string(id) + ".jsonl");
}

fs::path Repository::file_for(std::string_view id) const { return m_ops / relative_path(id); }

core::Result<Snapshot> Repository::snapshot(bool open_only) const {
  return snapshot(IndexOptions{.use_cache = m_use_cache, .open_only = open_only, .keep = {}});
}

core::Result<Snapshot> Repository::snapshot(KeyFilter keep) const {
  return snapshot(IndexOptions{.use_cache = m_use_cache, .open_only = false, .keep = std::move(keep)});
}

core::Result<Snapshot> Repository::snapshot(const IndexOptions& options) const {
  auto snap = HC_TRY(load_snapshot(m_ops, options, m_warn));
  for (const auto& u : snap.unreadable()) {
    if (std::any_of(m_problems.begin(), m_problems.end(), [&](const Unreadable& p) { return p.file == u.file; })) continue;
    m_problems.push_back(u);
    m_warn(fmt::format("skipped {}: it cannot be read ({}); the other incidents are shown. `hypercare doctor --fix` "
                       "moves unreadable lines to quarantine/",
                       u.id, u.error.message));
  }
  return snap;
}

core::Result<std::vector<Incident>> Repository::summaries(bool open_only) const {
  auto snap = HC_TRY(snapshot(open_only));
  std::vector<Incident> out(snap.size());
  for (std::size_t i = 0; i < snap.size(); ++i) snap.decode(i, out[i]);
  return out;
}

core::Result<std::string> Repository::resolve(std::string_view query) const {
  std::string q = core::normalize_id_input(query);
  std::error_code ec;
  if (q.starts_with("INC-") && q.size() == 17 && fs::is_regular_file(file_for(q), ec)) return q;
  // The record files' names are the ids: a tail or a prefix is found from the directories, or
  // from the index's entries where it is current for them, and no record is read nor the index
  // refreshed, so a command about one incident costs what that incident costs, not the store
  // (issue 19). An unreadable incident is found too, so that asking about it gives its error.
  core::IdQuery wanted(query);
  auto ids = ids_on_disk(m_ops, [&](std::string_view id) { return wanted.exact(id) || wanted.partial(id); }, m_use_cache);
  return core::resolve_id(query, ids, "incident", "hypercare incident list --all");
}

core::Result<Repository::Loaded> Repository::load(std::string_view id, FoldOptions options) const {
  auto path = file_for(id);
  auto file = read_incident_file(path);
  if (!file) {
    if (file.error().kind == core::ErrorKind::missing)
      return core::fail(core::ErrorKind::missing, fmt::format("no incident {}", id),
                        "hypercare incident list --all");
    return std::unexpected(file.error());
  }
  auto inc = HC_TRY(fold(*file, path, options));
  if (file->torn_tail)
    m_warn(fmt::format("{}: the last line is incomplete (a write was cut off) and is ignored; "
                       "`hypercare doctor --fix` repairs it",
                       path.string()));
  if (inc.duplicate_creations)
    m_warn(fmt::format("{}: two incidents were created offline with the id {}; showing the first. "
                       "`hypercare doctor --fix` gives the other its own id",
                       path.string(), id));
  return Loaded{std::move(inc), std::move(*file)};
}

std::optional<Incident> Repository::quick_fold(std::string_view id, FoldOptions options) const {
  auto path = file_for(id);
  auto text = store::read_file(path, store::k_max_record_bytes);
  if (!text) return std::nullopt;
  // What load() would warn about (a torn line, two creations) is left to it.
  auto inc = fold_flat(*text, path, options);
  if (!inc || inc->duplicate_creations) return std::nullopt;
  return inc;
}

core::Result<Incident> Repository::fold_one(std::string_view id, FoldOptions options) const {
  if (auto inc = quick_fold(id, options)) return std::move(*inc);
  auto loaded = HC_TRY(load(id, options));
  return std::move(loaded.incident);
}

}  // namespace hypercare::incident
