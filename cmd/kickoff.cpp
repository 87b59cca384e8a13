// `hypercare kickoff [--check]` and `hypercare kickoff confirm ITEM…`: the go-live readiness gate
// (kickoff/readiness.hpp) — what hypercare verifies, and what the team confirms by hand.
#include <fmt/format.h>

#include "commands.hpp"
#include "hypercare/kickoff/readiness.hpp"
#include "hypercare/render/table.hpp"
#include "kickoff_view.hpp"

namespace hypercare::cli {

core::Result<kickoff::Readiness> assess_kickoff(Invocation& inv, bool promtool, const std::optional<health::Run>* latest) {
  kickoff::Inputs in;
  in.ops_dir = HC_TRY(inv.ops_dir());
  in.config = HC_TRY(inv.config());
  if (auto s = inv.schedule()) in.schedule = *s;
  else in.rota_error = s.error().message;
  in.env = inv.ctx().env;
  in.promtool = promtool;
  in.latest = latest;
  in.warn = [&inv](const std::string& m) { inv.warn(m); };
  return kickoff::assess(in, inv.now());
}

namespace {

nlohmann::json item_json(const kickoff::Item& i) {
  nlohmann::json j = {{"id", i.id},
                      {"title", i.title},
                      {"how", i.verified ? "verified" : "confirmed"},
                      {"ready", i.ready},
                      {"details", i.details},
                      {"hint", i.hint.empty() ? nlohmann::json(nullptr) : nlohmann::json(i.hint)},
                      {"confirmed", nullptr}};
  if (i.confirmed)
    j["confirmed"] = {{"by", i.confirmed->by}, {"at", core::format_rfc3339(i.confirmed->at)},
                      {"note", i.confirmed->note.empty() ? nlohmann::json(nullptr) : nlohmann::json(i.confirmed->note)}};
  return j;
}

void print_items(Invocation& inv, const kickoff::Readiness& r, bool verified, core::Zone zone) {
  const auto s = inv.style();
  std::size_t width = 0;
  for (const auto& i : r.items) width = std::max(width, i.id.size());
  for (const auto& i : r.items) {
    if (i.verified != verified) continue;
    inv.out() << fmt::format("  {} {:<{}}  {}\n", i.ready ? s.green("✓") : s.red("✗"), i.id, width, i.title);
    std::string indent(width + 6, ' ');
    if (i.confirmed)
      inv.out() << fmt::format("{}confirmed by {} at {} ({}){}\n", indent, i.confirmed->by,
                               core::format_local(i.confirmed->at, zone, "%F %H:%M"), core::relative(i.confirmed->at, inv.now()),
                               i.confirmed->note.empty() ? "" : ": " + render::one_line(i.confirmed->note));
    for (const auto& d : i.details) inv.out() << indent << (i.ready ? d : s.yellow(d)) << '\n';
    if (verified && !i.ready && !i.hint.empty()) inv.out() << indent << "→ " << i.hint << '\n';
  }
  // The items people confirm share one hint: the command, with the first one still open.
  auto open = std::find_if(r.items.begin(), r.items.end(), [](const kickoff::Item& i) { return !i.verified && !i.ready; });
  if (!verified && open != r.items.end())
    inv.out() << fmt::format("  → once done: hypercare kickoff confirm ITEM… (e.g. {})\n", open->hint);
}

core::Status run_kickoff(Invocation& inv, bool check) {
  const auto* cfg = HC_TRY(inv.config());
  auto zone = HC_TRY(inv.zone());
  auto r = HC_TRY(assess_kickoff(inv, true));
  if (inv.json()) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : r.items) items.push_back(item_json(i));
    inv.print_json({{"ready", r.ready()},
                    {"total", r.items.size()},
                    {"complete", r.complete()},
                    {"from", core::format_date(r.from)},
                    {"days", r.days},
                    {"items", items}});
  } else {
    const auto s = inv.style();
    std::string title = cfg->team_name.empty() ? "hypercare" : cfg->team_name;
    inv.out() << fmt::format("{} — go-live readiness: {} of {} ready (rota and escalation checked for {} days from {})\n\n",
                             s.bold(title), r.ready(), r.items.size(), r.days, core::format_date(r.from));
    inv.out() << s.bold("Verified by hypercare") << '\n';
    print_items(inv, r, true, zone);
    bool manual = r.items.size() > kickoff::verified_ids().size();
    inv.out() << '\n' << s.bold("Confirmed by the team") << '\n';
    if (manual) print_items(inv, r, false, zone);
    else inv.out() << "  (none: list what people must confirm as [kickoff] items in hypercare.toml)\n";
    inv.out() << '\n'
              << (r.complete() ? s.green("Ready for go-live.") : fmt::format("{} item{} not ready.", r.items.size() - r.ready(),
                                                                               r.items.size() - r.ready() == 1 ? "" : "s"))
              << '\n';
  }
  if (check && !r.complete())
    return core::fail(core::ErrorKind::no, fmt::format("kickoff: {} of {} ready", r.ready(), r.items.size()));
  return {};
}

struct ConfirmOptions {
  std::vector<std::string> items;
  std::string message;
  bool withdraw = false;
};

core::Status run_confirm(Invocation& inv, const ConfirmOptions& o) {
  auto ops = HC_TRY(inv.ops_dir());
  HC_TRY(inv.config());
  auto cfg = HC_TRY(config::load_kickoff_config(ops, kickoff::verified_ids()));
  kickoff::Confirmation c;
  c.withdraw = o.withdraw;
  c.note = HC_TRY(message_arg(inv, o.message));
  c.items = HC_TRY(kickoff::confirmable(cfg, o.items));
  auto actor = HC_TRY(inv.checked_actor());
  auto write = HC_TRY(inv.write_options());
  write.actor = actor;
  HC_CHECK(kickoff::confirm(write, inv.now(), inv.ctx().random, c));
  auto r = HC_TRY(assess_kickoff(inv, false));
  if (inv.json()) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : r.items)
      if (std::find(c.items.begin(), c.items.end(), i.id) != c.items.end()) items.push_back(item_json(i));
    inv.print_json({{"withdrawn", c.withdraw}, {"items", items}, {"ready", r.ready()}, {"total", r.items.size()}, {"complete", r.complete()}});
    return {};
  }
  for (const auto& id : c.items)
    inv.out() << fmt::format("{} {} {}: {}\n", inv.style().green("✓"), id, c.withdraw ? "withdrawn" : "confirmed", cfg.find(id)->text);
  inv.out() << fmt::format("kickoff: {} of {} ready{}\n", r.ready(), r.items.size(), r.complete() ? "" : " (hypercare kickoff shows the rest)");
  return {};
}

}  // namespace

void add_kickoff(CLI::App& root, Invocation& inv, Action& action) {
  auto check = std::make_shared<bool>(false);
  auto* cmd = root.add_subcommand("kickoff", "go-live readiness: what hypercare verifies and what the team confirms");
  cmd->footer(k_exit_status_footer);
  cmd->add_flag("--check", *check, "exit 1 while anything is not ready (a gate for go-live)");
  cmd->callback([&inv, &action, check] {
    if (!action) action = [&inv, check] { return run_kickoff(inv, *check); };
  });
  auto o = std::make_shared<ConfirmOptions>();
  auto* confirm = cmd->add_subcommand("confirm", "record that [kickoff] items are done (who and when, committed)");
  confirm->footer(k_exit_status_footer);
  confirm->add_option("items", o->items, "the items' ids ([kickoff] items in hypercare.toml)")->required()->type_name("ITEM");
  confirm->add_option("-m,--message", o->message, "a note kept with the confirmation (- reads standard input)")->type_name("TEXT");
  confirm->add_flag("--undo", o->withdraw, "take the confirmation back");
  confirm->callback([&inv, &action, o] { action = [&inv, o] { return run_confirm(inv, *o); }; });
}

}  // namespace hypercare::cli
