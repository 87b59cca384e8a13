#include "hypercare/notify/outbox.hpp"

#include <algorithm>
#include <array>
#include <system_error>

#include <fmt/format.h>

#include "hypercare/store/fs.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::notify {

namespace {

constexpr std::array<std::string_view, 3> k_states = {"pending", "sending", "dead"};
constexpr std::size_t k_max_entry_bytes = 1 << 20;
constexpr std::string_view k_sent_log = "sent.jsonl";
constexpr std::int64_t k_max_attempts = 1'000'000;  // far above any retry policy; ++attempts never overflows

bool is_entry_file(const std::filesystem::path& p) {
  auto name = p.filename().string();
  return p.extension() == ".json" && !name.starts_with(".");
}

}  // namespace

std::string_view entry_state_name(EntryState s) { return k_states[std::size_t(s)]; }

nlohmann::json entry_to_json(const Entry& e) {
  return {{"v", 1},
          {"id", e.id},
          {"channel", e.channel},
          {"kind", e.kind},
          {"event", e.event},
          {"key", e.key},
          {"summary", e.summary},
          {"component", e.component},
          {"person", e.person},
          {"page", e.page},
          {"target", e.target},
          {"body", e.body},
          {"created_at", core::format_rfc3339(e.created_at)},
          {"next_at", core::format_rfc3339(e.next_at)},
          {"attempts", e.attempts},
          {"last_status", e.last_status},
          {"last_error", e.last_error},
          {"state", entry_state_name(e.state)}};
}

core::Result<Entry> entry_from_json(const nlohmann::json& j) {
  auto bad = [](std::string_view what) { return core::fail(core::ErrorKind::data, fmt::format("outbox entry: {}", what)); };
  if (!j.is_object()) return bad("not an object");
  Entry e;
  try {
    e.id = j.at("id").get<std::string>();
    e.channel = j.at("channel").get<std::string>();
    e.kind = j.at("kind").get<std::string>();
    e.event = j.at("event").get<std::string>();
    e.key = j.value("key", "");
    e.summary = j.value("summary", "");
    e.component = j.value("component", "");
    e.person = j.value("person", "");
    e.page = j.value("page", "");
    e.target = j.value("target", "");
    e.body = j.at("body");
    e.created_at = HC_TRY(core::parse_rfc3339(j.at("created_at").get<std::string>()));
    e.next_at = HC_TRY(core::parse_rfc3339(j.at("next_at").get<std::string>()));
    auto attempts = store::integer_field(j, "attempts");
    auto last_status = store::integer_field(j, "last_status");
    if (!attempts || *attempts < 0 || *attempts > k_max_attempts || !last_status)
      return bad(fmt::format("attempts must be a whole number from 0 to {} and last_status a whole number", k_max_attempts));
    e.attempts = int(*attempts);
    e.last_status = long(*last_status);
    e.last_error = j.value("last_error", "");
    auto state = j.value("state", "pending");
    auto it = std::find(k_states.begin(), k_states.end(), state);
    if (it == k_states.end()) return bad(fmt::format("unknown state '{}'", state));
    e.state = EntryState(it - k_states.begin());
  } catch (const nlohmann::json::exception& ex) {
    return bad(ex.what());
  }
  return e;
}

Outbox::Outbox(const std::filesystem::path& ops_dir) : m_dir(ops_dir / ".hypercare" / "outbox") {}

core::Status Outbox::save(const Entry& e) const {
  HC_CHECK(store::make_dirs(m_dir));
  // Services answer in any bytes, and their answer is kept in last_error: invalid UTF-8 is replaced, not thrown.
  return store::atomic_replace(m_dir / (e.id + ".json"),
                               entry_to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

core::Status Outbox::remove(const std::string& id) const {
  std::error_code ec;
  std::filesystem::remove(m_dir / (id + ".json"), ec);
  if (ec) return core::fail(core::ErrorKind::io, fmt::format("{}: cannot remove: {}", (m_dir / (id + ".json")).string(), ec.message()));
  return {};
}

std::string Outbox::last_id() const {
  std::string last;
  std::error_code ec;
  for (const auto& de : std::filesystem::directory_iterator(m_dir, ec))
    if (is_entry_file(de.path())) last = std::max(last, de.path().stem().string());
  return last;
}

core::Result<std::vector<Entry>> Outbox::list(const core::WarningSink& warn) const {
  std::vector<Entry> out;
  std::error_code ec;
  if (!std::filesystem::exists(m_dir, ec)) return out;
  for (const auto& de : std::filesystem::directory_iterator(m_dir, ec)) {
    if (!de.is_regular_file() || !is_entry_file(de.path())) continue;
    auto text = store::read_file(de.path(), k_max_entry_bytes);
    if (!text) {
      if (text.error().kind != core::ErrorKind::missing) warn(text.error().message);  // missing: delivered meanwhile
      continue;
    }
    auto j = store::parse_json(*text, de.path().string());
    auto e = j ? entry_from_json(*j) : core::Result<Entry>(std::unexpected(j.error()));
    if (!e) {
      warn(fmt::format("{}: {} (delete the file to drop it)", de.path().string(), e.error().message));
      continue;
    }
    out.push_back(std::move(*e));
  }
  if (ec) return core::fail(core::ErrorKind::io, fmt::format("{}: {}", m_dir.string(), ec.message()));
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.id < b.id; });
  return out;
}

core::Status Outbox::delivered(const Entry& e, core::TimePoint at, long status) const {
  nlohmann::json line = {{"id", e.id},         {"channel", e.channel}, {"event", e.event},
                         {"key", e.key},       {"summary", e.summary}, {"at", core::format_rfc3339(at)},
                         {"status", status},   {"attempts", e.attempts}};
  if (!e.person.empty()) {
    line["person"] = e.person;
    line["page"] = e.page;
  }
  // Logged before the entry goes: a crash in between resends (idempotent for PagerDuty and
  // webhooks) rather than loses.
  std::error_code ec;
  bool exists = std::filesystem::exists(m_dir / k_sent_log, ec);  // only the lock holder writes it
  HC_CHECK(store::append_line(m_dir / k_sent_log, store::to_line(line), !exists));
  return remove(e.id);
}

core::Result<std::vector<SentRecord>> Outbox::sent(const core::WarningSink& warn) const {
  std::vector<SentRecord> out;
  auto path = m_dir / k_sent_log;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  auto file = HC_TRY(store::read_jsonl(path));
  if (file.torn_tail) warn(fmt::format("{}: ignored a cut-off last line", path.string()));
  for (const auto& line : file.lines) {
    const auto& j = line.value;
    auto id = store::string_field(j, "id"), channel = store::string_field(j, "channel"),
         event = store::string_field(j, "event"), key = store::string_field(j, "key"),
         summary = store::string_field(j, "summary"), at = store::string_field(j, "at");
    auto status = store::integer_field(j, "status"), attempts = store::integer_field(j, "attempts");
    if (!id || !channel || !event || !key || !summary || !at || !status || !attempts || *attempts < 0 ||
        *attempts > k_max_attempts)
      return core::fail(core::ErrorKind::data,
                        fmt::format("{}:{}: a delivery record has strings id, channel, event, key, summary and at, "
                                    "and whole numbers status and attempts",
                                    path.string(), line.line_no));
    auto optional = [&j](const char* k) { return store::string_field(j, k).value_or(""); };
    SentRecord r{*id, *channel, *event, *key, *summary, optional("person"), optional("page"), {}, long(*status), int(*attempts)};
    if (auto t = core::parse_rfc3339(*at)) r.at = *t;
    out.push_back(std::move(r));
  }
  return out;
}

core::Result<store::OpsLock> Outbox::lock_for_delivery() const {
  HC_CHECK(store::make_dirs(m_dir));
  return store::OpsLock::acquire_file(m_dir / ".lock", std::chrono::milliseconds(0),
                                      "another hypercare process is delivering notifications");
}

}  // namespace hypercare::notify
