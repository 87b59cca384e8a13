#include "incident_ingest.hpp"

#include <fmt/format.h>

#include "hypercare/incident/ingest.hpp"
#include "hypercare/incident/json.hpp"
#include "hypercare/store/fs.hpp"
#include "notify_hook.hpp"

namespace hypercare::cli {

namespace {

struct IngestOptions {
  std::string format = "alertmanager";
  std::string file = "-";
};

core::Result<std::string> read_payload(Invocation& inv, const std::string& file) {
  if (file != "-") {
    std::filesystem::path p(file);
    if (p.is_relative()) p = inv.ctx().cwd / p;
    return store::read_file(p, incident::k_max_payload_bytes);
  }
  if (!inv.ctx().in) return core::fail(core::ErrorKind::usage, "no standard input to read the payload from");
  if (inv.ctx().stdin_is_tty)
    return core::fail(core::ErrorKind::usage, "incident ingest reads the payload from standard input, which is a terminal",
                      "hypercare incident ingest payload.json   or   curl ... | hypercare incident ingest -");
  std::string text;
  char buf[65536];
  while (inv.ctx().in->read(buf, sizeof buf) || inv.ctx().in->gcount() > 0) {
    text.append(buf, std::size_t(inv.ctx().in->gcount()));
    if (text.size() > incident::k_max_payload_bytes) break;  // parse_alertmanager names the cap
  }
  return text;
}

}  // namespace

core::Result<IngestOutcome> ingest_text(Invocation& inv, std::string_view text, std::string_view where,
                                        const std::string& actor) {
  return ingest_payload(inv, HC_TRY(incident::parse_alertmanager(text, where)), actor);
}

core::Result<IngestOutcome> ingest_payload(Invocation& inv, incident::AlertPayload payload, const std::string& actor) {
  const auto* cfg = HC_TRY(inv.config());
  auto ops = HC_TRY(inv.ops_dir());
  IngestOutcome out;
  out.payload = std::move(payload);
  auto repo = inv.incidents(ops);
  auto write = HC_TRY(inv.write_options());
  if (inv.globals().as.empty()) write.actor = actor;
  incident::ServiceContext sc{*cfg, repo, write, inv.now(), inv.ctx().random, inv.schedule_or_warn()};
  out.actions = HC_TRY(incident::ingest(sc, out.payload));

  using Kind = incident::IngestAction::Kind;
  std::vector<notify::Event> events;
  for (const auto& a : out.actions) {
    if (!a.incident) continue;
    if (a.kind == Kind::created) events.push_back(notify::incident_event("incident.created", *a.incident, *cfg, inv.now(), write.actor));
    if (a.kind == Kind::resolved_at_source)
      events.push_back(notify::incident_event("incident.status_changed", *a.incident, *cfg, inv.now(), write.actor,
                                              "the alert resolved at source; confirm and resolve the incident"));
    if (a.kind == Kind::refired)
      events.push_back(notify::incident_event("incident.status_changed", *a.incident, *cfg, inv.now(), write.actor,
                                              "the alert is firing again after it was resolved at source"));
    if (a.kind == Kind::resolved) events.push_back(notify::incident_event("incident.resolved", *a.incident, *cfg, inv.now(), write.actor));
  }
  send_notifications(inv, events);
  return out;
}

nlohmann::json ingest_json(const IngestOutcome& o) {
  nlohmann::json out = {{"receiver", o.payload.receiver}, {"status", o.payload.status},
                        {"truncated_alerts", o.payload.truncated_alerts}, {"alerts", nlohmann::json::array()}};
  for (const auto& a : o.actions)
    out["alerts"].push_back({{"fingerprint", a.fingerprint},
                             {"alert", a.alert},
                             {"action", incident::action_name(a.kind)},
                             {"incident", a.incident ? nlohmann::json(a.incident->id) : nlohmann::json(nullptr)},
                             {"reason", a.reason}});
  return out;
}

namespace {

core::Status run_ingest(Invocation& inv, const IngestOptions& o) {
  if (o.format != "alertmanager")
    return core::fail(core::ErrorKind::usage, fmt::format("--format {}: only alertmanager payloads are understood", o.format));
  HC_TRY(inv.config());
  HC_TRY(inv.ops_dir());
  auto text = HC_TRY(read_payload(inv, o.file));
  auto outcome = HC_TRY(ingest_text(inv, text, o.file == "-" ? "stdin" : o.file, "alertmanager"));
  const auto& payload = outcome.payload;
  const auto& actions = outcome.actions;
  using Kind = incident::IngestAction::Kind;

  if (inv.json()) {
    inv.print_json(ingest_json(outcome));
    return {};
  }
  auto s = inv.style();
  if (actions.empty()) inv.out() << "The payload holds no alerts.\n";
  for (const auto& a : actions) {
    std::string id = a.incident ? a.incident->id : "";
    switch (a.kind) {
      case Kind::created:
        inv.out() << fmt::format("{} {} opened ({}): {}\n", s.green("✓"), s.bold(id),
                                 config::priority_name(a.incident->priority), a.incident->title);
        break;
      case Kind::still_firing: inv.out() << fmt::format("· {}: {} still firing\n", id, a.alert); break;
      case Kind::refired:
        inv.out() << fmt::format("{} {}: {} is firing again → {}\n", s.red("!"), id, a.alert,
                                 incident::state_name(a.incident->status));
        break;
      case Kind::resolved_at_source:
        inv.out() << fmt::format("· {}: {} resolved at source → monitoring (resolve it when you are sure: "
                                 "hypercare incident resolve {} --root-cause ... --resolution ...)\n",
                                 id, a.alert, id);
        break;
      case Kind::resolved: inv.out() << fmt::format("{} {}: {} resolved at source → resolved\n", s.green("✓"), id, a.alert); break;
      case Kind::ignored: inv.out() << fmt::format("· {} ({}): {}\n", a.alert, a.fingerprint, a.reason); break;
    }
  }
  if (payload.truncated_alerts > 0)
    inv.warn(fmt::format("Alertmanager left out {} alert{} of this group (max_alerts); they will come in later payloads",
                         payload.truncated_alerts, payload.truncated_alerts == 1 ? "" : "s"));
  return {};
}

}  // namespace

void add_incident_ingest(CLI::App& cmd, Invocation& inv, Action& action) {
  auto o = std::make_shared<IngestOptions>();
  auto* sub = cmd.add_subcommand("ingest", "open or update incidents from an Alertmanager webhook payload");
  sub->footer(k_exit_status_footer);
  sub->add_option("--format", o->format, "payload format (alertmanager: webhook version 4)")
      ->check(CLI::IsMember({"alertmanager"}));
  sub->add_option("file", o->file, "the payload file, or - for standard input (default)");
  sub->callback([&inv, &action, o] { action = [&inv, o] { return run_ingest(inv, *o); }; });
}

}  // namespace hypercare::cli
