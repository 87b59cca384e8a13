#include "app.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <iterator>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "complete.hpp"
#include "hypercare/core/suggest.hpp"
#include "hypercare/render/terminal.hpp"

namespace hypercare::cli {

namespace {

constexpr const char* k_overview = R"(hypercare — run the first weeks after a go-live: incidents, on-call, checks, handovers.

Usage: hypercare [-C DIR] [--json] <command> [args]

Getting started
  init         create an ops dir (hypercare.toml, git) — try: hypercare init ops --example smart-dairy
  status       one screen: hypercare day, open incidents and their SLA clocks
  doctor       validate configs and records; --fix repairs what is safe
  sync         share records with the team through git: commit leftovers, pull --rebase, push
  whoami       the name your changes are recorded under, and why

Incidents and on-call
  incident     new | list | show | ack | status | note | assign | priority | escalate | resolve | reopen | ingest
  rota         show | now | override | overrides | cancel | swap | check | export | stats

Health
  health-check run the checks of checks.toml in parallel (list | run)

Shift handover
  handover     new | accept | show | list — the handover document, written from the data, and its sign-off

Notifications and automation
  notify       list | flush | drop | test — the outbox of Slack, PagerDuty and webhook messages
  watch        run due checks, record SLA breaches, escalate, deliver the outbox (--once for cron)

Reports
  report       daily | summary (against [targets]; --check gates on it) | bau — md, json or html
  feedback     add | import | list: user-satisfaction scores for the summary

Deployments
  hotfix       deploy | rollback | list | show — prechecks, smoke tests, automatic rollback

Shell
  completion   print a completion script for bash, zsh or fish

Run 'hypercare <command> --help' for a command's flags; 'hypercare --help' for global options.
)";

// When `word` sits where a subcommand of `app` was expected, the closest names.
std::vector<std::string> suggestions(const CLI::App& app, std::string_view word) {
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return core::closest(word, names);
}

// Whether `arg` (`-C`, `--as`; not `--as=x`) is an option of `app` or of a command above it that
// takes a value in the next word.
bool takes_value(const CLI::App& app, const std::string& arg) {
  if (arg.find('=') != std::string::npos || arg == "-" || arg == "--") return false;
  for (const CLI::App* a = &app; a; a = a->get_parent()) {
    const CLI::Option* opt = a->get_option_no_throw(arg);
    if (opt) return opt->get_type_size_max() > 0 && opt->get_expected_min() > 0;
  }
  return false;
}

// The deepest subcommand named in args (by name or alias), and the first word after it that is
// not one of its subcommands (the likely typo). Options are skipped, with their values.
std::pair<const CLI::App*, std::string> locate_typo(const CLI::App& root, const std::vector<std::string>& args) {
  const CLI::App* app = &root;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a.starts_with("-")) {
      if (takes_value(*app, a)) ++i;
      continue;
    }
    const CLI::App* next = nullptr;
    for (const auto* sub : app->get_subcommands({}))
      if (sub->check_name(a)) next = sub;
    if (!next) return {app, a};
    app = next;
  }
  return {app, ""};
}

// CLI11 names only the last word in a subcommand's usage line; name the whole command.
// A subcommand's help also lists the global options that apply to it (gh's "INHERITED FLAGS").
std::string inherited_options(const CLI::App& app) {
  const CLI::App* root = &app;
  while (root->get_parent()) root = root->get_parent();
  std::string out = "INHERITED OPTIONS (before or after the command):\n";
  for (const auto* opt : root->get_options()) {
    const auto& longs = opt->get_lnames();
    if (longs.empty() || longs.front() == "help" || longs.front() == "version") continue;
    std::string names = opt->get_name(false, true);
    for (std::size_t at = names.find(','); at != std::string::npos; at = names.find(',', at + 2)) names.replace(at, 1, ", ");
    if (opt->get_type_size_max() > 0) names += " " + opt->get_type_name();
    out += fmt::format("  {:<21} {}\n", names, opt->get_description());
  }
  return out;
}

std::string help_for(const CLI::App& app) {
  std::string path;
  for (const CLI::App* a = &app; a; a = a->get_parent()) path = a->get_name() + (path.empty() ? "" : " ") + path;
  std::string text = app.help();
  std::string from = "Usage: " + app.get_name();
  if (auto pos = text.find(from); pos != std::string::npos && app.get_parent())
    text.replace(pos, from.size(), "Usage: " + path);
  if (app.get_parent()) {
    // Before the footer (exit statuses), after the command's own options.
    auto footer = app.get_footer().empty() ? std::string::npos : text.rfind(app.get_footer());
    std::string inherited = inherited_options(app) + "\n";
    if (footer == std::string::npos) text += "\n" + inherited;
    else text.insert(footer, inherited);
  }
  return text;
}

// The deepest subcommand the parse selected.
const CLI::App* selected(const CLI::App& app) {
  const CLI::App* target = &app;
  while (!target->get_subcommands().empty()) target = target->get_subcommands().front();
  return target;
}

// A long option the selected command (or its parents) does not know, and its closest known name.
std::optional<std::pair<std::string, std::string>> unknown_flag(const CLI::App& target,
                                                                const std::vector<std::string>& args) {
  std::vector<std::string> known;
  for (const CLI::App* a = &target; a; a = a->get_parent())
    for (const auto* opt : a->get_options())
      for (const auto& l : opt->get_lnames()) known.push_back("--" + l);
  for (const auto& arg : args) {
    if (arg == "--" ) break;
    if (!arg.starts_with("--")) continue;
    std::string flag = arg.substr(0, arg.find('='));
    if (std::find(known.begin(), known.end(), flag) != known.end()) continue;
    std::string best;
    std::size_t best_d = 3;
    for (const auto& k : known)
      if (auto d = core::edit_distance(flag, k); d < best_d) best_d = d, best = k;
    return std::pair{flag, best};
  }
  return std::nullopt;
}

// CLI11's "Could not convert: --score = four" in our words: the flag, the value, the form expected
// and what the flag is for. Anything else is left as it is.
std::string conversion_message(const CLI::App& app, const std::string& what) {
  constexpr std::string_view k_prefix = "Could not convert: ";
  auto eq = what.find(" = ");
  if (!what.starts_with(k_prefix) || eq == std::string::npos) return what;
  std::string name = what.substr(k_prefix.size(), eq - k_prefix.size()), value = what.substr(eq + 3);
  const CLI::Option* opt = nullptr;
  for (const CLI::App* a = selected(app); a && !opt; a = a->get_parent())
    for (const auto* o : a->get_options())
      if (o->check_name(name)) opt = o;
  std::string type = opt ? opt->get_type_name() : "";
  std::string form = type == "INT" || type == "UINT" || type == "N" ? "a whole number" : type == "FLOAT" ? "a number" : "valid";
  return fmt::format("{}: '{}' is not {}{}", name, value, form, opt ? " (" + opt->get_description() + ")" : "");
}

int report(Invocation& inv, const core::Error& e) {
  if (inv.json()) {
    // A plain "no" whose answer is already on stdout is not an error to report twice.
    if (e.kind == core::ErrorKind::no && inv.answered_json()) return core::exit_code(e.kind);
    // "hint" only when there is a command that fixes it.
    nlohmann::json j = {{"error", {{"kind", core::kind_name(e.kind)}, {"message", e.message}}}};
    if (!e.hint.empty()) j["error"]["hint"] = e.hint;
    inv.err() << j.dump() << '\n';
  } else {
    inv.err() << "hypercare: " << render::terminal_safe(e.message) << '\n';
    if (!e.hint.empty()) inv.err() << "hint: " << render::terminal_safe(e.hint) << '\n';
  }
  return core::exit_code(e.kind);
}

}  // namespace

CLI::Validator whole_number(long long min, long long max) {
  return CLI::Validator(
      [min, max](std::string& v) -> std::string {
        long long n = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec == std::errc() && end == v.data() + v.size() && n >= min && n <= max) return "";
        return max == std::numeric_limits<long long>::max() ? fmt::format("'{}' is not a whole number of {} or more", v, min)
                                                            : fmt::format("'{}' is not a whole number from {} to {}", v, min, max);
      },
      "N");
}

std::string this_host() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "unknown";
  return buf;
}

core::Result<std::string> message_arg(Invocation& inv, const std::string& value) {
  if (value != "-") return value;
  if (!inv.ctx().in) return core::fail(core::ErrorKind::usage, "-m -: no standard input to read");
  std::string text((std::istreambuf_iterator<char>(*inv.ctx().in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

void build_app(CLI::App& app, Invocation& inv, Globals& g, Action& action) {
  app.fallthrough();
  app.set_version_flag("--version", fmt::format("hypercare {}", HYPERCARE_VERSION));
  app.add_option("-C,--ops", g.ops, "the ops directory (default: $HYPERCARE_OPS, else the nearest "
                                    "ancestor holding hypercare.toml)")
      ->type_name("DIR");
  app.add_flag("--json", g.json, "machine-readable output: one JSON document on stdout");
  app.add_flag("--no-color", g.no_color, "no ANSI colour (also NO_COLOR, TERM=dumb, or not a TTY)");
  app.add_flag("-q,--quiet", g.quiet, "less on stderr (no warnings)");
  app.add_flag("-v,--verbose", g.verbose, "more on stderr");
  app.add_option("--as", g.as, "actor recorded in events (default: $HYPERCARE_USER, else the rota member with git's "
                               "user.email or user.name, else $USER; see hypercare whoami)")
      ->type_name("NAME");
  app.add_flag("--external", g.external, "accept people who are not on the rota (a vendor engineer) for --as, "
                                         "assign, --to/--from");
  app.add_option("--tz", g.tz, "display time zone (default: [team] timezone)")->type_name("ZONE");
  app.add_option("--width", g.width, "fit tables into N columns, cutting titles with … (default: the terminal's width; "
                                     "piped output is never cut; 0: never cut)")
      ->check(whole_number(0, 10000))
      ->type_name("N");
  app.add_flag("--no-commit", g.no_commit, "do not git-commit this change");
  app.add_flag("--no-notify", g.no_notify, "send no notifications for this change (nothing is queued)");
  app.footer(k_exit_status_footer);
  app.require_subcommand(0, 1);

  add_init(app, inv, action);
  add_status(app, inv, action);
  add_doctor(app, inv, action);
  add_sync(app, inv, action);
  add_whoami(app, inv, action);
  add_kickoff(app, inv, action);
  add_incident(app, inv, action);
  add_rota(app, inv, action);
  add_health_check(app, inv, action);
  add_notify(app, inv, action);
  add_watch(app, inv, action);
  add_heartbeat(app, inv, action);
  add_maintenance(app, inv, action);
  add_site(app, inv, action);
  add_report(app, inv, action);
  add_feedback(app, inv, action);
  add_hotfix(app, inv, action);
  add_handover(app, inv, action);
  add_completion(app, inv, action);
}

int run(const std::vector<std::string>& args, core::Context& ctx) {
  Globals globals;
  Invocation inv(ctx, globals);
  Action action;
  CLI::App app{"hypercare — run the first weeks after a go-live", "hypercare"};
  build_app(app, inv, globals, action);

  // The shell completion scripts' question (complete.hpp): not a command, never an error.
  if (!args.empty() && args.front() == k_complete_verb) {
    globals.quiet = true;
    inv.out() << render_completion(complete(app, inv, globals, {args.begin() + 1, args.end()}));
    return 0;
  }

  // The --json flag decides how parse errors look, so find it before parsing.
  globals.json = std::find(args.begin(), args.end(), "--json") != args.end();
  if (args.empty()) {
    inv.out() << k_overview;
    return 0;
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    inv.out() << help_for(*selected(app));
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    inv.out() << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion& e) {
    inv.out() << e.what() << '\n';
    return 0;
  } catch (const CLI::ParseError& e) {
    std::string message = conversion_message(app, e.what());
    std::string hint;
    auto [where, word] = locate_typo(app, args);
    if (!word.empty() && !where->get_subcommands({}).empty()) {
      std::string path = where == &app ? "" : where->get_name() + " ";
      message = fmt::format("unknown command '{}{}'", path, word);
      auto close = suggestions(*where, word);
      if (!close.empty()) hint = fmt::format("did you mean: hypercare {}{}?", path, close.front());
      else hint = fmt::format("hypercare {}--help lists the commands", path);
    } else if (auto flag = unknown_flag(*selected(app), args)) {
      message = fmt::format("unknown option {}", flag->first);
      std::string usage = help_for(*selected(app));
      auto line = usage.substr(usage.find("Usage: ") + 7);
      std::string command = line.substr(0, line.find(" ["));
      hint = flag->second.empty() ? fmt::format("{} --help", command)
                                  : fmt::format("did you mean {}? ({} --help)", flag->second, command);
    } else {
      std::string usage = help_for(*selected(app));
      auto line = usage.substr(usage.find("Usage: ") + 7);
      hint = fmt::format("{} --help", line.substr(0, line.find(" [")).substr(0, line.find('\n')));
    }
    return report(inv, core::Error{core::ErrorKind::usage, message, hint});
  }
  if (!action) {
    // A command group given without its verb: show what it offers.
    const CLI::App* target = selected(app);
    inv.out() << (target == &app ? std::string(k_overview) : help_for(*target));
    return 0;
  }
  // Human output goes to a terminal (or a pager): nothing in it may be a control sequence, whatever
  // the records hold. JSON is escaped by its serialiser.
  struct Filtered {
    std::ostream* out;
    std::streambuf* original = nullptr;
    std::optional<render::TerminalFilter> filter;
    Filtered(std::ostream* o, bool on, bool colours) : out(o) {
      if (!o || !on) return;
      original = o->rdbuf();
      filter.emplace(original, colours);
      o->rdbuf(&*filter);
    }
    ~Filtered() {
      if (!original) return;
      out->flush();
      out->rdbuf(original);
    }
  } filtered(ctx.out, !inv.json(), inv.style().enabled());
  try {
    auto status = action();
    if (!status) return report(inv, status.error());
    return 0;
  } catch (const std::exception& e) {
    return report(inv, core::Error{core::ErrorKind::internal, fmt::format("internal error: {}", e.what()),
                                   "please report this as a bug"});
  }
}

}  // namespace hypercare::cli
