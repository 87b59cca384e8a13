// The durable outbox: one file per notification in .hypercare/outbox/ (machine-local, never
// committed, so another clone never resends), replaced atomically as its delivery progresses,
// removed when delivered. Delivered notifications are logged in sent.jsonl beside them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hypercare/core/context.hpp"
#include "hypercare/core/time.hpp"
#include "hypercare/store/lock.hpp"

namespace hypercare::notify {

// pending: waiting for its next attempt; sending: an attempt started and its outcome was never
// recorded (the sender died); dead: given up, kept for people to see (`notify list --failed`).
enum class EntryState { pending, sending, dead };
std::string_view entry_state_name(EntryState s);

struct Entry {
  std::string id;       // sortable: the outbox is delivered in id order
  std::string channel;  // its name in hypercare.toml
  std::string kind;     // slack | pagerduty | webhook, as when queued
  std::string event;    // incident.created, ...
  std::string key;      // what it is about (incident id ...): delivered in order per channel and key
  std::string summary;  // one line for `notify list`
  std::string component;  // the component or service it is about: held back while under maintenance
  // A page (notify/page.hpp): the rota id it is for, its key ("INC-…/1/dev1") and where it goes —
  // the mail address (email), the ntfy server (ntfy) or the secrets-store key of the URL (webhook).
  // All empty for a channel's notification.
  std::string person, page, target;
  nlohmann::json body;  // the request body, without the secret
  core::TimePoint created_at{};
  core::TimePoint next_at{};  // not before
  int attempts = 0;
  long last_status = 0;  // HTTP status of the last answer, 0 for none
  std::string last_error;
  EntryState state = EntryState::pending;
};

nlohmann::json entry_to_json(const Entry& e);
core::Result<Entry> entry_from_json(const nlohmann::json& j);

struct SentRecord {
  std::string id, channel, event, key, summary, person, page;
  core::TimePoint at{};
  long status = 0;
  int attempts = 0;
};

class Outbox {
 public:
  explicit Outbox(const std::filesystem::path& ops_dir);

  const std::filesystem::path& dir() const { return m_dir; }
  // Writes (creates or replaces) the entry's file atomically.
  core::Status save(const Entry& e) const;
  core::Status remove(const std::string& id) const;
  // The greatest entry id queued (from the file names), empty when none: new entries sort after it
  // even when the clock is frozen or went backwards.
  std::string last_id() const;
  // Every entry, in id order. A file that cannot be read is reported to `warn` and skipped.
  core::Result<std::vector<Entry>> list(const core::WarningSink& warn) const;
  // Delivered: removes the entry and appends it to sent.jsonl.
  core::Status delivered(const Entry& e, core::TimePoint at, long status) const;
  // The delivery log, oldest first.
  core::Result<std::vector<SentRecord>> sent(const core::WarningSink& warn) const;
  // One sender at a time: a zero wait, busy when another process is delivering.
  core::Result<store::OpsLock> lock_for_delivery() const;

 private:
  std::filesystem::path m_dir;
};

}  // namespace hypercare::notify
