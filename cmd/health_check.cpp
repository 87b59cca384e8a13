// `hypercare health-check [run] [NAME...]` and `health-check list`.
#include <map>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "heartbeat.hpp"
#include "hypercare/health/history.hpp"
#include "hypercare/health/on_fail.hpp"
#include "notify_hook.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/health/runner.hpp"
#include "hypercare/health/uptime.hpp"
#include "hypercare/render/table.hpp"

namespace hypercare::cli {

std::string health_verdict(health::Status s, const render::Style& st) {
  auto name = health::verdict_name(s);
  switch (s) {
    case health::Status::ok: return st.green(name);
    case health::Status::warn: return st.yellow(name);
    default: return st.red(name);
  }
}

namespace {

struct HealthRunOptions {
  std::vector<std::string> names, tags;
  bool no_record = false;
  std::string timeout, fail_on = "fail", rules;
  health::Run* result = nullptr;  // set (by `watch`): the run is handed back instead of printed
};

core::Error no_checks(const std::filesystem::path& ops) {
  return {core::ErrorKind::missing, fmt::format("{} has no {}: no health checks are set up", ops.string(), config::k_checks_file),
          "hypercare init DIR --example smart-dairy shows a complete checks.toml (man hypercare-health-check)"};
}

core::Result<config::ChecksConfig> checks_config(Invocation& inv) {
  auto ops = HC_TRY(inv.ops_dir());
  auto cfg = HC_TRY(config::load_checks_config(ops));
  if (!cfg) return std::unexpected(no_checks(ops));
  return std::move(*cfg);
}

std::string status_cell(health::Status s, const render::Style& st) {
  std::string n(health::status_name(s));
  return s == health::Status::ok ? st.green(n) : s == health::Status::warn ? st.yellow(n) : st.red(n);
}

// health.failed for a check that was not failing in the previous results (or had none), and
// health.recovered for one that was and no longer fails (ok or only a warning).
std::vector<notify::Event> health_transitions(const health::Run& run, const std::optional<health::Run>& before,
                                              core::TimePoint now) {
  auto failing = [](health::Status s) { return s == health::Status::fail || s == health::Status::error; };
  std::vector<notify::Event> events;
  for (const auto& r : run.checks) {
    std::optional<health::Status> prev;
    if (before)
      for (const auto& b : before->checks)
        if (b.name == r.name) prev = b.status;
    if (failing(r.status) && !(prev && failing(*prev))) events.push_back(notify::health_event("health.failed", r, now));
    if (!failing(r.status) && prev && failing(*prev)) events.push_back(notify::health_event("health.recovered", r, now));
  }
  return events;
}

core::Status run_health(Invocation& inv, const HealthRunOptions& o) {
  auto cfg = HC_TRY(checks_config(inv));
  health::RunOptions ro;
  ro.names = o.names;
  ro.tags = o.tags;
  if (!o.timeout.empty()) {
    auto t = core::parse_duration_ms(o.timeout);
    if (!t) return core::fail(core::ErrorKind::usage, "--timeout: " + t.error().message);
    ro.timeout = *t;
  }
  auto checks = HC_TRY(health::select_checks(cfg, ro));
  if (!o.rules.empty()) {
    // --rules FILE: evaluate an extra rules file as a check of its own.
    if (cfg.prometheus_url.empty())
      return core::fail(core::ErrorKind::config, fmt::format("--rules needs [prometheus] url in {}", cfg.file.string()));
    config::CheckSpec extra;
    extra.name = "rules";
    extra.kind = config::CheckKind::rules;
    extra.service = "prometheus";
    extra.file = std::filesystem::path(o.rules).is_absolute() ? o.rules : (inv.ctx().cwd / o.rules).string();
    extra.timeout = ro.timeout.value_or(cfg.timeout);
    extra.interval = cfg.interval;
    checks.push_back(extra);
  }
  if (checks.empty()) return core::fail(core::ErrorKind::missing, "no checks selected", "hypercare health-check list");
  health::CheckEnv env{HC_TRY(inv.ops_dir()), {inv.ctx().env.begin(), inv.ctx().env.end()}, cfg.prometheus_url};
  for (const auto& c : checks)
    if (c.kind == config::CheckKind::rules) HC_CHECK(health::validate_rules_file(c, env));
  if (inv.progress_wanted())
    ro.progress = [&inv](std::size_t done, std::size_t total) {
      inv.err() << fmt::format("\rrunning checks: {}/{}", done, total) << (done == total ? "\r\x1b[K" : "") << std::flush;
    };
  auto run = health::run_checks(checks, env, ro, inv.now(), inv.ctx().random);
  std::vector<health::OnFailAction> actions;
  if (!o.no_record) {
    // What each check said last time, to notify only changes (went red, recovered).
    auto before = health::latest_results(HC_TRY(inv.ops_dir()), [](const std::string&) {});
    HC_CHECK(health::record(run, HC_TRY(inv.write_options()), inv.ctx().random));
    // on_fail acts only on recorded runs: a --no-record run (a CI gate) has no side effects.
    const auto* team = HC_TRY(inv.config());
    auto repo = inv.incidents(HC_TRY(inv.ops_dir()));
    incident::ServiceContext sc{*team, repo, HC_TRY(inv.write_options()), inv.now(), inv.ctx().random,
                                inv.schedule_or_warn()};
    actions = HC_TRY(health::apply_on_fail(run, cfg, sc));
    std::vector<notify::Event> events = health_transitions(run, before ? *before : std::nullopt, inv.now());
    for (const auto& a : actions)
      if (a.kind == health::OnFailAction::Kind::opened)
        if (auto loaded = repo.load(a.incident))
          events.push_back(incident_notification(inv, "incident.created", loaded->incident));
    send_notifications(inv, events);
  }

  if (o.result) {
    *o.result = run;
  } else if (inv.json()) {
    nlohmann::json checks_json = nlohmann::json::array();
    for (const auto& r : run.checks)
      checks_json.push_back({{"name", r.name}, {"kind", r.kind}, {"service", r.service},
                             {"status", health::status_name(r.status)}, {"latency_ms", r.latency_ms},
                             {"value", r.value ? nlohmann::json(*r.value) : nlohmann::json(nullptr)},
                             {"message", r.message}});
    nlohmann::json info = nlohmann::json::array();
    for (const auto& r : run.info) {
      bool read = r.status != health::Status::error;
      info.push_back({{"name", r.name}, {"service", r.service},
                      {"value", r.value ? nlohmann::json(*r.value) : nlohmann::json(nullptr)},
                      {"unit", r.unit.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.unit)},
                      {"output", read ? nlohmann::json(r.message) : nlohmann::json(nullptr)},
                      {"error", read ? nlohmann::json(nullptr) : nlohmann::json(r.message)}});
    }
    nlohmann::json incidents = nlohmann::json::array();
    for (const auto& a : actions)
      incidents.push_back({{"check", a.check}, {"incident", a.incident},
                           {"action", a.kind == health::OnFailAction::Kind::opened      ? "opened"
                                      : a.kind == health::OnFailAction::Kind::recovered ? "recovered"
                                                                                          : "failing_again"}});
    inv.print_json({{"run_id", run.run_id}, {"at", core::format_rfc3339(run.at)},
                    {"status", health::status_name(run.status)}, {"recorded", !o.no_record}, {"checks", checks_json},
                    {"info", info}, {"incidents", incidents}});
  } else {
    auto st = inv.style();
    render::Table svc({"SERVICE", "VERDICT"});
    for (const auto& [name, s] : health::service_verdicts(run)) svc.add({name, health_verdict(s, st)});
    inv.out() << svc.str() << '\n';
    render::Table t({"STATUS", "CHECK", "SERVICE", "LATENCY", "VALUE", "MESSAGE"});
    for (const auto& r : run.checks)
      t.add({status_cell(r.status, st), r.name, r.service, fmt::format("{} ms", r.latency_ms),
             r.value ? fmt::format("{:g}", *r.value) : "-", render::one_line(r.message)});
    inv.out() << t.str();
    std::size_t failed = 0, warned = 0;
    for (const auto& r : run.checks) {
      if (r.status == health::Status::fail || r.status == health::Status::error) ++failed;
      if (r.status == health::Status::warn) ++warned;
    }
    if (!run.info.empty()) {
      // Figures, not verdicts: the value with its unit, or the output as the command printed it.
      inv.out() << "\nFIGURE (no verdict)\n";
      for (const auto& r : run.info) {
        auto text = r.status == health::Status::error ? st.yellow("could not read: " + r.message)
                                                      : health::figure_text(r.value, r.unit, r.message);
        if (text.empty()) text = "(no output)";
        if (text.find('\n') == std::string::npos) {
          inv.out() << fmt::format("  {} ({}): {}\n", r.name, r.service, text);
          continue;
        }
        inv.out() << fmt::format("  {} ({}):\n", r.name, r.service);
        for (std::string_view rest = text; !rest.empty();) {
          auto nl = rest.find('\n');
          inv.out() << "      " << rest.substr(0, nl) << '\n';
          rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        }
      }
    }
    inv.out() << fmt::format("\n{} · {} check(s) · {} failed · {} warning(s){}{}\n", run.run_id, run.checks.size(), failed,
                             warned, run.info.empty() ? "" : fmt::format(" · {} figure(s)", run.info.size()),
                             o.no_record ? " · not recorded" : "");
    for (const auto& a : actions) {
      if (a.kind == health::OnFailAction::Kind::opened)
        inv.out() << fmt::format("{} opened {}: {} keeps failing\n", st.red("!"), a.incident, a.check);
      else if (a.kind == health::OnFailAction::Kind::recovered)
        inv.out() << fmt::format("{} {}: {} recovered (note added)\n", st.green("✓"), a.incident, a.check);
      else
        inv.out() << fmt::format("{} {}: {} is failing again (note added)\n", st.red("!"), a.incident, a.check);
    }
  }
  bool bad = run.status == health::Status::fail || run.status == health::Status::error ||
             (o.fail_on == "warn" && run.status == health::Status::warn);
  if (bad) return core::fail(core::ErrorKind::no, fmt::format("health check {}: {}", run.run_id, health::status_name(run.status)));
  return {};
}

core::Status run_list(Invocation& inv) {
  auto ops = HC_TRY(inv.ops_dir());
  auto loaded = HC_TRY(config::load_checks_config(ops));
  auto beats = HC_TRY(heartbeat_views(inv));
  if (!loaded && beats.empty()) return std::unexpected(no_checks(ops));
  config::ChecksConfig cfg = loaded ? std::move(*loaded) : config::ChecksConfig{};
  auto target = [](const config::CheckSpec& c) -> std::string {
    switch (c.kind) {
      case config::CheckKind::http: return c.method + " " + c.url;
      case config::CheckKind::tcp: return c.address;
      case config::CheckKind::command: return c.command;
      case config::CheckKind::disk: return c.path;
      case config::CheckKind::prometheus: return c.query;
      case config::CheckKind::rules: return c.file;
      case config::CheckKind::info: return c.query.empty() ? c.command : c.query;
    }
    return {};
  };
  if (inv.json()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : cfg.checks)
      out.push_back({{"name", c.name}, {"kind", config::check_kind_name(c.kind)}, {"service", c.service},
                     {"severity", c.kind == config::CheckKind::info ? "info" : c.critical ? "critical" : "warning"}, {"tags", c.tags},
                     {"timeout", core::format_duration_ms(c.timeout)}, {"interval", core::format_duration(c.interval)},
                     {"target", target(c)}});
    // Heartbeats are the passive checks: kind "heartbeat", with their last ping.
    for (auto j : heartbeats_json(beats)) {
      j["kind"] = "heartbeat";
      out.push_back(std::move(j));
    }
    inv.print_json(out);
    return {};
  }
  if (!cfg.checks.empty()) {
    render::Table t({"CHECK", "KIND", "SERVICE", "SEVERITY", "EVERY", "TIMEOUT", "TAGS", "TARGET"});
    for (const auto& c : cfg.checks) {
      std::string tags;
      for (const auto& tag : c.tags) tags += (tags.empty() ? "" : ",") + tag;
      t.add({c.name, std::string(config::check_kind_name(c.kind)), c.service,
             c.kind == config::CheckKind::info ? "info" : c.critical ? "critical" : "warning",
             core::format_duration(c.interval), core::format_duration_ms(c.timeout), tags.empty() ? "-" : tags,
             render::truncate(render::one_line(target(c)), inv.ctx().stdout_is_tty ? 60 : 10000)});
    }
    inv.out() << t.str();
  }
  if (!beats.empty()) {
    if (!cfg.checks.empty()) inv.out() << '\n';
    const auto* hc = HC_TRY(inv.config());
    ViewContext v{*hc, HC_TRY(inv.zone()), inv.now(), inv.style(), inv.output_width()};
    render::Table t({"HEARTBEAT", "STATE", "LAST PING", "DUE BY", "EVERY", "GRACE", "COMPONENT", "INCIDENT"});
    using State = incident::HeartbeatStatus::State;
    for (const auto& h : beats) {
      auto st = h.status.state;
      std::string state(incident::heartbeat_state_name(st));
      state = st == State::up ? v.style.green(state) : st == State::overdue ? v.style.red(state) : v.style.yellow(state);
      t.add({h.heartbeat->name, state,
             h.status.last ? fmt::format("{} ({})", when(*h.status.last, v), core::relative(*h.status.last, v.now)) : "never",
             h.status.due ? when(*h.status.due, v) : "-", core::format_duration(h.heartbeat->every),
             core::format_duration(h.heartbeat->grace), h.heartbeat->component.empty() ? "-" : h.heartbeat->component,
             h.incident.empty() ? "-" : h.incident});
    }
    inv.out() << t.str();
  }
  return {};
}

struct HealthReportOptions {
  int days = 1;
  std::string check, from, to, by = "service";
};

std::string mark(health::Status s, const render::Style& st) {
  switch (s) {
    case health::Status::ok: return st.green("·");
    case health::Status::warn: return st.yellow("!");
    case health::Status::fail: return st.red("✗");
    default: return st.red("?");
  }
}

core::Status run_history(Invocation& inv, const HealthReportOptions& o) {
  if (o.days < 1 || o.days > 366) return core::fail(core::ErrorKind::usage, "--days must be between 1 and 366");
  auto ops = HC_TRY(inv.ops_dir());
  auto now = inv.now();
  auto results = HC_TRY(health::read_results(ops, now - std::chrono::days(o.days), now + core::Seconds(1),
                                             [&inv](const std::string& m) { inv.warn(m); }));
  std::vector<std::string> order;
  std::map<std::string, std::vector<const health::Recorded*>> by_check;
  for (const auto& r : results) {
    if (!o.check.empty() && r.check != o.check) continue;
    if (!by_check.count(r.check)) order.push_back(r.check);
    by_check[r.check].push_back(&r);
  }
  if (inv.json()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& name : order) {
      auto& arr = out[name] = nlohmann::json::array();
      for (const auto* r : by_check[name])
        arr.push_back({{"at", core::format_rfc3339(r->at)}, {"run_id", r->run}, {"status", health::status_name(r->status)},
                       {"latency_ms", r->latency_ms}, {"value", r->value ? nlohmann::json(*r->value) : nlohmann::json(nullptr)},
                       {"message", r->message}});
    }
    inv.print_json(out);
    return {};
  }
  if (order.empty()) {
    inv.out() << fmt::format("No results recorded in the last {} day(s){}.\n", o.days,
                             o.check.empty() ? "" : " for " + o.check);
    return {};
  }
  auto st = inv.style();
  render::Table t({"CHECK", "SERVICE", "LAST", "OK", "RECENT (oldest → newest)"});
  for (const auto& name : order) {
    const auto& rs = by_check[name];
    std::size_t ok = 0;
    for (const auto* r : rs) ok += r->status == health::Status::ok ? 1 : 0;
    std::string strip;
    for (std::size_t i = rs.size() > 48 ? rs.size() - 48 : 0; i < rs.size(); ++i) strip += mark(rs[i]->status, st);
    t.add({name, rs.back()->service, fmt::format("{} {}", health::status_name(rs.back()->status), core::relative(rs.back()->at, now)),
           fmt::format("{}/{}", ok, rs.size()), strip});
  }
  inv.out() << t.str() << "· ok   ! warn   ✗ fail   ? error\n";
  return {};
}

core::Status run_uptime(Invocation& inv, const HealthReportOptions& o) {
  const auto* team = HC_TRY(inv.config());
  auto checks = HC_TRY(checks_config(inv));
  auto ops = HC_TRY(inv.ops_dir());
  auto zone = team->zone;
  auto now = inv.now();
  std::chrono::sys_days first = core::local_day(now, zone) - std::chrono::days(6), last = core::local_day(now, zone);
  if (team->start) {
    first = *team->start;
    last = *team->start + std::chrono::days(team->days - 1);
  }
  auto day_arg = [&](const std::string& text, const char* flag) -> core::Result<std::chrono::sys_days> {
    auto d = core::parse_date(text);
    if (!d) return core::fail(core::ErrorKind::usage, fmt::format("{}: {}", flag, d.error().message));
    return *d;
  };
  if (!o.from.empty()) first = HC_TRY(day_arg(o.from, "--from"));
  if (!o.to.empty()) last = HC_TRY(day_arg(o.to, "--to"));
  if (last < first) return core::fail(core::ErrorKind::usage, "--to must not be before --from");
  auto from = core::start_of_local_day(first, zone);
  auto to = std::min(core::start_of_local_day(last + std::chrono::days(1), zone), std::max(now, from));
  auto results = HC_TRY(health::read_results(ops, from, to, [&inv](const std::string& m) { inv.warn(m); }));
  auto json_of = [](const health::Uptime& u) {
    return nlohmann::json{{"percent", u.percent()}, {"up_s", u.up.count()}, {"down_s", u.down.count()},
                          {"unknown_s", u.unknown.count()}};
  };
  auto pct = [](const health::Uptime& u) {
    return (u.up + u.down).count() == 0 ? std::string("no data") : fmt::format("{:.3f}%", u.percent());
  };
  auto whole = health::uptime(results, checks, from, to);
  std::vector<std::pair<std::chrono::sys_days, health::UptimeReport>> days;
  if (o.by == "day")
    for (auto d = first; d <= last; d += std::chrono::days(1)) {
      auto a = core::start_of_local_day(d, zone), b = std::min(core::start_of_local_day(d + std::chrono::days(1), zone), to);
      if (a >= b) break;
      days.emplace_back(d, health::uptime(health::window(results, checks, a, b), checks, a, b));
    }
  if (inv.json()) {
    nlohmann::json services = nlohmann::json::object();
    for (const auto& [name, u] : whole.services) services[name] = json_of(u);
    nlohmann::json out = {{"from", core::format_rfc3339(from)}, {"to", core::format_rfc3339(to)}, {"by", o.by},
                          {"results", results.size()}, {"overall", json_of(whole.overall)}, {"services", services}};
    if (o.by == "day") {
      auto& arr = out["days"] = nlohmann::json::array();
      for (const auto& [d, rep] : days) {
        nlohmann::json svc = nlohmann::json::object();
        for (const auto& [name, u] : rep.services) svc[name] = json_of(u);
        arr.push_back({{"day", core::format_date(d)}, {"overall", json_of(rep.overall)}, {"services", svc}});
      }
    }
    inv.print_json(out);
    return {};
  }
  inv.out() << fmt::format("{} to {} ({} results; each counts until the next, at most 2 × the interval)\n",
                           core::format_local(from, zone, "%F %H:%M %Z"), core::format_local(to, zone, "%F %H:%M %Z"), results.size());
  if (o.by == "day") {
    std::vector<std::string> headers = {"DAY"};
    for (const auto& [name, u] : whole.services) headers.push_back(name);
    headers.push_back("ALL");
    render::Table t(headers);
    for (const auto& [d, rep] : days) {
      std::vector<std::string> row = {core::format_date(d)};
      for (const auto& [name, u] : whole.services) {
        auto it = rep.services.find(name);
        row.push_back(it == rep.services.end() ? "no data" : pct(it->second));
      }
      row.push_back(pct(rep.overall));
      t.add(row);
    }
    inv.out() << t.str();
    return {};
  }
  render::Table t({"SERVICE", "UPTIME", "DOWN", "UNKNOWN"});
  for (const auto& [name, u] : whole.services)
    t.add({name, pct(u), core::format_duration(u.down), core::format_duration(u.unknown)});
  t.add({"all services", pct(whole.overall), core::format_duration(whole.overall.down), core::format_duration(whole.overall.unknown)});
  inv.out() << t.str();
  return {};
}

void add_run_flags(CLI::App* app, HealthRunOptions& o) {
  app->add_option("names", o.names, "only these checks (names from checks.toml)");
  app->add_option("--tag", o.tags, "only checks with this tag (repeatable)")->allow_extra_args(false);
  app->add_flag("--no-record", o.no_record, "do not append the results to health/ (nothing is committed)");
  app->add_option("--timeout", o.timeout, "override every check's timeout, e.g. 10s");
  app->add_option("--fail-on", o.fail_on, "exit 1 on: fail (default) or warn")->check(CLI::IsMember({"fail", "warn"}));
  app->add_option("--rules", o.rules, "also evaluate this Prometheus rules file (against [prometheus] url)");
}

}  // namespace

core::Result<health::Run> run_health_named(Invocation& inv, const std::vector<std::string>& names) {
  HealthRunOptions o;
  o.names = names;
  health::Run run;
  o.result = &run;
  auto s = run_health(inv, o);
  if (!s && s.error().kind != core::ErrorKind::no) return std::unexpected(s.error());
  return run;
}

void add_health_check(CLI::App& root, Invocation& inv, Action& action) {
  auto o = std::make_shared<HealthRunOptions>();
  auto* cmd = root.add_subcommand("health-check", "run the health checks of checks.toml in parallel; exit 1 when one fails");
  cmd->footer(k_exit_status_footer);
  add_run_flags(cmd, *o);
  cmd->callback([&inv, &action, o] {
    if (!action) action = [&inv, o] { return run_health(inv, *o); };
  });
  auto* run = cmd->add_subcommand("run", "run the checks (the default verb): per-service GREEN/YELLOW/RED, then each check");
  run->footer(k_exit_status_footer);
  add_run_flags(run, *o);
  run->callback([&inv, &action, o] { action = [&inv, o] { return run_health(inv, *o); }; });
  auto* list = cmd->add_subcommand("list", "the checks of checks.toml: kind, service, severity, interval, target");
  list->footer(k_exit_status_footer);
  list->callback([&inv, &action] { action = [&inv] { return run_list(inv); }; });
  auto r = std::make_shared<HealthReportOptions>();
  auto* history = cmd->add_subcommand("history", "recent results per check as a strip, oldest to newest");
  history->footer(k_exit_status_footer);
  history->add_option("--days", r->days, "how many days back (default 1)");
  history->add_option("--check", r->check, "only this check");
  history->callback([&inv, &action, r] { action = [&inv, r] { return run_history(inv, *r); }; });
  auto* up = cmd->add_subcommand("uptime", "time-weighted uptime per service (or per day) from the recorded results");
  up->footer(k_exit_status_footer);
  up->add_option("--from", r->from, "first day (default: the hypercare window, else the last 7 days)");
  up->add_option("--to", r->to, "last day, included");
  up->add_option("--by", r->by, "service (default) or day")->check(CLI::IsMember({"service", "day"}));
  up->callback([&inv, &action, r] { action = [&inv, r] { return run_uptime(inv, *r); }; });
}

}  // namespace hypercare::cli
