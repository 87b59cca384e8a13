// `hypercare hotfix deploy | rollback | list | show`: flags → Options → run_hotfix_<verb>().
#include <unistd.h>

#include <algorithm>
#include <istream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "notify_hook.hpp"
#include "hotfix_progress.hpp"
#include "hotfix_view.hpp"
#include "hypercare/hotfix/json.hpp"
#include "hypercare/hotfix/service.hpp"
#include "hypercare/maintenance/service.hpp"
#include "interrupts.hpp"

namespace hypercare::cli {

namespace {

using hotfix::Status;

struct HotfixDeployOptions {
  std::string tag, component, incident;
  bool dry_run = false, yes = false, force = false;
};

struct HotfixRollbackOptions {
  std::string id, reason;
  bool yes = false;
};

struct HotfixListOptions {
  std::string component, since, until;
  int limit = 0;
};

struct HotfixShowOptions {
  std::string id;
  bool output = false;
};

core::Result<config::HotfixConfig> hotfix_config(Invocation& inv) {
  auto ops = HC_TRY(inv.ops_dir());
  auto cfg = HC_TRY(config::load_hotfix_config(ops));
  if (!cfg)
    return core::fail(core::ErrorKind::missing,
                      fmt::format("{} has no {}: no components are set up for hotfixes", ops.string(), config::k_hotfix_file),
                      "hypercare init DIR --example smart-dairy shows a complete hotfix.toml (man hypercare-hotfix)");
  return std::move(*cfg);
}

incident::Repository incident_repository(Invocation& inv, const std::filesystem::path& ops) { return inv.incidents(ops); }

HotfixView view(Invocation& inv, core::Zone zone) { return HotfixView{zone, inv.now(), inv.style()}; }

render::Style err_style(Invocation& inv) {
  auto no_color = inv.ctx().getenv("NO_COLOR");
  auto term = inv.ctx().getenv("TERM");
  return render::Style(render::colour_wanted(inv.ctx().stderr_is_tty, no_color ? no_color->c_str() : nullptr,
                                             term ? term->c_str() : nullptr, inv.globals().no_color));
}

// A prompt on a terminal; without one, --yes is required (scripts never hang on a question).
core::Status confirm(Invocation& inv, bool yes, const std::string& question, const std::string& flag_hint) {
  if (yes) return {};
  if (!inv.ctx().stdin_is_tty || !inv.ctx().in)
    return core::fail(core::ErrorKind::usage, "this changes production and needs a confirmation, but standard input is not a terminal",
                      flag_hint);
  inv.err() << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(*inv.ctx().in, answer)) answer.clear();
  if (answer == "y" || answer == "Y" || answer == "yes" || answer == "YES" || answer == "Yes") return {};
  return core::fail(core::ErrorKind::no, "not confirmed: nothing was done");
}

// The exit status of a finished run: 0 when it did what was asked, 1 when not, 130 when interrupted.
core::Status verdict(const hotfix::Hotfix& h, Status wanted) {
  if (h.status == wanted) return {};
  auto message = fmt::format("hotfix {}: {}", h.id, hotfix::status_name(h.status));
  if (h.status == Status::interrupted) return core::fail(core::ErrorKind::interrupted, message);
  return core::fail(core::ErrorKind::no, message);
}

// hotfix.started | succeeded | rolled_back | failed for the channels (the key is the hotfix id).
notify::Event hotfix_notification(Invocation& inv, std::string_view type, const hotfix::Hotfix& h) {
  notify::Event e;
  e.type = std::string(type);
  e.at = inv.ctx().clock();
  e.actor = inv.actor();
  e.key = h.id;
  std::string what = type == "hotfix.started"       ? "deploying"
                     : type == "hotfix.succeeded"   ? "is live"
                     : type == "hotfix.rolled_back" ? "was rolled back"
                                                    : "FAILED and its rollback failed too";
  e.headline = fmt::format("hotfix {} {} {}", render::one_line(h.component), h.tag, what);
  e.title = fmt::format("{} {}", render::one_line(h.component), h.tag);  // the id is shown beside it
  e.message = h.message;
  e.subject_kind = "hotfix";
  e.subject = hotfix::to_json(h, std::nullopt);
  e.subject.erase("steps");
  e.source = h.component;
  return e;
}

void notify_outcome(Invocation& inv, const hotfix::Hotfix& h) {
  std::string_view type = h.status == Status::succeeded     ? "hotfix.succeeded"
                          : h.status == Status::rolled_back ? "hotfix.rolled_back"
                          : h.status == Status::failed      ? "hotfix.failed"
                                                            : "";
  if (!type.empty()) send_notifications(inv, {hotfix_notification(inv, type, h)});
}

struct Runtime {
  std::filesystem::path ops;
  const config::HypercareConfig* team;
  config::HotfixConfig cfg;
  incident::Repository incidents;
};

core::Result<std::unique_ptr<Runtime>> runtime(Invocation& inv) {
  auto ops = HC_TRY(inv.ops_dir());
  const auto* team = HC_TRY(inv.config());
  auto cfg = HC_TRY(hotfix_config(inv));
  return std::make_unique<Runtime>(Runtime{ops, team, std::move(cfg), incident_repository(inv, ops)});
}

hotfix::Context context(Invocation& inv, const Runtime& rt, store::WriteOptions write) {
  return hotfix::Context{*rt.team, rt.cfg, rt.incidents, std::move(write), inv.ctx().clock, inv.ctx().random, nullptr,
                         store::Env(inv.ctx().env.begin(), inv.ctx().env.end()), this_host(), ::getpid(), {}, {}};
}

core::Status print_plan(Invocation& inv, const hotfix::Context& ctx, const hotfix::PreparedDeploy& p) {
  const auto& spec = *p.spec;
  hotfix::Values values{p.tag, spec.name, "", p.incident ? p.incident->id : "", p.incident ? p.incident->title : "",
                        ctx.write.actor, ""};
  auto env = hotfix::step_env(spec, ctx.write.ops_dir, ctx.env, values);
  PlanView plan{fmt::format("hotfix deploy {} {}", p.tag, shell_word(spec.name)), hotfix::deploy_plan(spec), {}, ctx.write.ops_dir,
                hotfix::lock_holder(ctx.write.ops_dir, spec.name)};
  auto day = core::format_date(std::chrono::floor<std::chrono::days>(ctx.clock()));
  std::erase(day, '-');
  auto id_note = fmt::format("(given when it runs: HF-{}-XXXX)", day);
  auto prev_note = spec.current.empty() ? std::string() : "(what current prints)";
  for (const char* k : {"HYPERCARE_TAG", "HYPERCARE_COMPONENT", "HYPERCARE_HOTFIX_ID", "HYPERCARE_INCIDENT",
                        "HYPERCARE_INCIDENT_TITLE", "HYPERCARE_ACTOR", "HYPERCARE_PREVIOUS", "HYPERCARE_STEP"}) {
    std::string v = env.count(k) ? env.at(k) : "";
    if (std::string_view(k) == "HYPERCARE_HOTFIX_ID") v = id_note;
    if (std::string_view(k) == "HYPERCARE_PREVIOUS") v = prev_note;
    if (std::string_view(k) == "HYPERCARE_STEP") v = "(the step's name: precheck, current, deploy, ...)";
    plan.env.emplace_back(k, v);
  }
  if (!spec.path.empty()) plan.env.emplace_back("PATH", env["PATH"]);
  for (const auto& [k, v] : spec.env) plan.env.emplace_back(k, env[k]);
  if (inv.json()) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& s : plan.steps)
      steps.push_back({{"name", s.name}, {"index", s.index}, {"phase", s.phase},
                       {"command", s.command ? nlohmann::json(*s.command) : nlohmann::json(nullptr)},
                       {"timeout_ms", s.command ? nlohmann::json(s.timeout.count()) : nlohmann::json(nullptr)},
                       {"pause_ms", s.command ? nlohmann::json(nullptr) : nlohmann::json(s.timeout.count())},
                       {"attempts", s.attempts}});
    // Values only the run knows are null.
    nlohmann::json env_json = nlohmann::json::object();
    for (const auto& [k, v] : plan.env)
      env_json[k] = k == "HYPERCARE_HOTFIX_ID" || k == "HYPERCARE_STEP" || (k == "HYPERCARE_PREVIOUS" && !spec.current.empty())
                        ? nlohmann::json(nullptr)
                        : nlohmann::json(v);
    nlohmann::json busy = nullptr;
    if (plan.busy) busy = {{"hotfix", plan.busy->hotfix}, {"tag", plan.busy->tag}, {"actor", plan.busy->actor}, {"pid", plan.busy->pid}};
    inv.print_json({{"dry_run", true}, {"tag", p.tag}, {"component", spec.name},
                    {"incident", p.incident ? nlohmann::json(p.incident->id) : nlohmann::json(nullptr)},
                    {"cwd", ctx.write.ops_dir.string()}, {"env", env_json}, {"steps", steps}, {"busy", busy}});
    return {};
  }
  auto zone = HC_TRY(inv.zone());
  inv.out() << plan_text(plan, spec, view(inv, zone));
  inv.out() << fmt::format("\nTo run it: hypercare hotfix deploy {} {}{}\n", p.tag, shell_word(spec.name),
                           p.incident ? " --incident " + p.incident->id : "");
  return {};
}

core::Status report(Invocation& inv, const hotfix::Outcome& out, bool manual) {
  if (out.hotfix.status == Status::failed) inv.err() << failed_banner(out) << std::flush;
  if (inv.json()) {
    inv.print_json(hotfix::to_json(out.hotfix, std::nullopt));
  } else {
    auto zone = HC_TRY(inv.zone());
    inv.out() << outcome_report(out, manual, view(inv, zone));
  }
  inv.out().flush();
  return {};
}

std::size_t deploy_steps(const config::ComponentSpec& spec) {
  auto plan = hotfix::deploy_plan(spec);
  return std::size_t(std::count_if(plan.begin(), plan.end(), [](const hotfix::PlannedStep& s) { return s.phase == "deploy"; }));
}

bool stream_progress(Invocation& inv) { return !inv.globals().quiet && (inv.ctx().stderr_is_tty || inv.globals().verbose); }

// The maintenance window of a deploy or rollback ([defaults] maintenance in hotfix.toml): opened
// for the component when the hotfix begins, for at most every step's time-out (so a hotfix that
// never finishes does not silence its component for ever), ended when the hotfix ends.
class HotfixWindow {
 public:
  HotfixWindow(Invocation& inv, const config::ComponentSpec& spec, const std::vector<hotfix::PlannedStep>& plan)
      : m_inv(inv), m_spec(spec), m_longest(hotfix::longest_run(plan)) {}
  ~HotfixWindow() { close(); }
  void open(const hotfix::Hotfix& h) {
    if (!m_spec.maintenance || !m_id.empty()) return;
    maintenance::WindowRequest r;
    r.components = {m_spec.name};
    r.from = m_inv.now();
    r.until = r.from + std::chrono::ceil<std::chrono::seconds>(m_longest) + std::chrono::minutes(1);
    r.message = fmt::format("hotfix {} {} {}", h.id, render::one_line(m_spec.name), h.tag);
    r.hotfix = h.id;
    auto write = m_inv.write_options();
    if (!write) return;
    if (auto w = maintenance::schedule(*write, m_inv.now(), m_inv.ctx().random, r)) m_id = w->id;
    else m_inv.warn(fmt::format("no maintenance window for this hotfix ({}): alerts about {} page as usual", w.error().message, m_spec.name));
  }
  void close() {
    if (m_id.empty()) return;
    m_inv.refresh_now();
    auto write = m_inv.write_options();
    if (!write) return;
    if (auto w = maintenance::end(*write, m_inv.now(), m_inv.ctx().random, m_id); !w && w.error().kind != core::ErrorKind::data)
      m_inv.warn(fmt::format("the maintenance window {} of this hotfix could not be ended ({}); it ends by itself, or: "
                             "hypercare maintenance end {}", m_id, w.error().message, m_id));
    m_id.clear();
  }

 private:
  Invocation& m_inv;
  const config::ComponentSpec& m_spec;
  std::chrono::milliseconds m_longest;
  std::string m_id;
};

core::Status run_hotfix_deploy(Invocation& inv, const HotfixDeployOptions& o) {
  HC_CHECK(hotfix::validate_tag(o.tag));
  auto rt = HC_TRY(runtime(inv));
  auto ctx = context(inv, *rt, HC_TRY(inv.write_options()));
  auto prepared = HC_TRY(hotfix::prepare_deploy(ctx, o.tag, o.component, o.incident));
  prepared.force = o.force;
  if (o.dry_run) return print_plan(inv, ctx, prepared);
  const auto& spec = *prepared.spec;
  HC_CHECK(confirm(inv, o.yes,
                   fmt::format("Deploy {} {}: {} step(s), rolled back automatically if deploy, wait or smoke fails{}.\nDeploy now?",
                               render::one_line(spec.name), o.tag, deploy_steps(spec),
                               prepared.incident ? fmt::format(" (noted on {})", prepared.incident->id) : ""),
                   fmt::format("add --yes to deploy without a question (or --dry-run to see the plan): "
                               "hypercare hotfix deploy {} {} --yes",
                               o.tag, shell_word(spec.name))));
  ctx.schedule = inv.schedule_or_warn();  // assigns the incident a failed rollback opens
  InterruptScope scope({"\nhypercare: interrupt: stopping the running step; once the deploy has begun it is rolled back "
                        "(Ctrl-C again skips the rollback)\n",
                        "\nhypercare: second interrupt: skipping the rollback\n",
                        "\nhypercare: recording what happened, one moment\n"});
  ctx.interrupts = {scope.wake_fd(), [&scope] { return scope.count(); }};
  Progress progress(inv.err(), err_style(inv));
  hotfix::Observer observer;
  if (stream_progress(inv)) observer = progress.observer();
  HotfixWindow window(inv, spec, hotfix::deploy_plan(spec));
  auto shown = observer.begun;
  observer.begun = [&](const hotfix::Hotfix& h) {
    window.open(h);
    if (shown) shown(h);
    send_notifications(inv, {hotfix_notification(inv, "hotfix.started", h)});
  };
  ctx.observer = observer;
  auto out = HC_TRY(hotfix::deploy(ctx, prepared));
  window.close();
  notify_outcome(inv, out.hotfix);
  HC_CHECK(report(inv, out, false));
  return verdict(out.hotfix, Status::succeeded);
}

core::Status run_hotfix_rollback(Invocation& inv, const HotfixRollbackOptions& o) {
  auto rt = HC_TRY(runtime(inv));
  auto ctx = context(inv, *rt, HC_TRY(inv.write_options()));
  auto prepared = HC_TRY(hotfix::prepare_rollback(ctx, o.id));
  const auto& h = prepared.loaded.hotfix;
  HC_CHECK(confirm(inv, o.yes,
                   fmt::format("Roll back {} ({} {}, {}) to {}?", h.id, render::one_line(h.component), h.tag,
                               hotfix::status_name(h.status), h.previous ? render::one_line(*h.previous) : "the previous version"),
                   fmt::format("add --yes to roll back without a question: hypercare hotfix rollback {} --yes", h.id)));
  ctx.schedule = inv.schedule_or_warn();
  InterruptScope scope({"\nhypercare: interrupt: stopping the rollback\n", "\nhypercare: recording what happened, one moment\n"});
  ctx.interrupts = {scope.wake_fd(), [&scope] { return scope.count(); }};
  Progress progress(inv.err(), err_style(inv));
  if (stream_progress(inv)) ctx.observer = progress.observer();
  HotfixWindow window(inv, *prepared.spec, hotfix::rollback_plan(*prepared.spec));
  window.open(h);
  auto out = HC_TRY(hotfix::rollback(ctx, prepared, o.reason));
  window.close();
  notify_outcome(inv, out.hotfix);
  HC_CHECK(report(inv, out, true));
  return verdict(out.hotfix, Status::rolled_back);
}

core::Status run_hotfix_list(Invocation& inv, const HotfixListOptions& o) {
  auto ops = HC_TRY(inv.ops_dir());
  auto zone = HC_TRY(inv.zone());
  if (o.limit < 0) return core::fail(core::ErrorKind::usage, "--limit must be zero or more");
  hotfix::Repository::Filter f;
  f.component = o.component;
  auto bound = [&](const std::string& text, const char* flag, bool end) -> core::Result<std::optional<core::TimePoint>> {
    if (text.empty()) return std::nullopt;
    auto t = core::parse_user_time(text, zone);
    if (!t) return core::fail(core::ErrorKind::usage, fmt::format("{}: {}", flag, t.error().message));
    if (end && text.size() == 10) return core::start_of_local_day(core::local_day(*t, zone) + std::chrono::days(1), zone);
    return *t;
  };
  f.since = HC_TRY(bound(o.since, "--since", false));
  f.until = HC_TRY(bound(o.until, "--until", true));
  hotfix::Repository repo(ops, [&inv](const std::string& m) { inv.warn(m); });
  auto all = HC_TRY(repo.list(f));
  std::reverse(all.begin(), all.end());  // newest first
  if (o.limit > 0 && all.size() > std::size_t(o.limit)) all.resize(std::size_t(o.limit));
  auto host = this_host();
  auto process = [&](const hotfix::Hotfix& h) -> std::optional<hotfix::Process> {
    if (h.status != Status::running) return std::nullopt;
    return hotfix::process_of(h, ops, host);
  };
  if (inv.json()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : all) out.push_back(hotfix::to_json(h, process(h)));
    inv.print_json(out);
    return {};
  }
  if (all.empty()) {
    if (inv.ctx().stdout_is_tty) inv.out() << "No hotfixes recorded" << (o.component.empty() ? "" : " for " + o.component) << ".\n";
    return {};
  }
  auto v = view(inv, zone);
  auto t = list_header();
  for (const auto& h : all) add_list_row(t, h, process(h), v);
  t.write(inv.out());
  return {};
}

core::Status run_hotfix_show(Invocation& inv, const HotfixShowOptions& o) {
  auto ops = HC_TRY(inv.ops_dir());
  hotfix::Repository repo(ops, [&inv](const std::string& m) { inv.warn(m); });
  auto id = HC_TRY(repo.resolve(o.id));
  auto loaded = HC_TRY(repo.load(id));
  const auto& h = loaded.hotfix;
  std::optional<hotfix::Process> process;
  if (h.status == Status::running) process = hotfix::process_of(h, ops, this_host());
  if (inv.json()) {
    inv.print_json(hotfix::to_json(h, process));
    return {};
  }
  auto zone = HC_TRY(inv.zone());
  inv.out() << detail(h, process, o.output, view(inv, zone));
  return {};
}

}  // namespace

void add_hotfix(CLI::App& root, Invocation& inv, Action& action) {
  auto* cmd = root.add_subcommand("hotfix", "emergency deployments: pre-checks, smoke tests, automatic rollback, all recorded");
  cmd->footer(k_exit_status_footer);
  {
    auto o = std::make_shared<HotfixDeployOptions>();
    auto* sub = verb(*cmd, "deploy",
                     "deploy TAG to COMPONENT: precheck, current, deploy, wait, settle, smoke; roll back automatically on failure "
                     "(exit 0 live, 1 rolled back or not deployed, 130 interrupted)");
    sub->add_option("tag", o->tag, "the version to deploy: letters, digits, '.', '_', '-' (reaches the steps as $HYPERCARE_TAG)")
        ->required();
    sub->add_option("component", o->component, "a [component.NAME] of hotfix.toml")->required();
    sub->add_option("--incident", o->incident, "the incident this fixes: its timeline gets the hotfix's start and result");
    sub->add_flag("--dry-run", o->dry_run, "print the steps and the environment they would get; run nothing");
    sub->add_flag("-y,--yes", o->yes, "do not ask for confirmation (required when standard input is not a terminal)");
    sub->add_flag("--force", o->force, "with [git] sync = \"auto\": deploy although another machine's hotfix of the "
                                       "component is recorded as running (its machine is gone)");
    sub->callback([&inv, &action, o] { action = [&inv, o] { return run_hotfix_deploy(inv, *o); }; });
  }
  {
    auto o = std::make_shared<HotfixRollbackOptions>();
    auto* sub = verb(*cmd, "rollback", "roll a hotfix back to the version it replaced (runs rollback, then wait)");
    sub->add_option("id", o->id, "hotfix id or any unambiguous tail, e.g. 7K2M")->required();
    sub->add_option("-m,--reason", o->reason, "why, for the record");
    sub->add_flag("-y,--yes", o->yes, "do not ask for confirmation (required when standard input is not a terminal)");
    sub->callback([&inv, &action, o] { action = [&inv, o] { return run_hotfix_rollback(inv, *o); }; });
  }
  {
    auto o = std::make_shared<HotfixListOptions>();
    auto* sub = verb(*cmd, "list", "the hotfixes, newest first: status, duration, who; 'running (stale?)' when the process is gone");
    sub->add_option("-c,--component", o->component, "only this component");
    sub->add_option("--since", o->since, "started at or after (date or time, team zone)");
    sub->add_option("--until", o->until, "started before (a bare date includes that day)");
    sub->add_option("--limit", o->limit, "at most N hotfixes");
    sub->callback([&inv, &action, o] { action = [&inv, o] { return run_hotfix_list(inv, *o); }; });
  }
  {
    auto o = std::make_shared<HotfixShowOptions>();
    auto* sub = verb(*cmd, "show", "one hotfix: its steps as a timeline with durations, and the output of failed steps");
    sub->add_option("id", o->id, "hotfix id or any unambiguous tail")->required();
    sub->add_flag("--output", o->output, "print the output tail of every step, not only of those that failed");
    sub->callback([&inv, &action, o] { action = [&inv, o] { return run_hotfix_show(inv, *o); }; });
  }
}

}  // namespace hypercare::cli
