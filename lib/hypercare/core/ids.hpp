// Identifiers: Crockford base32, sortable event ids (ULID layout), record ids such as INC-20261127-7K2M.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/core/error.hpp"
#include "hypercare/core/time.hpp"

namespace hypercare::core {

using Random = std::function<std::uint64_t()>;

// 26 characters: 48 bits of milliseconds since the epoch, then 80 random bits.
std::string new_event_id(TimePoint t, const Random& random);
// The smallest id greater than `id` in the same alphabet (ids compare as strings).
std::string next_event_id(std::string_view id);

// "INC-20261127-7K2M": prefix, the UTC date of `t`, `length` (default four) random Crockford
// characters.
std::string new_record_id(std::string_view prefix, TimePoint t, const Random& random, int length = 4);

// Normalises user input to Crockford (upper case; I/L → 1, O → 0).
std::string normalize_id_input(std::string_view text);

// One id typed by a person, ready to be compared with many: whether an id is it exactly, or
// could be what it means (a case-insensitive prefix, with or without the record kind, or a tail
// with Crockford's look-alikes accepted).
class IdQuery {
 public:
  explicit IdQuery(std::string_view query);
  bool empty() const { return m_q.empty(); }
  bool exact(std::string_view id) const { return id == m_q; }
  bool partial(std::string_view id) const;

 private:
  std::string m_q, m_tail;
};

// What `query` selects among `ids`: exact, else unique case-insensitive prefix or tail.
struct IdMatch {
  std::vector<std::string> candidates;  // empty: not found; more than one: ambiguous
};
IdMatch match_id(std::string_view query, const std::vector<std::string>& ids);

// match_id as a lookup: the one id, or ErrorKind::missing — "no <noun> matches 'q'" with
// `list_hint`, or "'q' is ambiguous: it matches A, B…" (at most ten named).
Result<std::string> resolve_id(std::string_view query, const std::vector<std::string>& ids, std::string_view noun,
                               std::string list_hint);

}  // namespace hypercare::core
