// `hypercare incident ...`: flags → Options → run_incident_<verb>().
#include <algorithm>
#include <memory>
#include <type_traits>

#include <fmt/format.h>

#include "commands.hpp"
#include "hypercare/core/memory.hpp"
#include "hypercare/core/suggest.hpp"
#include "hypercare/incident/json.hpp"
#include "hypercare/incident/query.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/incident/service.hpp"
#include "incident_ingest.hpp"
#include "incident_view.hpp"
#include "notify_hook.hpp"

namespace hypercare::cli {

namespace {

using incident::Incident;

struct IncidentNewOptions {
  std::vector<std::string> title;
  std::string priority, component, impact, description, assignee;
  std::vector<std::string> tags;
};

struct IncidentListOptions {
  bool all = false;
  std::vector<std::string> statuses, priorities, components, tags;
  std::string since, until, assignee;
  bool breached = false;
  int limit = 0;
};

struct IncidentChangeOptions {
  std::string id, value, message, root_cause, resolution, duplicate_of;
  bool false_alarm = false;
};

incident::Repository repository(Invocation& inv, const std::filesystem::path& ops) { return inv.incidents(ops); }

core::Result<ViewContext> view(Invocation& inv) {
  const auto* cfg = HC_TRY(inv.config());
  return ViewContext{*cfg, HC_TRY(inv.zone()), inv.now(), inv.style(), inv.output_width()};
}

// Tells the channels about a change that was written (a no-op request tells nobody).
void notify_change(Invocation& inv, const incident::Change& c, std::string_view type, const std::string& message = {}) {
  if (c.changed) send_notifications(inv, {incident_notification(inv, type, c.incident, message)});
}

core::Status print_change(Invocation& inv, const Incident& inc, const std::string& done, bool changed,
                          const std::string& unchanged) {
  if (inv.json()) {
    const auto* cfg = HC_TRY(inv.config());
    inv.print_json(incident::to_json(inc, incident::compute_sla(inc, *cfg, inv.now()), true));
    return {};
  }
  auto s = inv.style();
  if (changed) inv.out() << fmt::format("{} {}: {}\n", s.green("✓"), inc.id, done);
  else inv.out() << fmt::format("{}: {}\n", inc.id, unchanged);
  return {};
}

// Runs one lifecycle change with the service context built from the invocation. Only changes
// that need the rota (escalation) pay for loading it.
template <class Fn>
auto change(Invocation& inv, Fn fn, bool with_rota = false) -> std::invoke_result_t<Fn, incident::ServiceContext&> {
  const auto* cfg = HC_TRY(inv.config());
  auto ops = HC_TRY(inv.ops_dir());
  auto repo = repository(inv, ops);
  const rota::Schedule* schedule = with_rota ? HC_TRY(inv.schedule()) : nullptr;
  incident::ServiceContext sc{*cfg, repo, HC_TRY(inv.write_options()), inv.now(), inv.ctx().random, schedule};
  return fn(sc);
}

core::Status run_incident_new(Invocation& inv, const IncidentNewOptions& o) {
  auto priority = HC_TRY(config::parse_priority(o.priority));
  incident::NewIncident spec;
  for (const auto& w : o.title) spec.title += (spec.title.empty() ? "" : " ") + w;
  spec.priority = priority;
  spec.component = o.component;
  spec.impact = o.impact;
  spec.description = HC_TRY(message_arg(inv, o.description));
  if (!o.assignee.empty()) spec.assignee = HC_TRY(inv.person(o.assignee, "--assign"));
  spec.tags = o.tags;
  const auto* cfg = HC_TRY(inv.config());
  auto ops = HC_TRY(inv.ops_dir());
  auto repo = repository(inv, ops);
  // Without --assign the incident goes to the primary on call: only then is the rota read.
  const rota::Schedule* schedule = spec.assignee.empty() ? inv.schedule_or_warn() : nullptr;
  incident::ServiceContext sc{*cfg, repo, HC_TRY(inv.write_options()), inv.now(), inv.ctx().random, schedule};
  auto inc = HC_TRY(incident::create(sc, spec));
  send_notifications(inv, {incident_notification(inv, "incident.created", inc)});
  auto sla = incident::compute_sla(inc, *cfg, inv.now());
  if (inv.json()) {
    inv.print_json(incident::to_json(inc, sla, true));
    return {};
  }
  if (inv.globals().quiet) {
    inv.out() << inc.id << '\n';
    return {};
  }
  auto v = HC_TRY(view(inv));
  const auto& level = cfg->level(inc.priority);
  inv.out() << fmt::format("{} Created {} ({} {}): {}\n", v.style.green("✓"), v.style.bold(inc.id),
                           priority_cell(inc.priority, v.style), level.label, inc.title);
  if (!inc.assignee.empty()) inv.out() << fmt::format("  assigned to {}{}\n", inc.assignee, o.assignee.empty() ? " (on call now)" : "");
  inv.out() << fmt::format("  respond by {} ({}) · resolve by {} ({})\n", when(sla.response_due, v),
                           core::relative(sla.response_due, v.now), when(sla.resolution_due, v),
                           core::relative(sla.resolution_due, v.now));
  return {};
}

core::Status run_incident_list(Invocation& inv, const IncidentListOptions& o) {
  if (o.all) core::use_huge_pages();  // every incident: a large heap (core/memory.hpp)
  auto v = HC_TRY(view(inv));
  incident::Filter f;
  f.all = o.all;
  for (const auto& s : o.statuses) {
    auto st = incident::parse_state(s);
    if (!st)
      return core::fail(core::ErrorKind::usage,
                        fmt::format("--status: invalid status '{}': use open, investigating, identified, "
                                    "monitoring or resolved",
                                    s));
    f.statuses.push_back(*st);
  }
  for (const auto& p : o.priorities) f.priorities.push_back(HC_TRY(config::parse_priority(p)));
  f.components = o.components;
  f.tags = o.tags;
  auto bound = [&](const std::string& text, const char* flag, bool end) -> core::Result<std::optional<core::TimePoint>> {
    if (text.empty()) return std::nullopt;
    auto t = core::parse_user_time(text, v.zone);
    if (!t) return core::fail(core::ErrorKind::usage, fmt::format("{}: {}", flag, t.error().message));
    // A bare date as --until includes that whole day.
    if (end && text.size() == 10) return core::start_of_local_day(core::local_day(*t, v.zone) + std::chrono::days(1), v.zone);
    return *t;
  };
  f.since = HC_TRY(bound(o.since, "--since", false));
  f.until = HC_TRY(bound(o.until, "--until", true));
  f.assignee = o.assignee == "me" ? inv.actor() : o.assignee;
  f.breached = o.breached;
  if (o.limit < 0) return core::fail(core::ErrorKind::usage, "--limit must be zero or more");
  if (o.limit > 0) f.limit = std::size_t(o.limit);

  auto ops = HC_TRY(inv.ops_dir());
  auto snapshot = HC_TRY(repository(inv, ops).snapshot(f.open_only()));
  auto chosen = incident::select(snapshot, f, v.config, v.now);
  Incident inc;  // decoded into again and again: its strings keep their storage
  if (inv.json()) {
    // An array streamed one element per line, so 100 000 incidents never sit in memory at once.
    std::string out = "[";
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      snapshot.decode(chosen[i], inc);
      out += i ? ",\n  " : "\n  ";
      incident::append_summary_json(out, inc, incident::compute_sla(inc, v.config, v.now));
      if (out.size() >= (1u << 16)) {
        inv.out() << out;
        out.clear();
      }
    }
    out += chosen.empty() ? "]\n" : "\n]\n";
    inv.out() << out;
    return {};
  }
  if (chosen.empty()) {
    if (inv.ctx().stdout_is_tty)
      inv.out() << (f.open_only() ? "No open incidents.\n" : "No incidents match.\n");
    return {};
  }
  auto table = incident_table_header(v);
  for (auto i : chosen) {
    snapshot.decode(i, inc);
    add_incident_row(table, inc, v);
  }
  table.write(inv.out());
  return {};
}

core::Status run_incident_show(Invocation& inv, const IncidentChangeOptions& o) {
  auto v = HC_TRY(view(inv));
  auto ops = HC_TRY(inv.ops_dir());
  auto repo = repository(inv, ops);
  auto id = HC_TRY(repo.resolve(o.id));
  auto loaded = HC_TRY(repo.load(id));
  if (inv.json()) {
    inv.print_json(incident::to_json(loaded.incident, incident::compute_sla(loaded.incident, v.config, v.now), true));
    return {};
  }
  inv.out() << incident_detail(loaded.incident, v);
  return {};
}

void add_id(CLI::App* sub, IncidentChangeOptions& o) {
  sub->add_option("id", o.id, "incident id, or any unambiguous tail or prefix (e.g. 7K2M)")->required();
}

// The value checks of `incident status` and `incident priority`, with the messages the domain
// gives (CLI11 prefixes the argument's name).
CLI::Validator status_word() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        // Any state word is for the domain to judge (open and resolved have their own answers).
        if (incident::parse_state(v)) return "";
        auto close = core::did_you_mean(core::closest(v, {"investigating", "identified", "monitoring", "resolved"}));
        return fmt::format("invalid status '{}': use investigating, identified or monitoring{}", v,
                           close.empty() ? "" : " (" + close + ")");
      },
      "STATUS");
}

CLI::Validator priority_word() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        auto p = config::parse_priority(v);
        return p ? "" : p.error().message;
      },
      "PRIORITY");
}

void add_message(CLI::App* sub, IncidentChangeOptions& o, bool required) {
  auto* opt = sub->add_option("-m,--message", o.message, "what happened and why ('-' reads stdin)");
  if (required) opt->required();
}

}  // namespace

void add_incident(CLI::App& root, Invocation& inv, Action& action) {
  auto* cmd = root.add_subcommand("incident", "open, track and resolve incidents with P1–P4 SLA clocks");
  cmd->footer(k_exit_status_footer);

  {
    auto o = std::make_shared<IncidentNewOptions>();
    auto* sub = verb(*cmd, "new", "open an incident; prints its id and SLA deadlines");
    sub->add_option("title", o->title, "one-line title (quote it, or give several words)")->required();
    sub->add_option("-p,--priority", o->priority, "P1 (critical) … P4 (low)")->required();
    sub->add_option("-c,--component", o->component, "affected component, e.g. api");
    sub->add_option("--impact", o->impact, "who or what is affected");
    sub->add_option("-d,--description", o->description, "details ('-' reads stdin)");
    sub->add_option("--assign", o->assignee, "who works on it ('me' for yourself; default: the primary on call)");
    sub->add_option("--tag", o->tags, "a tag (repeatable: --tag db --tag payments)")->allow_extra_args(false);
    sub->callback([&inv, &action, o] { action = [&inv, o] { return run_incident_new(inv, *o); }; });
  }
  {
    auto o = std::make_shared<IncidentListOptions>();
    auto* sub = verb(*cmd, "list", "list incidents: open ones most urgent first, or filtered");
    sub->alias("ls");
    sub->add_flag("-a,--all", o->all, "include resolved incidents (newest first)");
    sub->add_option("--status", o->statuses, "only these statuses (comma-separated)")->delimiter(',');
    sub->add_option("-p,--priority", o->priorities, "only these priorities, e.g. P1,P2")->delimiter(',');
    sub->add_option("-c,--component", o->components, "only these components")->delimiter(',');
    sub->add_option("--tag", o->tags, "only incidents with this tag (repeatable)")->allow_extra_args(false);
    sub->add_option("--since", o->since, "created at or after (2026-11-27, '2026-11-27 22:00' or RFC 3339)");
    sub->add_option("--until", o->until, "created before (a bare date includes that day)");
    sub->add_option("--assignee", o->assignee, "only incidents assigned to WHO ('me' for yourself)");
    sub->add_flag("--breached", o->breached, "only incidents whose response or resolution SLA is breached");
    sub->add_option("--limit", o->limit, "at most N incidents");
    sub->callback([&inv, &action, o] { action = [&inv, o] { return run_incident_list(inv, *o); }; });
  }
  {
    auto o = std::make_shared<IncidentChangeOptions>();
    auto* sub = verb(*cmd, "show", "an incident in full: fields, SLA clocks and timeline");
    add_id(sub, *o);
    sub->callback([&inv, &action, o] { action = [&inv, o] { return run_incident_show(inv, *o); }; });
  }
  {
    auto o = std::make_shared<IncidentChangeOptions>();
    auto* sub = verb(*cmd, "ack", "acknowledge: stops the response clock; open → investigating (a second ack changes nothing)");
    add_id(sub, *o);
    sub->callback([&inv, &action, o] {
      action = [&inv, o]() -> core::Status {
        auto c = HC_TRY(change(inv, [&](auto& sc) { return incident::acknowledge(sc, o->id); }));
        notify_change(inv, c, "incident.acknowledged");
        std::string by = c.incident.acknowledged_by;
        auto zone = HC_TRY(inv.zone());
        return print_change(inv, c.incident, "acknowledged", c.changed,
                            fmt::format("already acknowledged by {} at {}", by,
                                        core::format_local(*c.incident.acknowledged_at, zone, "%F %H:%M %Z")));
      };
    });
  }
  {
    auto o = std::make_shared<IncidentChangeOptions>();
    auto* sub = verb(*cmd, "status", "move an incident to investigating, identified or monitoring");
    add_id(sub, *o);
    // Checked while parsing, so a bad value is named before a missing --message.
    sub->add_option("status", o->value, "investigating | identified | monitoring")->required()->check(status_word());
    add_message(sub, *o, true);
    sub->callback([&inv, &action, o] {
      action = [&inv, o]() -> core::Status {
        auto msg = HC_TRY(message_arg(inv, o->message));
        auto c = HC_TRY(change(inv, [&](auto& sc) { return incident::set_status(sc, o->id, o->value, msg); }));
        notify_change(inv, c, "incident.status_changed", msg);
        return print_change(inv, c.incident, fmt::format("status {}", o->value), c.changed, "");
      };
    });
  }
  {
    auto o = std::make_shared<IncidentChangeOptions>();
    auto* sub = verb(*cmd, "note", "add a note to the timeline");
    add_id(sub, *o);
    add_message(sub, *o, true);
    sub->callback([&inv, &action, o] {
      action = [&inv, o]() -> core::Status {
        auto msg = HC_TRY(message_arg(inv, o->message));
        auto c = HC_TRY(change(inv, [&](auto& sc) { return incident::add_note(sc, o->id, msg); }));
        return print_change(inv, c.incident, "note added", c.changed, "");
      };
    });
  }
  {
    auto o = std::make_shared<IncidentChangeOptions>();
    auto* sub = verb(*cmd, "assign", "give an incident to someone");
    add_id(sub, *o);
    sub->add_option("who", o->value, "the new assignee ('me' for yourself)")->required();
    add_message(sub, *o, false);
    sub->callback([&inv, &action, o] {
      action = [&inv, o]() -> core::Status {
        std::string who = HC_TRY(inv.person(o->value, "assign"));
        auto msg = HC_TRY(message_arg(inv, o->message));
        auto c = HC_TRY(change(inv, [&](auto& sc) { return incident::assign(sc, o->id, who, msg); }));
        notify_change(inv, c, "incident.assigned", msg);
        return print_change(inv, c.incident, fmt::format("assigned to {}", who), c.changed,
                            fmt::format("already assigned to {}", who));
      };
    });
  }
  {
    auto o = std::make_shared<IncidentChangeOptions>();
    auto* sub = verb(*cmd, "priority", "change the priority (clocks still running follow the new level; a stopped clock keeps its verdict)");
    add_id(sub, *o);
    sub->add_option("priority", o->value, "P1 … P4")->required()->check(priority_word());
    add_message(sub, *o, true);
    sub->callback([&inv, &action, o] {
      action = [&inv, o]() -> core::Status {
        auto p = HC_TRY(config::parse_priority(o->value));
        auto msg = HC_TRY(message_arg(inv, o->message));
        auto c = HC_TRY(change(inv, [&](auto& sc) { return incident::change_priority(sc, o->id, p, msg); }));
        notify_change(inv, c, "incident.priority_changed", msg);
        return print_change(inv, c.incident, fmt::format("priority {}", config::priority_name(p)), c.changed,
                            fmt::format("already {}", config::priority_name(p)));
      };
    });
  }
  {
    auto o = std::make_shared<IncidentChangeOptions>();
    auto due = std::make_shared<bool>(false);
    auto* sub = verb(*cmd, "escalate", "move an incident up the escalation chain (primary → secondary → lead)");
    sub->add_option("id", o->id, "incident id or tail (omit with --due)");
    sub->add_flag("--due", *due, "escalate every open, unacknowledged incident whose response target passed "
                                 "(one level per response period; for cron)");
    add_message(sub, *o, false);
    sub->callback([&inv, &action, o, due] {
      action = [&inv, o, due]() -> core::Status {
        if (*due == !o->id.empty())
          return core::fail(core::ErrorKind::usage, "give an incident id or --due, not both and not neither",
                            "hypercare incident escalate ID   or   hypercare incident escalate --due");
        if (*due) {
          auto done = HC_TRY(change(inv, [&](auto& sc) { return incident::escalate_due(sc); }, true));
          std::vector<notify::Event> events;
          for (const auto& e : done) events.push_back(incident_notification(inv, "incident.escalated", e.incident, e.message));
          send_notifications(inv, events);
          if (inv.json()) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& e : done) out.push_back({{"id", e.id}, {"level", e.level}, {"to", e.to}});
            inv.print_json(out);
          } else if (done.empty()) {
            inv.out() << "Nothing to escalate.\n";
          } else {
            for (const auto& e : done)
              inv.out() << fmt::format("{} {}: escalated to level {} ({})\n", inv.style().green("✓"), e.id, e.level, e.to);
          }
          return {};
        }
        auto msg = HC_TRY(message_arg(inv, o->message));
        auto c = HC_TRY(change(inv, [&](auto& sc) { return incident::escalate(sc, o->id, msg); }, true));
        notify_change(inv, c, "incident.escalated", msg);
        return print_change(inv, c.incident,
                            fmt::format("escalated to level {} ({})", c.incident.escalation_level, c.incident.assignee),
                            c.changed, "");
      };
    });
  }
  {
    auto o = std::make_shared<IncidentChangeOptions>();
    auto* sub = verb(*cmd, "resolve", "resolve with the root cause and the resolution");
    add_id(sub, *o);
    sub->add_option("--root-cause", o->root_cause, "why it happened ('-' reads stdin); required unless a duplicate or false alarm");
    sub->add_option("--resolution", o->resolution, "what fixed it; required unless a duplicate or false alarm");
    auto* dup = sub->add_option("--duplicate-of", o->duplicate_of,
                                "it was the same problem as incident OTHER: listed by reports, left out of every metric");
    sub->add_flag("--false-alarm", o->false_alarm, "there was no problem: listed by reports, left out of every metric")
        ->excludes(dup);
    sub->callback([&inv, &action, o] {
      action = [&inv, o]() -> core::Status {
        incident::Resolution how;
        how.kind = o->false_alarm ? incident::ResolutionKind::false_alarm
                   : o->duplicate_of.empty() ? incident::ResolutionKind::fixed
                                             : incident::ResolutionKind::duplicate;
        if (how.kind == incident::ResolutionKind::fixed && (o->root_cause.empty() || o->resolution.empty()))
          return core::fail(core::ErrorKind::usage,
                            fmt::format("{} is required to resolve an incident", o->root_cause.empty() ? "--root-cause" : "--resolution"),
                            fmt::format("hypercare incident resolve {} --root-cause TEXT --resolution TEXT  (or --duplicate-of OTHER, "
                                        "or --false-alarm)", o->id));
        how.root_cause = HC_TRY(message_arg(inv, o->root_cause));
        how.resolution = o->resolution;
        how.duplicate_of = o->duplicate_of;
        auto c = HC_TRY(change(inv, [&](auto& sc) { return incident::resolve(sc, o->id, how); }));
        notify_change(inv, c, "incident.resolved");
        std::string what =
            c.incident.excluded()
                ? "resolved as a " + c.incident.resolved_as()
                : fmt::format("resolved after {}",
                              core::format_duration(incident::resolution_time(c.incident).value_or(core::Seconds{0})));
        return print_change(inv, c.incident, what, c.changed, "");
      };
    });
  }
  {
    auto o = std::make_shared<IncidentChangeOptions>();
    auto* sub = verb(*cmd, "reopen", "reopen a resolved incident");
    add_id(sub, *o);
    add_message(sub, *o, true);
    sub->callback([&inv, &action, o] {
      action = [&inv, o]() -> core::Status {
        auto msg = HC_TRY(message_arg(inv, o->message));
        auto c = HC_TRY(change(inv, [&](auto& sc) { return incident::reopen(sc, o->id, msg); }));
        notify_change(inv, c, "incident.reopened", msg);
        return print_change(inv, c.incident, "reopened", c.changed, "");
      };
    });
  }
  add_incident_ingest(*cmd, inv, action);
}

}  // namespace hypercare::cli
