#include "hypercare/kickoff/record.hpp"

#include <fmt/format.h>

#include "hypercare/store/causal.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::kickoff {

namespace fs = std::filesystem;

namespace {

core::Result<Record> fold(const store::JsonlFile& file, const fs::path& path, const core::WarningSink& warn) {
  Record r;
  auto events = HC_TRY(store::ordered_events(file, path));
  for (const auto* line : events) {
    const auto& e = line->value;
    auto where = fmt::format("{}:{}", path.string(), line->line_no);
    auto type = store::string_field(e, "type").value_or("");
    auto ts = core::parse_rfc3339(store::string_field(e, "ts").value_or(""));
    Mark m{store::string_field(e, "actor").value_or(""), ts ? *ts : TimePoint{}, store::string_field(e, "note").value_or(""),
           store::string_field(e, "host").value_or("")};
    auto key = [&](const char* field) {
      auto v = store::string_field(e, field).value_or("");
      if (v.empty()) warn(fmt::format("skipped {}: a kickoff {} event needs its {}", where, type, field));
      return v;
    };
    if (type == "confirmed" || type == "withdrawn") {
      auto item = key("item");
      if (item.empty()) continue;
      if (type == "confirmed") r.confirmed[item] = m;
      else r.confirmed.erase(item);
    } else if (type == "channel_tested") {
      auto channel = key("channel");
      if (channel.empty()) continue;
      auto& slot = r.tested[channel];
      if (slot.at <= m.at) slot = m;
    } else if (type == "watcher_seen") {
      if (!r.watcher || r.watcher->at <= m.at) r.watcher = m;
    }  // other kinds may come later
  }
  return r;
}

core::Result<store::JsonlFile> read(const fs::path& path, const core::WarningSink& warn) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return store::JsonlFile{};
  auto file = HC_TRY(store::read_jsonl_lenient(path, warn));
  if (file.torn_tail)
    warn(fmt::format("{}: the last line is incomplete and is ignored; `hypercare doctor --fix` repairs it", path.string()));
  return file;
}

core::Status append(store::WriteSession& session, const store::WriteOptions& write, std::vector<nlohmann::json> events,
                    TimePoint now, const core::Random& random) {
  auto path = write.ops_dir / k_file;
  std::error_code ec;
  bool exists = fs::exists(path, ec);
  auto file = HC_TRY(read(path, write.warn));
  auto stamp = store::next_stamp(file, now);
  for (auto& e : events) {
    store::stamp_event(e, stamp, random);
    HC_TRY(session.append(k_file, HC_TRY(store::record_line(e, k_file)), !exists));
    exists = true;
    ++stamp.seq;
  }
  return {};
}

nlohmann::json event(const store::WriteOptions& write, const char* type) {
  return {{"v", 1}, {"actor", write.actor}, {"type", type}};
}

}  // namespace

core::Result<Record> load(const fs::path& ops_dir, const core::WarningSink& warn) {
  auto path = ops_dir / k_file;
  auto file = HC_TRY(read(path, warn));
  return store::fold_skipping(std::move(file), path, warn, [&](const store::JsonlFile& f) { return fold(f, path, warn); });
}

core::Status confirm(const store::WriteOptions& write, TimePoint now, const core::Random& random, const Confirmation& c) {
  std::vector<nlohmann::json> events;
  for (const auto& item : c.items) {
    auto e = event(write, c.withdraw ? "withdrawn" : "confirmed");
    e["item"] = item;
    if (!c.note.empty()) e["note"] = c.note;
    events.push_back(std::move(e));
  }
  auto session = HC_TRY(store::WriteSession::begin(write));
  HC_CHECK(append(session, write, std::move(events), now, random));
  session.finish(fmt::format("kickoff: {} {} by {}", fmt::join(c.items, ", "), c.withdraw ? "withdrawn" : "confirmed", write.actor));
  return {};
}

core::Status channel_tested(const store::WriteOptions& write, TimePoint now, const core::Random& random, const std::string& channel) {
  auto e = event(write, "channel_tested");
  e["channel"] = channel;
  auto session = HC_TRY(store::WriteSession::begin(write));
  HC_CHECK(append(session, write, {std::move(e)}, now, random));
  session.finish(fmt::format("kickoff: channel {} answered a test ({})", channel, write.actor));
  return {};
}

core::Result<bool> watcher_seen(const store::WriteOptions& write, TimePoint now, const core::Random& random, const std::string& host) {
  auto recent = [&](const Record& r) { return r.watcher && r.watcher->at <= now && now - r.watcher->at < k_watcher_every; };
  if (recent(HC_TRY(load(write.ops_dir, write.warn)))) return false;  // the usual case: no lock taken
  auto session = HC_TRY(store::WriteSession::begin(write));
  if (recent(HC_TRY(load(write.ops_dir, write.warn)))) return false;
  auto e = event(write, "watcher_seen");
  e["host"] = host;
  HC_CHECK(append(session, write, {std::move(e)}, now, random));
  session.finish(fmt::format("kickoff: a watcher ran on {}", host));
  return true;
}

}  // namespace hypercare::kickoff
