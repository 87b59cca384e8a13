#include "hypercare/incident/heartbeat.hpp"

#include <fmt/format.h>

#include "hypercare/store/fs.hpp"

namespace hypercare::incident {

namespace {

std::filesystem::path ping_file(const std::filesystem::path& ops, std::string_view name) {
  return ops / ".hypercare" / "heartbeats" / std::string(name);
}

std::string every_text(const config::Heartbeat& hb) {
  return fmt::format("every {} (grace {})", core::format_duration(hb.every), core::format_duration(hb.grace));
}

}  // namespace

std::string heartbeat_fingerprint(std::string_view name) { return fmt::format("heartbeat/{}", name); }

core::Result<std::optional<TimePoint>> last_ping(const std::filesystem::path& ops, std::string_view name) {
  auto file = ping_file(ops, name);
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::optional<TimePoint>{};
  auto text = HC_TRY(store::read_file(file, 256));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  auto t = core::parse_rfc3339(text);
  if (!t)
    return core::fail(core::ErrorKind::data, fmt::format("{}: not a time ({}); the next ping replaces it", file.string(), t.error().message));
  return std::optional<TimePoint>{*t};
}

core::Status record_ping(const std::filesystem::path& ops, std::string_view name, TimePoint at) {
  auto file = ping_file(ops, name);
  HC_CHECK(store::make_dirs(file.parent_path()));
  return store::atomic_replace(file, core::format_rfc3339(at) + "\n");
}

std::string_view heartbeat_state_name(HeartbeatStatus::State s) {
  switch (s) {
    case HeartbeatStatus::State::waiting: return "waiting";
    case HeartbeatStatus::State::up: return "up";
    case HeartbeatStatus::State::overdue: return "overdue";
  }
  return "waiting";
}

HeartbeatStatus heartbeat_status(const config::Heartbeat& hb, std::optional<TimePoint> last, TimePoint now) {
  HeartbeatStatus s;
  s.last = last;
  if (!last) return s;
  s.due = *last + hb.every + hb.grace;
  s.state = now > *s.due ? HeartbeatStatus::State::overdue : HeartbeatStatus::State::up;
  return s;
}

std::optional<AlertPayload> heartbeat_change(const config::Heartbeat& hb, const HeartbeatStatus& status, bool firing) {
  bool overdue = status.state == HeartbeatStatus::State::overdue;
  bool up = status.state == HeartbeatStatus::State::up;
  if (overdue == firing || (!overdue && !up)) return std::nullopt;
  Alert alert;
  alert.firing = overdue;
  alert.fingerprint = heartbeat_fingerprint(hb.name);
  alert.labels["alertname"] = hb.name;
  if (!hb.component.empty()) alert.labels["component"] = hb.component;
  alert.priority = hb.priority;
  if (overdue) {
    alert.starts_at = *status.due;
    alert.annotations["summary"] =
        fmt::format("Heartbeat {} missed: no ping since {}", hb.name, core::format_rfc3339(*status.last));
    std::string what = hb.description.empty() ? "" : hb.description + "\n\n";
    alert.annotations["description"] =
        fmt::format("{}hypercare expects a ping {}: `hypercare heartbeat {}` on the watcher's machine, or GET or POST "
                    "/heartbeat/{} of `hypercare watch --listen`. The last one came at {}; the next was due by {}.",
                    what, every_text(hb), hb.name, hb.name, core::format_rfc3339(*status.last), core::format_rfc3339(*status.due));
  } else {
    alert.ends_at = status.last;  // "resolved at source: NAME at <the ping>"
  }
  AlertPayload out;
  out.tag = std::string(k_heartbeat_tag);
  out.receiver = hb.name;
  out.status = overdue ? "firing" : "resolved";
  out.auto_resolve = hb.auto_resolve;
  out.alerts.push_back(std::move(alert));
  return out;
}

}  // namespace hypercare::incident
