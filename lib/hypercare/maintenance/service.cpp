#include "hypercare/maintenance/service.hpp"

#include <fmt/format.h>

#include "hypercare/core/ids.hpp"
#include "hypercare/core/text.hpp"
#include "hypercare/store/causal.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::maintenance {

namespace {

core::Status append_event(store::WriteSession& session, const store::WriteOptions& write, std::string_view id, nlohmann::json e,
                          TimePoint now, const core::Random& random) {
  auto rel = window_file(id);
  auto path = write.ops_dir / rel;
  std::error_code ec;
  bool exists = std::filesystem::exists(path, ec);
  store::JsonlFile read;
  if (exists) read = HC_TRY(store::read_jsonl_lenient(path, write.warn));
  store::stamp_event(e, store::next_stamp(read, now), random);
  HC_TRY(session.append(rel, HC_TRY(store::record_line(e, rel)), !exists));
  return {};
}

std::string listed(const std::vector<std::string>& components) {
  return components.empty() ? "everything" : fmt::format("{}", fmt::join(components, ", "));
}

}  // namespace

core::Result<Window> schedule(const store::WriteOptions& write, TimePoint now, const core::Random& random, const WindowRequest& r) {
  if (r.until <= r.from)
    return core::fail(core::ErrorKind::usage, fmt::format("the window would end ({}) before it starts ({})",
                                                          core::format_rfc3339(r.until), core::format_rfc3339(r.from)));
  if (r.until <= now)
    return core::fail(core::ErrorKind::usage, fmt::format("the window would be over already: it ends {}", core::format_rfc3339(r.until)));
  if (r.message.find_first_not_of(" \t\r\n") == std::string::npos)
    return core::fail(core::ErrorKind::usage, "say what the work is: -m TEXT", "hypercare maintenance start -c odoo --for 1h -m \"Odoo 17.0.3 upgrade\"");
  for (const auto& c : r.components)
    if (c.empty() || c.size() > 200 || c.find_first_of("\r\n") != std::string::npos)
      return core::fail(core::ErrorKind::usage, fmt::format("-c '{}': a component is one line of at most 200 bytes", c));
  Window w;
  w.id = core::new_record_id(k_id_prefix, now, random);
  w.components = r.components;
  w.from = r.from;
  w.until = r.until;
  w.message = core::truncate_utf8(r.message, 4096);
  w.actor = write.actor;
  w.hotfix = r.hotfix;
  w.created_at = now;
  nlohmann::json e = {{"v", 1}, {"actor", write.actor}, {"type", "scheduled"}, {"window", w.id},
                      {"from", core::format_rfc3339(w.from)}, {"until", core::format_rfc3339(w.until)},
                      {"components", w.components}, {"message", w.message}};
  if (!w.hotfix.empty()) e["hotfix"] = w.hotfix;
  auto session = HC_TRY(store::WriteSession::begin(write));
  HC_CHECK(append_event(session, write, w.id, std::move(e), now, random));
  session.finish(fmt::format("maintenance {}: {} from {} to {} by {}: {}", w.id, listed(w.components), core::format_rfc3339(w.from),
                             core::format_rfc3339(w.until), write.actor, core::truncate_utf8(w.message, 200)));
  return w;
}

core::Result<Window> end(const store::WriteOptions& write, TimePoint now, const core::Random& random, std::string_view query) {
  auto session = HC_TRY(store::WriteSession::begin(write));
  auto windows = HC_TRY(load_windows(write.ops_dir, write.warn));
  std::vector<std::string> ids;
  for (const auto& w : windows) ids.push_back(w.id);
  auto id = HC_TRY(core::resolve_id(core::normalize_id_input(query), ids, "maintenance window", "hypercare maintenance list --all"));
  auto it = std::find_if(windows.begin(), windows.end(), [&](const Window& w) { return w.id == id; });
  Window w = *it;
  if (w.over(now))
    return core::fail(core::ErrorKind::data, fmt::format("{} is over already: it ended {}", w.id, core::format_rfc3339(w.end())));
  nlohmann::json e = {{"v", 1}, {"actor", write.actor}, {"type", "ended"}, {"window", w.id}, {"at", core::format_rfc3339(now)}};
  HC_CHECK(append_event(session, write, w.id, std::move(e), now, random));
  session.finish(fmt::format("maintenance {}: ended by {}", w.id, write.actor));
  if (!w.ended_at || now < *w.ended_at) {
    w.ended_at = now;
    w.ended_by = write.actor;
  }
  return w;
}

}  // namespace hypercare::maintenance
