#include "hypercare/store/causal.hpp"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

namespace hypercare::store {

namespace {

constexpr std::uint64_t k_max_seq = std::uint64_t(1) << 53;  // exact in every JSON reader

core::Error bad(const std::filesystem::path& path, std::size_t line, std::string_view what) {
  return core::Error{core::ErrorKind::data, fmt::format("{}:{}: {}", path.string(), line, what), "hypercare doctor"};
}

struct Keyed {
  std::uint64_t seq;
  core::TimePoint ts;
  std::string_view id;
  const JsonlLine* line;
};

}  // namespace

std::optional<std::uint64_t> event_seq(const nlohmann::json& event) {
  auto it = event.find("seq");
  if (it == event.end()) return 0;
  if (it->is_number_unsigned()) {
    auto v = it->get<std::uint64_t>();
    if (v <= k_max_seq) return v;
  } else if (it->is_number_integer()) {
    auto v = it->get<std::int64_t>();
    if (v >= 0 && std::uint64_t(v) <= k_max_seq) return std::uint64_t(v);
  }
  return std::nullopt;
}

CausalStamp next_stamp(const JsonlFile& read, core::TimePoint wall) {
  CausalStamp s;
  s.wall = wall;
  s.ts = wall;
  std::uint64_t highest = 0;
  for (const auto& line : read.lines) {
    if (auto seq = event_seq(line.value)) highest = std::max(highest, *seq);
    auto ts = line.value.find("ts");
    if (ts == line.value.end() || !ts->is_string()) continue;
    if (auto t = core::parse_rfc3339(ts->get_ref<const std::string&>())) s.ts = std::max(s.ts, *t);
  }
  s.seq = std::min(highest, k_max_seq - 1) + 1;
  return s;
}

void stamp_event(nlohmann::json& event, const CausalStamp& stamp, const core::Random& random) {
  event["id"] = core::new_event_id(stamp.wall, random);
  event["seq"] = stamp.seq;
  event["ts"] = core::format_rfc3339(stamp.ts);
  if (stamp.wall < stamp.ts) event["wall"] = core::format_rfc3339(stamp.wall);
  else event.erase("wall");
}

core::Result<std::vector<const JsonlLine*>> ordered_events(const JsonlFile& file, const std::filesystem::path& path) {
  std::vector<Keyed> keyed;
  keyed.reserve(file.lines.size());
  for (const auto& line : file.lines) {
    const auto& j = line.value;
    auto id = j.find("id");
    auto ts = j.find("ts");
    auto type = j.find("type");
    if (id == j.end() || !id->is_string() || ts == j.end() || !ts->is_string() || type == j.end() ||
        !type->is_string())
      return std::unexpected(bad(path, line.line_no, "event needs string fields id, ts and type"));
    auto t = core::parse_rfc3339(ts->get_ref<const std::string&>());
    if (!t) return std::unexpected(bad(path, line.line_no, t.error().message));
    auto seq = event_seq(j);
    if (!seq) return std::unexpected(bad(path, line.line_no, "field 'seq' must be a whole number from 0 to 2^53"));
    keyed.push_back({*seq, *t, id->get_ref<const std::string&>(), &line});
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.seq != b.seq) return a.seq < b.seq;
    if (a.ts != b.ts) return a.ts < b.ts;
    if (a.id != b.id) return a.id < b.id;
    // Two different lines claiming one id (hand edits): still one order on every clone.
    return a.line->value < b.line->value;
  });
  std::vector<const JsonlLine*> out;
  out.reserve(keyed.size());
  std::unordered_set<std::string_view> seen;
  for (const auto& k : keyed)
    if (seen.insert(k.id).second) out.push_back(k.line);
  return out;
}

}  // namespace hypercare::store
