// `hypercare maintenance start|list|end`: planned work that pages nobody (maintenance/window.hpp).
#include <fmt/format.h>

#include "commands.hpp"
#include "hypercare/maintenance/service.hpp"
#include "hypercare/render/table.hpp"
#include "maintenance_view.hpp"

namespace hypercare::cli {

nlohmann::json window_json(const maintenance::Window& w, core::TimePoint now) {
  auto t = [](const std::optional<core::TimePoint>& p) { return p ? nlohmann::json(core::format_rfc3339(*p)) : nlohmann::json(nullptr); };
  return {{"id", w.id},
          {"components", w.components},
          {"everything", w.components.empty()},
          {"from", core::format_rfc3339(w.from)},
          {"until", core::format_rfc3339(w.until)},
          {"ended_at", t(w.ended_at)},
          {"end", core::format_rfc3339(w.end())},
          {"state", w.state(now)},
          {"message", w.message},
          {"by", w.actor},
          {"hotfix", w.hotfix.empty() ? nlohmann::json(nullptr) : nlohmann::json(w.hotfix)}};
}

std::string components_text(const maintenance::Window& w) {
  return w.components.empty() ? "everything" : fmt::format("{}", fmt::join(w.components, ", "));
}

std::string window_line(const maintenance::Window& w, const ViewContext& v) {
  bool on = w.active(v.now);
  std::string when_text = on ? fmt::format("until {} ({})", when(w.end(), v), core::relative(w.end(), v.now))
                             : fmt::format("from {} to {} ({})", when(w.from, v), when(w.end(), v), core::relative(w.from, v.now));
  return fmt::format("{} {} {} {} — {}", w.id, on ? v.style.yellow("now") : "ahead", components_text(w), when_text,
                     render::one_line(w.message));
}

namespace {

struct StartOptions {
  std::vector<std::string> components;
  std::string from, for_, until, message;
};

core::Status run_start(Invocation& inv, const StartOptions& o) {
  const auto* cfg = HC_TRY(inv.config());
  auto zone = HC_TRY(inv.zone());
  auto parse = [&](const std::string& text, const char* flag) -> core::Result<core::TimePoint> {
    if (text == "now") return inv.now();
    auto t = core::parse_user_time(text, zone);
    if (!t) return core::fail(core::ErrorKind::usage, fmt::format("{}: {}", flag, t.error().message));
    return *t;
  };
  if (o.for_.empty() == o.until.empty())
    return core::fail(core::ErrorKind::usage, "give how long the work takes: --for DUR or --until TIME (one of them)",
                      "hypercare maintenance start -c odoo --for 1h -m \"Odoo upgrade\"");
  maintenance::WindowRequest r;
  r.components = o.components;
  r.from = o.from.empty() ? inv.now() : HC_TRY(parse(o.from, "--from"));
  if (!o.for_.empty()) {
    auto d = core::parse_duration(o.for_);
    if (!d) return core::fail(core::ErrorKind::usage, "--for: " + d.error().message);
    if (d->count() <= 0) return core::fail(core::ErrorKind::usage, "--for must be longer than 0s");
    r.until = r.from + *d;
  } else {
    r.until = HC_TRY(parse(o.until, "--until"));
  }
  r.message = HC_TRY(message_arg(inv, o.message));
  auto w = HC_TRY(maintenance::schedule(HC_TRY(inv.write_options()), inv.now(), inv.ctx().random, r));
  if (inv.json()) {
    inv.print_json(window_json(w, inv.now()));
    return {};
  }
  ViewContext v{*cfg, zone, inv.now(), inv.style(), inv.output_width()};
  inv.out() << fmt::format("{} Maintenance {}: {} from {} to {}{} — alerts and failing checks for it page nobody\n",
                           v.style.green("✓"), w.id, components_text(w), core::format_local(w.from, zone),
                           core::format_local(w.until, zone), w.active(inv.now()) ? " (now)" : "");
  inv.out() << fmt::format("  end it early: hypercare maintenance end {}\n", w.id);
  return {};
}

core::Status run_list(Invocation& inv, bool all) {
  const auto* cfg = HC_TRY(inv.config());
  auto zone = HC_TRY(inv.zone());
  auto ops = HC_TRY(inv.ops_dir());
  auto windows = HC_TRY(maintenance::load_windows(ops, [&inv](const std::string& m) { inv.warn(m); }));
  auto now = inv.now();
  std::vector<const maintenance::Window*> shown;
  for (const auto& w : windows)
    if (all || !w.over(now)) shown.push_back(&w);
  if (inv.json()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto* w : shown) out.push_back(window_json(*w, now));
    inv.print_json(out);
    return {};
  }
  if (shown.empty()) {
    inv.out() << (all ? "No maintenance windows.\n" : "No maintenance windows now or ahead (hypercare maintenance list --all for past ones).\n");
    return {};
  }
  ViewContext v{*cfg, zone, now, inv.style(), inv.output_width()};
  render::Table t({"ID", "STATE", "FROM", "UNTIL", "COMPONENTS", "BY", "WHAT"});
  for (const auto* w : shown) {
    std::string state = w->state(now);
    state = state == "active" ? v.style.yellow(state) : state;
    t.add({w->id, state, core::format_local(w->from, zone, "%F %H:%M"), core::format_local(w->end(), zone, "%F %H:%M"),
           components_text(*w), render::one_line(w->actor),
           render::truncate(render::one_line(w->message), v.width ? 50 : 10000)});
  }
  inv.out() << t.str();
  return {};
}

core::Status run_end(Invocation& inv, const std::string& id) {
  HC_TRY(inv.config());
  auto zone = HC_TRY(inv.zone());
  auto w = HC_TRY(maintenance::end(HC_TRY(inv.write_options()), inv.now(), inv.ctx().random, id));
  if (inv.json()) {
    inv.print_json(window_json(w, inv.now()));
    return {};
  }
  if (w.cancelled())
    inv.out() << fmt::format("{} Maintenance {} ({}) called off: it was to start {}\n", inv.style().green("✓"), w.id, components_text(w),
                             core::format_local(w.from, zone));
  else
    inv.out() << fmt::format("{} Maintenance {} ({}) ended at {}: alerts and failing checks page again\n", inv.style().green("✓"), w.id,
                             components_text(w), core::format_local(w.end(), zone));
  return {};
}

}  // namespace

void add_maintenance(CLI::App& root, Invocation& inv, Action& action) {
  auto* cmd = root.add_subcommand("maintenance", "planned work: alerts and failing checks for a component page nobody for a while");
  cmd->footer(k_exit_status_footer);
  cmd->require_subcommand(1);

  auto o = std::make_shared<StartOptions>();
  auto* start = cmd->add_subcommand("start", "open a maintenance window now or later (--from) for --for DUR or --until TIME");
  start->footer(k_exit_status_footer);
  start->add_option("-c,--component", o->components, "a component it covers (repeat for more; none: everything)")->type_name("COMPONENT");
  start->add_option("--from", o->from, "when it starts (default now): RFC 3339, \"2026-11-27 22:00\" (team zone) or now")->type_name("TIME");
  start->add_option("--for", o->for_, "how long it lasts, e.g. 90m or 2h")->type_name("DUR");
  start->add_option("--until", o->until, "when it ends")->type_name("TIME");
  start->add_option("-m,--message", o->message, "what the work is (- reads standard input)")->required()->type_name("TEXT");
  start->callback([&inv, &action, o] { action = [&inv, o] { return run_start(inv, *o); }; });

  auto all = std::make_shared<bool>(false);
  auto* list = cmd->add_subcommand("list", "the windows now and ahead (--all: past ones too)");
  list->footer(k_exit_status_footer);
  list->add_flag("--all", *all, "past windows too");
  list->callback([&inv, &action, all] { action = [&inv, all] { return run_list(inv, *all); }; });

  auto id = std::make_shared<std::string>();
  auto* end = cmd->add_subcommand("end", "end a window now (before its time)");
  end->footer(k_exit_status_footer);
  end->add_option("id", *id, "the window's id (MW-YYYYMMDD-XXXX, or its tail)")->required();
  end->callback([&inv, &action, id] { action = [&inv, id] { return run_end(inv, *id); }; });
}

}  // namespace hypercare::cli
