// The derived index of incident summaries in .hypercare/cache/incidents.idx, refreshed per month
// directory whenever a directory's mtime moved (git checkouts, new files and hypercare's own
// appends all move it). It is memory-mapped and read in place: listing 100 000 incidents copies
// only what is shown. It can be deleted at any time; it never changes what is shown.
#pragma once

#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/incident/model.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::incident {

struct IndexKey;
// Which incidents a snapshot keeps, from their keys alone; empty: every one.
using KeyFilter = std::function<bool(const IndexKey&)>;

struct IndexOptions {
  bool use_cache = true;   // false: fold every file (HYPERCARE_CACHE=off)
  bool open_only = false;  // keep only unresolved incidents
  KeyFilter keep;          // and of those, only the ones it accepts
};

// What sorting and the cheap filters need, without decoding the summary.
struct IndexKey {
  State status = State::open;
  Priority priority = Priority::P4;
  TimePoint created_at{};
  std::optional<TimePoint> acknowledged_at, resolved_at;
  std::optional<Priority> response_priority, resolution_priority;  // see Incident
  core::Seconds resolved_for{0};
  TimePoint last_event{};
  ResolutionKind kind = ResolutionKind::fixed;
  std::array<char, 24> id{};  // NUL-padded
  std::uint32_t entry = 0;    // position in the index

  std::string_view id_view() const;
};

// A record file that could not be read: skipped by listings, which say so; commands about that
// incident itself fail with its error.
struct Unreadable {
  std::string id;    // from the file name
  std::string file;  // path
  std::size_t line = 0;  // 0: the whole file
  core::Error error;
};

class Snapshot {
 public:
  struct Storage;
  Snapshot(std::shared_ptr<const Storage> storage, std::vector<IndexKey> keys, std::vector<Unreadable> unreadable = {})
      : m_storage(std::move(storage)), m_keys(std::move(keys)), m_unreadable(std::move(unreadable)) {}

  std::size_t size() const { return m_keys.size(); }
  const IndexKey& key(std::size_t i) const { return m_keys[i]; }
  const std::vector<IndexKey>& keys() const { return m_keys; }
  // Decodes incident i (no timeline) into `out`, reusing its strings' storage.
  void decode(std::size_t i, Incident& out) const;
  Incident decode(std::size_t i) const;
  const std::vector<Unreadable>& unreadable() const { return m_unreadable; }

 private:
  std::shared_ptr<const Storage> m_storage;
  std::vector<IndexKey> m_keys;  // sorted by id
  std::vector<Unreadable> m_unreadable;
};

// The ids of the incident record files (incidents/YYYY-MM/INC-….jsonl) that `keep` accepts, sorted,
// without reading a record or refreshing the index. A month directory whose mtime is the one the
// index holds is listed from the index's entries (`use_index`); any other is read with readdir.
// What a short id (a tail or a prefix) is resolved against.
std::vector<std::string> ids_on_disk(const std::filesystem::path& ops_dir, const std::function<bool(std::string_view)>& keep,
                                     bool use_index);

// The index of every incident (or the unresolved ones), refreshed first. A file that does not
// fold is left out and listed in unreadable() (one bad record never hides the others); torn
// tails are reported to `warn`.
core::Result<Snapshot> load_snapshot(const std::filesystem::path& ops_dir, IndexOptions options,
                                     const core::WarningSink& warn);

// Called by a write that appended to (or created) the record file `file` under the ops lock: when
// the index was current for the file's month just before the append, the file is folded again and
// its entry appended to the index as a patch, with the month's new mtime. The next read then finds
// the index current, instead of stat'ing every file of the month to learn what changed. Anything
// else (no index, a month changed meanwhile, a torn line, a chain of patches that is long already)
// leaves the index to the next read, which refreshes it as before.
void index_appended(const std::filesystem::path& ops_dir, const std::filesystem::path& file,
                    const store::AppendResult& appended);

// Holds every entry of the index to its file's size and mtime, folds again the files that differ
// (a record appended to by hand moves no directory) and rewrites the index only then; an index
// that does not load is built again. What `doctor` runs, having read every record.
core::Status verify_index(const std::filesystem::path& ops_dir);

}  // namespace hypercare::incident
