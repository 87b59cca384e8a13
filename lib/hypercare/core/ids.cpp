#include "hypercare/core/ids.hpp"

#include <date/date.h>

#include <algorithm>

#include <fmt/format.h>

namespace hypercare::core {
namespace {

constexpr std::string_view k_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

char upper(char c) { return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c; }

}  // namespace

std::string new_event_id(TimePoint t, const Random& random) {
  std::uint64_t ms = std::uint64_t(t.time_since_epoch().count()) * 1000;
  std::string out(26, '0');
  for (int i = 9; i >= 0; --i) {
    out[size_t(i)] = k_alphabet[ms & 31];
    ms >>= 5;
  }
  std::uint64_t a = random(), b = random();
  for (int i = 10; i < 26; ++i) {
    std::uint64_t& src = i < 18 ? a : b;
    out[size_t(i)] = k_alphabet[src & 31];
    src >>= 5;
  }
  return out;
}

std::string next_event_id(std::string_view id) {
  std::string out(id);
  for (size_t i = out.size(); i-- > 0;) {
    auto pos = k_alphabet.find(out[i]);
    if (pos == std::string_view::npos) pos = 0;
    if (pos + 1 < k_alphabet.size()) {
      out[i] = k_alphabet[pos + 1];
      return out;
    }
    out[i] = k_alphabet[0];
  }
  return "Z" + out;  // overflow never happens for real ids; keep the result greater anyway
}

std::string new_record_id(std::string_view prefix, TimePoint t, const Random& random, int length) {
  std::string out(prefix);
  out += '-';
  out += date::format("%Y%m%d", t);
  out += '-';
  std::uint64_t r = random();
  for (int i = 0; i < length; ++i) {
    if (i == 12) r = random();
    out += k_alphabet[r & 31];
    r >>= 5;
  }
  return out;
}

std::string normalize_id_input(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += upper(c);
  return out;
}

IdQuery::IdQuery(std::string_view query) : m_q(normalize_id_input(query)), m_tail(m_q) {
  // In the random tail, accept Crockford's look-alikes (I, L → 1; O → 0).
  for (char& c : m_tail) {
    if (c == 'I' || c == 'L') c = '1';
    if (c == 'O') c = '0';
  }
}

bool IdQuery::partial(std::string_view id) const {
  if (m_q.empty()) return false;
  // A prefix may leave out the record kind: "20261127-7K" finds INC-20261127-7K2M.
  auto dash = id.find('-');
  std::string_view bare = dash == std::string_view::npos ? id : id.substr(dash + 1);
  bool prefix = (id.size() > m_q.size() && id.starts_with(m_q)) || (bare.size() > m_q.size() && bare.starts_with(m_q));
  bool tail = id.size() > m_tail.size() && id.ends_with(m_tail);
  return prefix || tail;
}

IdMatch match_id(std::string_view query, const std::vector<std::string>& ids) {
  IdMatch m;
  IdQuery q(query);
  if (q.empty()) return m;
  for (const auto& id : ids)
    if (q.exact(id)) {
      m.candidates.push_back(id);
      return m;
    }
  for (const auto& id : ids)
    if (q.partial(id)) m.candidates.push_back(id);
  std::sort(m.candidates.begin(), m.candidates.end());
  return m;
}

Result<std::string> resolve_id(std::string_view query, const std::vector<std::string>& ids, std::string_view noun,
                               std::string list_hint) {
  auto match = match_id(query, ids);
  if (match.candidates.empty())
    return fail(ErrorKind::missing, fmt::format("no {} matches '{}'", noun, query), std::move(list_hint));
  if (match.candidates.size() > 1) {
    std::string list;
    std::size_t shown = std::min<std::size_t>(match.candidates.size(), 10);
    for (std::size_t i = 0; i < shown; ++i) list += (i ? ", " : "") + match.candidates[i];
    if (match.candidates.size() > shown) list += fmt::format(" and {} more", match.candidates.size() - shown);
    return fail(ErrorKind::missing, fmt::format("'{}' is ambiguous: it matches {}", query, list), "type more of the id");
  }
  return match.candidates.front();
}

}  // namespace hypercare::core
