// Event identity and causal order in a record file (DESIGN.md §4). A writer reads the record
// before it appends, so each new event carries a Lamport counter `seq` one above the highest it
// read and a `ts` no earlier than the newest it read (its own clock, when that was behind, is kept
// as `wall`). Folding sorts by (seq, ts, id): an event written after seeing another comes after
// it whatever the clocks said, and events no writer saw together (concurrent, from two clones)
// get one order on every clone, whatever order git put their lines in.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "hypercare/core/error.hpp"
#include "hypercare/core/ids.hpp"
#include "hypercare/core/time.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::store {

// Where a new event goes in a record's order.
struct CausalStamp {
  std::uint64_t seq = 1;
  core::TimePoint ts{};    // never before the newest event read
  core::TimePoint wall{};  // the writer's own clock
};

// The stamp of an event appended to `read` by a writer whose clock says `wall`. Events written
// before `seq` existed count as seq 0. Lines whose fields are malformed are skipped here (the fold
// reports them).
CausalStamp next_stamp(const JsonlFile& read, core::TimePoint wall);

// Gives `event` a fresh id (80 random bits after a time prefix, never derived from another
// event's), `seq`, `ts` and, when the writer's clock was behind, `wall`.
void stamp_event(nlohmann::json& event, const CausalStamp& stamp, const core::Random& random);

// The `seq` of an event: 0 for events written before it existed; nullopt when it is present but
// not a whole number from 0 to 2^53.
std::optional<std::uint64_t> event_seq(const nlohmann::json& event);

// The events of a file in fold order — (seq, ts, id), then content for byte-identical keys —
// with duplicates of one id (the same line arriving through two merges) kept once. Events that
// are not objects with string id, ts and type, or with a bad ts or seq, are ErrorKind::data
// naming path:line.
core::Result<std::vector<const JsonlLine*>> ordered_events(const JsonlFile& file, const std::filesystem::path& path);

}  // namespace hypercare::store
