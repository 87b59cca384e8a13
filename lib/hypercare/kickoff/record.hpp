// What the go-live readiness gate has on record (kickoff/events.jsonl, committed like every record,
// so each clone sees it):
//   {"type": "confirmed", "item": "war-room", "note"?}   a person confirmed a [kickoff] item
//   {"type": "withdrawn", "item": "war-room", "note"?}   ...or took the confirmation back
//   {"type": "channel_tested", "channel": "slack"}       `notify test` got an answer from a channel
//   {"type": "watcher_seen", "host": "ops-vm"}           `watch` ran a round (at most one a day)
// each with the actor, and the stamp (seq, ts, id) that orders it (store/causal.hpp): the last
// word on an item in fold order stands, so two clones confirming at once agree.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::kickoff {

using core::TimePoint;

inline constexpr const char* k_file = "kickoff/events.jsonl";

struct Mark {
  std::string by;
  TimePoint at{};
  std::string note;  // confirmations only
  std::string host;  // watcher_seen only
};

struct Record {
  std::map<std::string, Mark> confirmed;  // item → its standing confirmation (withdrawn ones are gone)
  std::map<std::string, Mark> tested;     // channel → its latest answered test
  std::optional<Mark> watcher;            // the latest round a watcher recorded
};

// Reads the record; a line that cannot be read is skipped and named through `warn`.
core::Result<Record> load(const std::filesystem::path& ops_dir, const core::WarningSink& warn);

struct Confirmation {
  std::vector<std::string> items;
  std::string note;
  bool withdraw = false;
};

// Records one event per item, in one commit. The items are checked by the caller.
core::Status confirm(const store::WriteOptions& write, TimePoint now, const core::Random& random, const Confirmation& c);

// Records that `channel` answered a test.
core::Status channel_tested(const store::WriteOptions& write, TimePoint now, const core::Random& random, const std::string& channel);

// How often a running watcher says it is there: once a day is enough to show it is, and costs one
// small commit a day.
inline constexpr auto k_watcher_every = std::chrono::hours(24);

// Records that a watcher on `host` ran a round, unless the record already has one within
// k_watcher_every of `now`; true when it wrote.
core::Result<bool> watcher_seen(const store::WriteOptions& write, TimePoint now, const core::Random& random, const std::string& host);

}  // namespace hypercare::kickoff
