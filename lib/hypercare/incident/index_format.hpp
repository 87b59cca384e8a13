// The on-disk layout of the incident index (.hypercare/cache/incidents.idx), version 11 (magic "HCIDX11"):
//   header (64 bytes) | months table | entries table (112-byte records) | blobs | trailer (8 bytes)
// Fixed-size entry records carry what sorting and filtering need, the id included, so that a
// listing of the open incidents touches the table and only their blobs; a blob per entry holds the
// file name, the id and the rest of the summary (or the error that folding the file gave).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
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
inline constexpr std::int64_t k_none = INT64_MIN;

struct MonthRec {
  char name[8];  // "2026-11", NUL-terminated
  std::int64_t sec, nsec;
  std::uint64_t first, count;
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
  Stamp stamp() const { return {size, sec, nsec}; }
};
static_assert(sizeof(EntryRec) == 112);
inline constexpr std::uint8_t k_no_priority = 0xFF;

// A file folded now: its entry and blob, ready to be written.
struct Pending {
  std::string file;
  EntryRec rec{};
  std::string blob;
};
Pending make_entry(std::string file, Stamp stamp, const Incident& inc);
Pending make_error(std::string file, Stamp stamp, const std::string& message, const std::string& hint);

inline constexpr std::uint64_t k_new = UINT64_MAX;
struct Planned {
  std::uint64_t old = k_new;  // an entry of the old index still valid, or k_new: fold `pending`
  Pending pending;
};
struct MonthPlan {
  std::string name;
  Stamp stamp;
  // An unchanged month keeps its run of old entries whole; a changed one lists its files.
  std::uint64_t old_first = 0, old_count = 0;
  std::vector<Planned> entries;
  std::size_t size() const { return old_count + entries.size(); }
};

// Read access to an index in memory; every accessor is bounds-checked by valid().
class View {
 public:
  View(const char* data, std::size_t size) : m_data(data), m_size(size) {}
  bool valid() const;
  std::size_t month_count() const;
  MonthRec month(std::size_t m) const;
  EntryRec entry(std::uint64_t e) const;
  std::string_view blob(std::uint64_t e) const;
  std::string_view file_name(std::uint64_t e) const;
  core::Error error(std::uint64_t e) const;

 private:
  const char* m_data;
  std::size_t m_size;
};

IndexKey key_of(const View& view, std::uint64_t e);
void decode_summary(const View& view, std::uint64_t e, Incident& out);

// Writes a complete index for `months` (entries marked old are copied from `old`) to `path`.
// `fold_month` is called on each month just before it is written, and the month's folded blobs
// are released right after: a cold start holds one month of summaries in memory, not all.
bool write_index(const std::filesystem::path& path, std::vector<MonthPlan>& months, const View* old,
                 const std::function<void(MonthPlan&)>& fold_month);
// The same, in memory (when the cache is off or cannot be written).
std::string build_index(std::vector<MonthPlan>& months, const View* old,
                        const std::function<void(MonthPlan&)>& fold_month);

}  // namespace hypercare::incident::index_format
