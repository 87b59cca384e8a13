// `hypercare report daily | summary | bau`: flags → Options → build the report → render it.
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "format_rule.hpp"
#include "hypercare/core/memory.hpp"
#include "hypercare/report/build.hpp"
#include "hypercare/report/render.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::cli {

namespace {

struct ReportOptions {
  std::string date, from, to, format, output, as_of;
  bool check = false, allow_partial = false;
};

core::Result<report::Format> format_of(Invocation& inv, const ReportOptions& o) {
  auto name = HC_TRY(document_format(inv, o.format, "md", !o.output.empty() && o.output != "-"));
  return name == "json" ? report::Format::json : name == "html" ? report::Format::html : report::Format::markdown;
}

// --as-of TIME, else the end of the period (`end`), or now while the period runs.
core::Result<core::TimePoint> as_of(Invocation& inv, const ReportOptions& o, core::TimePoint end) {
  if (o.as_of.empty()) return std::min(inv.now(), end);
  const auto* cfg = HC_TRY(inv.config());
  auto t = core::parse_user_time(o.as_of, cfg->zone);
  if (!t) return core::fail(core::ErrorKind::usage, fmt::format("--as-of {}: {}", o.as_of, t.error().message),
                            "--as-of '2026-11-24 00:00' (team zone) or an RFC 3339 time");
  return *t;
}

core::Result<report::Sources> sources(Invocation& inv) {
  report::Sources s;
  s.ops = HC_TRY(inv.ops_dir());
  s.cfg = HC_TRY(inv.config());
  s.as_of = inv.now();
  s.use_cache = inv.use_cache();
  s.warn = [&inv](const std::string& m) { inv.warn(m); };
  return s;
}

core::Result<std::chrono::sys_days> day_arg(const std::string& text, const char* flag) {
  auto d = core::parse_date(text);
  if (!d) return core::fail(core::ErrorKind::usage, fmt::format("{}: {}", flag, d.error().message));
  return *d;
}

// The hypercare window from hypercare.toml, else the last 7 days; --from/--to override either end.
core::Result<report::Period> period_of(Invocation& inv, const ReportOptions& o, core::TimePoint as_of) {
  const auto* cfg = HC_TRY(inv.config());
  auto today = core::local_day(inv.now(), cfg->zone);
  std::chrono::sys_days first = today - std::chrono::days(6), last = today;
  std::string basis = "the last 7 days: hypercare.toml has no [hypercare] start";
  if (cfg->start) {
    first = *cfg->start;
    last = *cfg->start + std::chrono::days(cfg->days - 1);
    basis = "the hypercare window";
  }
  if (!o.from.empty()) first = HC_TRY(day_arg(o.from, "--from"));
  if (!o.to.empty()) last = HC_TRY(day_arg(o.to, "--to"));
  if (!o.from.empty() || !o.to.empty()) basis = "--from/--to";
  if (last < first) return core::fail(core::ErrorKind::usage, "--to must not be before --from");
  if ((last - first).count() > 366 * 3) return core::fail(core::ErrorKind::usage, "the period is longer than three years");
  return report::make_period(first, last, cfg->zone, as_of, basis);
}

// Prints the rendered report, or writes it atomically to -o FILE.
core::Status emit(Invocation& inv, const ReportOptions& o, const std::string& name, report::Format f, const std::string& text) {
  if (o.output.empty() || o.output == "-") {
    inv.out() << text;
    if (f == report::Format::json) inv.note_json_answer();
    return {};
  }
  std::filesystem::path path = o.output;
  if (path.is_relative()) path = inv.ctx().cwd / path;
  auto written = store::atomic_replace(path, text);
  if (!written) return core::fail(core::ErrorKind::cant_create, fmt::format("-o {}: {}", o.output, written.error().message));
  const char* fname = f == report::Format::html ? "html" : f == report::Format::json ? "json" : "md";
  if (inv.json()) inv.print_json({{"file", path.string()}, {"report", name}, {"format", fname}, {"bytes", text.size()}});
  else inv.out() << fmt::format("{} wrote the {} report ({}) to {}\n", inv.style().green("✓"), name, fname, path.string());
  return {};
}

// The report in format `f`: only the form asked for is built.
template <class MakeDocument, class MakeJson>
std::string rendered(MakeDocument&& document, MakeJson&& json, report::Format f) {
  if (f == report::Format::json) return json().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return report::render_document(document(), f);
}

core::Status run_daily(Invocation& inv, const ReportOptions& o) {
  auto f = HC_TRY(format_of(inv, o));
  auto s = HC_TRY(sources(inv));
  auto day = o.date.empty() ? core::local_day(inv.now(), s.cfg->zone) : HC_TRY(day_arg(o.date, "--date"));
  s.as_of = HC_TRY(as_of(inv, o, core::start_of_local_day(day + std::chrono::days(1), s.cfg->zone)));
  auto r = HC_TRY(report::build_daily(s, day));
  auto zone = HC_TRY(inv.zone());
  return emit(inv, o, "daily", f, rendered([&] { return report::daily_document(r, zone); },
                                           [&] { return report::daily_json(r); }, f));
}

core::Status run_summary(Invocation& inv, const ReportOptions& o) {
  core::use_huge_pages();  // a whole period of incidents and health results (core/memory.hpp)
  auto f = HC_TRY(format_of(inv, o));
  auto s = HC_TRY(sources(inv));
  auto window = HC_TRY(period_of(inv, o, inv.now()));
  s.as_of = HC_TRY(as_of(inv, o, window.to));
  auto p = report::make_period(window.first, window.last, s.cfg->zone, s.as_of, window.basis);
  auto r = HC_TRY(report::build_summary(s, p));
  auto zone = HC_TRY(inv.zone());
  HC_CHECK(emit(inv, o, "summary", f, rendered([&] { return report::summary_document(r, zone); },
                                               [&] { return report::summary_json(r); }, f)));
  if (!o.check) return {};
  auto missed = r.missed();
  if (!missed.empty())
    return core::fail(core::ErrorKind::no, fmt::format("{} of {} target(s) missed: {}", missed.size(), r.targets.size(),
                                                       fmt::join(missed, "; ")));
  auto partial = r.not_enough();
  if (!partial.empty() && !o.allow_partial)
    return core::fail(core::ErrorKind::no, fmt::format("not enough data to judge {} target(s): {}", partial.size(), fmt::join(partial, "; ")),
                      "more health-check coverage, or judge without it: hypercare report summary --check --allow-partial");
  auto no_data = r.count(report::Verdict::no_data) + r.count(report::Verdict::not_enough_data);
  auto met = r.count(report::Verdict::met);
  if (!inv.globals().quiet && !inv.json())
    inv.err() << fmt::format("hypercare: check passed: {} of {} target(s) met{}\n", met, r.targets.size(),
                             no_data ? fmt::format(", {} without (enough) data (not judged)", no_data) : std::string());
  return {};
}

// "primary (on shift) → secondary (next shift) → lead NAME (P1)" from rota.toml, when there is one.
std::string escalation_chain(Invocation& inv) {
  const auto* s = inv.schedule_or_warn();
  if (!s) return {};
  auto cfg = inv.config();
  std::string chain = "primary: the engineer on shift → secondary: the next engineer on the rota";
  if (s->config().lead) {
    std::vector<std::string> levels;
    if (cfg)
      for (auto p : config::k_priorities)
        if ((*cfg)->level(p).escalate_to_lead) levels.emplace_back(config::priority_name(p));
    chain += fmt::format(" → tertiary: the lead, {}{}", s->config().lead->display(),
                         levels.empty() ? std::string() : fmt::format(" ({})", fmt::join(levels, ", ")));
  }
  return chain;
}

core::Status run_bau(Invocation& inv, const ReportOptions& o) {
  auto f = HC_TRY(format_of(inv, o));
  auto s = HC_TRY(sources(inv));
  s.as_of = HC_TRY(as_of(inv, o, inv.now()));
  auto p = HC_TRY(period_of(inv, o, s.as_of));
  s.escalation_chain = escalation_chain(inv);
  auto r = HC_TRY(report::build_bau(s, p));
  auto zone = HC_TRY(inv.zone());
  HC_CHECK(emit(inv, o, "bau", f, rendered([&] { return report::bau_document(r, zone); },
                                           [&] { return report::bau_json(r); }, f)));
  if (!o.check || r.not_set.empty()) return {};
  return core::fail(core::ErrorKind::no,
                    fmt::format("the BAU document has {} part{} not set: {}", r.not_set.size(), r.not_set.size() == 1 ? "" : "s",
                                fmt::join(r.not_set, ", ")),
                    "fill them in under [bau] in hypercare.toml (man hypercare-report, BAU)");
}

void add_output_flags(CLI::App* sub, ReportOptions& o) {
  sub->add_option("--format", o.format, "md (default), json (every figure) or html (one self-contained file with charts)")
      ->check(CLI::IsMember({"md", "json", "html"}));
  sub->add_option("-o,--output", o.output, "write to FILE atomically instead of stdout");
}

}  // namespace

void add_report(CLI::App& root, Invocation& inv, Action& action) {
  auto* cmd = root.add_subcommand("report", "daily report, hypercare summary against the targets, BAU transition document");
  cmd->footer(k_exit_status_footer);
  auto verb = [&](const char* name, const char* help, auto run) {
    auto o = std::make_shared<ReportOptions>();
    auto* sub = cmd->add_subcommand(name, help);
    sub->footer(k_exit_status_footer);
    add_output_flags(sub, *o);
    sub->add_option("--as-of", o->as_of,
                    "the record as it stood at TIME ('2026-11-24 09:00' in the team zone, or RFC 3339); later events are "
                    "left out (default: the end of the period, or now while it runs)");
    sub->callback([&inv, &action, run, o] { action = [&inv, run, o] { return run(inv, *o); }; });
    return std::pair{sub, o};
  };
  {
    auto [sub, o] = verb("daily", "one day: incidents opened/resolved/open with MTTA and time to resolve, escalations, "
                                  "SLA breaches, uptime and failed checks, hotfixes, handovers", run_daily);
    sub->add_option("--date", o->date, "the day, YYYY-MM-DD in the team zone (default today)");
  }
  {
    auto [sub, o] = verb("summary", "the period against [targets] (met / missed / no data), incidents by priority, top "
                                    "issues, uptime per day, latency, hotfixes, lessons learned; --check gates on it",
                         run_summary);
    sub->add_option("--from", o->from, "first day (default: the hypercare window, else the last 7 days)");
    sub->add_option("--to", o->to, "last day, included");
    sub->add_flag("--check", o->check, "exit 1 when any target is missed or has too little data (the gate for leaving hypercare)");
    sub->add_flag("--allow-partial", o->allow_partial,
                  "with --check: a target measured over too little of the period ([targets] min_coverage) is not judged");
  }
  {
    auto [sub, o] = verb("bau", "the BAU transition document: support tiers, escalation path, alert routing, known issues, "
                                "documentation, maintenance and backups, the handover checklist (computed where it can be) "
                                "and sign-off", run_bau);
    sub->add_flag("--check", o->check, "exit 1 while any part of the document is not set in [bau]");
  }
}

}  // namespace hypercare::cli
