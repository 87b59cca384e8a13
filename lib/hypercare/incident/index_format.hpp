// The on-disk layout of the incident index (.hypercare/cache/incidents.idx), version 13: a base
// segment, then any patch segments appended after it. Each segment is laid out as
//   header (64 bytes) | months table | entries table (120-byte records) | blobs | trailer (8 bytes)
// with the magic "HCIDX13" for the base and "HCPATCH" for a patch, whose offsets count from its
// own start. Fixed-size entry records carry what sorting and filtering need, the id included, so
// that a listing of the open incidents touches the table and only their blobs; a blob per entry
// holds the file name, the id and the rest of the summary (or the error that folding the file gave).
//
// A patch is what one refresh found changed after a write: for each month it names, the
// directory's new stamp and the entries of the files folded again or new, each naming the entry
// of the same file it replaces. Nothing already written is ever changed, so a reader's mapping
// stays whole while another process appends; a patch cut short is ignored. A file or month that
// went away, a large change or too many patches make a new base instead (no patches).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "hypercare/core/error.hpp"
#include "hypercare/incident/index.hpp"
#include "hypercare/incident/model.hpp"

namespace hypercare::incident::index_format {

struct Stamp {
  std::int64_t size = -1, sec = 0, nsec = 0;
  bool operator==(const Stamp&) const = default;
};

inline constexpr std::uint8_t k_flag_error = 1;
inline constexpr std::uint8_t k_flag_torn = 2;
inline constexpr std::uint8_t k_flag_routed = 4;     // split off another file, whose events it also reads
inline constexpr std::uint8_t k_flag_duplicate = 8;  // holds a second incident not split off yet
inline constexpr std::uint8_t k_flag_response_breach = 16;    // Incident::response_breach_recorded
inline constexpr std::uint8_t k_flag_resolution_breach = 32;  // Incident::resolution_breach_recorded
inline constexpr std::uint8_t k_flag_misnamed = 64;  // the file is not named after its incident's id (misplaced)
inline constexpr std::int64_t k_none = INT64_MIN;

struct MonthRec {
  char name[8];  // "2026-11", NUL-terminated
  std::int64_t sec, nsec;
  std::uint64_t first, count;  // entries of its segment
  std::string_view name_view() const { return std::string_view(name, strnlen(name, sizeof name)); }
};
static_assert(sizeof(MonthRec) == 40);

struct EntryRec {
  std::int64_t size, sec, nsec;  // the file's stamp when it was folded
  std::uint64_t blob_off;
  std::uint32_t blob_len;
  std::uint8_t status, priority, flags, pad;
  std::int64_t created, acknowledged, resolved;
  std::int64_t resolved_for, last_event;  // seconds; see Incident
  std::uint8_t response_priority, resolution_priority, kind, pad2[5];  // priorities: k_no_priority when none
  char id[24];  // NUL-padded, as IndexKey::id
  std::uint64_t replaces;  // in a patch: the entry of the same file it replaces, or k_no_entry
  Stamp stamp() const { return {size, sec, nsec}; }
};
static_assert(sizeof(EntryRec) == 120);
inline constexpr std::uint8_t k_no_priority = 0xFF;
inline constexpr std::uint64_t k_no_entry = UINT64_MAX;

// A file folded now: its entry and blob, ready to be written.
struct Pending {
  std::string file;
  EntryRec rec{};
  std::string blob;
};
Pending make_entry(std::string file, Stamp stamp, const Incident& inc);
Pending make_error(std::string file, Stamp stamp, const std::string& message, const std::string& hint);

// One month of an index as its segments add up: the run of entries in the base segment, less those
// a patch replaced, plus the patches' newest entries (one per file).
struct Month {
  std::string name;
  std::int64_t sec = 0, nsec = 0;  // the directory's stamp, from the newest segment naming it
  std::uint64_t first = 0, count = 0;    // its run in the base segment, in file-name order
  std::vector<std::uint64_t> replaced;  // entries of the run a patch replaced, sorted
  std::vector<std::uint64_t> added;     // patch entries, one per file name
  std::size_t size() const { return count - replaced.size() + added.size(); }
};

// Read access to an index in memory. The segments' headers, months and trailers are checked on
// construction, the entries by entry_ok() (index.cpp checks every one before it uses any), and
// blob() of a damaged entry is empty.
class View {
 public:
  View(const char* data, std::size_t size);
  bool valid() const { return m_valid; }
  // Bytes of the base and of the whole patches after it: where the next patch is appended.
  std::size_t length() const { return m_length; }
  std::size_t patch_count() const { return m_segments.empty() ? 0 : m_segments.size() - 1; }
  std::uint64_t base_entries() const { return m_segments.empty() ? 0 : m_segments[0].n_entries; }
  std::uint64_t patch_entries() const { return m_entries - base_entries(); }

  std::size_t month_count() const { return m_months.size(); }
  const Month& month(std::size_t m) const { return m_months[m]; }
  // Calls f(entry) for each current entry of month m: each file's newest, once.
  template <class F>
  void each_entry(std::size_t m, F&& f) const {
    const Month& mo = m_months[m];
    auto r = mo.replaced.begin();
    for (std::uint64_t e = mo.first; e < mo.first + mo.count; ++e) {
      if (r != mo.replaced.end() && *r == e) {
        ++r;
        continue;
      }
      f(e);
    }
    for (auto e : mo.added) f(e);
  }

  EntryRec entry(std::uint64_t e) const;
  bool entry_ok(std::uint64_t e) const;  // its blob within its segment, its enums in range
  std::string_view blob(std::uint64_t e) const;
  std::string_view file_name(std::uint64_t e) const;
  core::Error error(std::uint64_t e) const;

 private:
  struct Segment {
    std::uint64_t off = 0, n_months = 0, n_entries = 0, months_off = 0, entries_off = 0, blob_off = 0, blob_size = 0,
                  total = 0;
    std::uint64_t first = 0;  // number of its first entry: entries are numbered across segments
  };
  // What the patches read so far replaced: base entries, and where each patch entry sits
  // (its month, its place in that month's `added`).
  struct Replacements {
    std::unordered_set<std::uint64_t> base;
    std::unordered_map<std::uint64_t, std::pair<std::size_t, std::size_t>> patched;
  };
  std::optional<Segment> read_segment(std::uint64_t at, bool base) const;
  MonthRec month_rec(const Segment& s, std::uint64_t m) const;
  const Segment& segment_of(std::uint64_t e) const;
  bool apply_patch(const Segment& s, Replacements& done);

  const char* m_data;
  std::size_t m_size;
  bool m_valid = false;
  std::size_t m_length = 0;
  std::uint64_t m_entries = 0;
  std::vector<Segment> m_segments;
  std::vector<Month> m_months;  // sorted by name
};

IndexKey key_of(const View& view, std::uint64_t e);
void decode_summary(const View& view, std::uint64_t e, Incident& out);

inline constexpr std::uint64_t k_new = UINT64_MAX;
struct Planned {
  std::uint64_t old = k_new;  // an entry of the old index still valid, or k_new: fold `pending`
  bool folded = false;
  Pending pending;
  std::uint64_t replaces = k_no_entry;  // with k_new: the old index's entry of the same file, if any
};
struct MonthPlan {
  std::string name;
  Stamp stamp;
  std::optional<std::size_t> kept;  // a month of the old index, unchanged: taken as it is
  std::vector<Planned> entries;     // otherwise its files, in name order
  std::size_t size(const View* old) const { return kept ? old->month(*kept).size() : entries.size(); }
};

// Writes a complete index (a new base) for `months` to `path`; entries marked old are copied from
// `old`. `fold_month` is called on each month just before it is written, and the month's folded
// blobs are released right after: a cold start holds one month of summaries in memory, not all.
bool write_index(const std::filesystem::path& path, std::vector<MonthPlan>& months, const View* old,
                 const std::function<void(MonthPlan&)>& fold_month);
// The same, in memory (when the cache is off or cannot be written).
std::string build_index(std::vector<MonthPlan>& months, const View* old,
                        const std::function<void(MonthPlan&)>& fold_month);
// A patch segment holding what changed in `months` (folded already): the months that are not
// kept, each with its new stamp and its k_new entries. Nothing is released: if the patch cannot be
// appended, the same plan makes a new base.
std::string build_patch(std::vector<MonthPlan>& months);

}  // namespace hypercare::incident::index_format
