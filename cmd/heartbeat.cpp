#include "heartbeat.hpp"

#include <fmt/format.h>

#include "commands.hpp"
#include "hypercare/incident/repository.hpp"

namespace hypercare::cli {

core::Result<std::vector<HeartbeatView>> heartbeat_views(Invocation& inv) {
  const auto* cfg = HC_TRY(inv.config());
  if (cfg->heartbeats.empty()) return std::vector<HeartbeatView>{};
  return heartbeat_views(inv, HC_TRY(inv.incidents(HC_TRY(inv.ops_dir())).summaries(true)));
}

core::Result<std::vector<HeartbeatView>> heartbeat_views(Invocation& inv, const std::vector<incident::Incident>& open) {
  const auto* cfg = HC_TRY(inv.config());
  std::vector<HeartbeatView> out;
  if (cfg->heartbeats.empty()) return out;
  auto ops = HC_TRY(inv.ops_dir());
  for (const auto& hb : cfg->heartbeats) {
    HeartbeatView v;
    v.heartbeat = &hb;
    auto last = incident::last_ping(ops, hb.name);
    if (!last) inv.warn(last.error().message);
    v.status = incident::heartbeat_status(hb, last ? *last : std::nullopt, inv.now());
    auto fp = incident::heartbeat_fingerprint(hb.name);
    for (const auto& inc : open)
      if (inc.fingerprint == fp) {
        v.incident = inc.id;
        v.firing = !inc.alert_quiet;
      }
    out.push_back(std::move(v));
  }
  return out;
}

core::Result<std::vector<HeartbeatChange>> reconcile_heartbeats(Invocation& inv, std::optional<std::string_view> only) {
  std::vector<HeartbeatChange> out;
  for (const auto& v : HC_TRY(heartbeat_views(inv))) {
    if (only && v.heartbeat->name != *only) continue;
    auto payload = incident::heartbeat_change(*v.heartbeat, v.status, v.firing);
    if (!payload) continue;
    out.push_back({v.heartbeat->name, HC_TRY(ingest_payload(inv, std::move(*payload), "heartbeat/" + v.heartbeat->name))});
  }
  return out;
}

core::Result<PingResult> ping_heartbeat(Invocation& inv, std::string_view name, std::string_view where) {
  const auto* cfg = HC_TRY(inv.config());
  const auto* hb = config::find_heartbeat(cfg->heartbeats, name);
  if (!hb) {
    std::string declared;
    for (const auto& h : cfg->heartbeats) declared += (declared.empty() ? "" : ", ") + h.name;
    return core::fail(core::ErrorKind::missing,
                      fmt::format("{}: no heartbeat '{}' is declared{}", where, name,
                                  declared.empty() ? "" : fmt::format(" (there are: {})", declared)),
                      fmt::format("declare it in hypercare.toml: [[heartbeat]] name = \"{}\" every = \"5m\"", name));
  }
  auto ops = HC_TRY(inv.ops_dir());
  PingResult r;
  r.name = hb->name;
  r.at = inv.now();
  r.due = r.at + hb->every + hb->grace;
  HC_CHECK(incident::record_ping(ops, hb->name, r.at));
  r.changes = HC_TRY(reconcile_heartbeats(inv, hb->name));
  return r;
}

nlohmann::json ping_json(const PingResult& r) {
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : r.changes)
    for (const auto& a : c.outcome.actions)
      changes.push_back({{"action", incident::action_name(a.kind)}, {"incident", a.incident ? nlohmann::json(a.incident->id) : nlohmann::json(nullptr)}});
  return {{"name", r.name}, {"pinged_at", core::format_rfc3339(r.at)}, {"due", core::format_rfc3339(r.due)}, {"changes", changes}};
}

nlohmann::json heartbeats_json(const std::vector<HeartbeatView>& views) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : views) {
    auto t = [](const std::optional<core::TimePoint>& p) { return p ? nlohmann::json(core::format_rfc3339(*p)) : nlohmann::json(nullptr); };
    out.push_back({{"name", v.heartbeat->name},
                   {"state", incident::heartbeat_state_name(v.status.state)},
                   {"last_ping", t(v.status.last)},
                   {"due", t(v.status.due)},
                   {"every", core::format_duration(v.heartbeat->every)},
                   {"grace", core::format_duration(v.heartbeat->grace)},
                   {"incident", v.incident.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.incident)}});
  }
  return out;
}

std::string heartbeat_line(const HeartbeatView& h, const ViewContext& v) {
  const auto& s = v.style;
  using State = incident::HeartbeatStatus::State;
  std::string line = h.heartbeat->name + "  ";
  switch (h.status.state) {
    case State::waiting:
      line += s.yellow("waiting for its first ping") + fmt::format(" (every {})", core::format_duration(h.heartbeat->every));
      break;
    case State::up:
      line += fmt::format("{} · last ping {} ({}) · due by {}", s.green("up"), when(*h.status.last, v),
                          core::relative(*h.status.last, v.now), when(*h.status.due, v));
      break;
    case State::overdue:
      line += fmt::format("{} · last ping {} ({}) · due by {}", s.red("OVERDUE"), when(*h.status.last, v),
                          core::relative(*h.status.last, v.now), when(*h.status.due, v));
      break;
  }
  if (!h.incident.empty()) line += fmt::format(" · {}{}", h.incident, h.firing ? "" : " (pinging again)");
  return line;
}

namespace {

void print_ping(Invocation& inv, const PingResult& r) {
  const auto* cfg = *inv.config();
  ViewContext v{*cfg, *inv.zone(), inv.now(), inv.style(), inv.output_width()};
  using Kind = incident::IngestAction::Kind;
  inv.out() << fmt::format("{} heartbeat {} pinged at {}; the next ping is due by {}\n", v.style.green("✓"), r.name, when(r.at, v),
                           when(r.due, v));
  for (const auto& c : r.changes)
    for (const auto& a : c.outcome.actions) {
      if (!a.incident) continue;
      if (a.kind == Kind::resolved)
        inv.out() << fmt::format("{} {}: the heartbeat is back → resolved\n", v.style.green("✓"), a.incident->id);
      else
        inv.out() << fmt::format("· {}: the heartbeat is back → {} (resolve it when you are sure: hypercare incident resolve {} "
                                 "--root-cause ... --resolution ...)\n",
                                 a.incident->id, incident::state_name(a.incident->status), a.incident->id);
    }
}

}  // namespace

void add_heartbeat(CLI::App& root, Invocation& inv, Action& action) {
  auto name = std::make_shared<std::string>();
  auto* sub = root.add_subcommand("heartbeat", "a ping for a heartbeat monitor ([[heartbeat]] in hypercare.toml), from a job "
                                               "on the watcher's machine");
  sub->footer(k_exit_status_footer);
  sub->add_option("name", *name, "the heartbeat's name")->required();
  sub->callback([&inv, &action, name] {
    action = [&inv, name]() -> core::Status {
      auto r = HC_TRY(ping_heartbeat(inv, *name, "heartbeat"));
      if (inv.json()) inv.print_json(ping_json(r));
      else print_ping(inv, r);
      return {};
    };
  });
}

}  // namespace hypercare::cli
