// `hypercare rota ...`: flags → Options → run_rota_<verb>().
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "format_rule.hpp"
#include "hypercare/identity/identity.hpp"
#include "hypercare/render/table.hpp"
#include "hypercare/rota/analysis.hpp"
#include "hypercare/rota/export.hpp"
#include "hypercare/rota/on_call.hpp"
#include "hypercare/rota/service.hpp"
#include "hypercare/store/fs.hpp"
#include "rota_view.hpp"

namespace hypercare::cli {

namespace {

constexpr int k_days_unset = std::numeric_limits<int>::min();

struct RotaRangeOptions {
  std::string from, to, member, format, output;  // export: --format ical (default), json or csv
  int days = k_days_unset;
};

struct RotaNowOptions {
  std::string at, priority = "P1";
};

struct RotaChangeOptions {
  std::string who, from, to, for_, replacing, message, id, a, b;
  bool all = false;
  bool force = false;  // record an override or swap that leaves a gap or a short rest
};

core::Result<rota::Day> day_arg(const rota::Schedule& s, const std::string& text, const char* flag, core::TimePoint now) {
  if (text.empty()) return s.local_day(now);
  auto d = core::parse_date(text);
  if (!d) return core::fail(core::ErrorKind::usage, fmt::format("{}: {}", flag, d.error().message));
  return *d;
}

core::Result<int> days_arg(int days, int fallback) {
  if (days == k_days_unset) return fallback;
  if (days < 1 || days > 3660) return core::fail(core::ErrorKind::usage, "--days must be between 1 and 3660");
  return days;
}

core::Result<std::string> member_arg(const rota::Schedule& s, const std::string& who, Invocation& inv) {
  if (who.empty()) return std::string();
  auto id = HC_TRY(identity::check_person(who == "me" ? inv.actor() : who, &s.config(), false, "--member"));
  return id;
}

std::vector<rota::Shift> only(std::vector<rota::Shift> shifts, const std::string& member) {
  if (!member.empty()) std::erase_if(shifts, [&](const rota::Shift& s) { return s.member != member; });
  return shifts;
}

core::Status run_show(Invocation& inv, const RotaRangeOptions& o) {
  const auto* s = HC_TRY(inv.require_schedule());
  auto from = HC_TRY(day_arg(*s, o.from, "--from", inv.now()));
  int days = HC_TRY(days_arg(o.days, 7));
  auto member = HC_TRY(member_arg(*s, o.member, inv));
  auto shifts = s->shifts(from, days);
  if (inv.json()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& sh : only(shifts, member)) out.push_back(rota::shift_json(sh, s->config()));
    inv.print_json(out);
    return {};
  }
  inv.out() << rota_table(*s, shifts, from, days, inv.now(), member, inv.style());
  return {};
}

core::Status run_now(Invocation& inv, const RotaNowOptions& o) {
  const auto* s = HC_TRY(inv.require_schedule());
  auto priority = HC_TRY(config::parse_priority(o.priority));
  // Shown in --tz when given (an unknown zone is a usage error), else in the rota's own zone.
  core::Zone shown = inv.globals().tz.empty() ? s->config().zone : HC_TRY(inv.zone());
  core::TimePoint at = inv.now();
  if (!o.at.empty()) {
    auto t = core::parse_user_time(o.at, shown);
    if (!t) return core::fail(core::ErrorKind::usage, "--at: " + t.error().message);
    at = *t;
  }
  const auto* cfg = HC_TRY(inv.config());
  auto oc = rota::on_call(*s, at, cfg->level(priority).escalate_to_lead);
  if (inv.json()) {
    auto slot = [&](const std::optional<rota::Shift>& sh) -> nlohmann::json {
      if (!sh) return nullptr;
      return {{"name", s->config().slots[sh->slot].name}, {"start", core::format_rfc3339(sh->start)},
              {"end", core::format_rfc3339(sh->end)}, {"override", sh->is_override()}};
    };
    nlohmann::json next = nullptr;
    if (oc.next) {
      next = slot(oc.next);
      // A record's "member" is the rota id everywhere (as in `rota show`); who that is: "person".
      next["member"] = oc.next->member;
      next["person"] = rota::person_json(s->config().person(oc.next->member));
    }
    inv.print_json({{"at", core::format_rfc3339(at)}, {"priority", config::priority_name(priority)},
                    {"slot", slot(oc.current)}, {"primary", rota::person_json(oc.primary)},
                    {"secondary", rota::person_json(oc.secondary)}, {"tertiary", rota::person_json(oc.tertiary)},
                    {"next", next}});
  } else {
    inv.out() << on_call_text(oc, *s, priority, inv.now(), shown, inv.style());
  }
  if (!oc.primary)
    return core::fail(core::ErrorKind::no, "nobody is on call at that time", "hypercare rota check");
  return {};
}

rota::RotaWriteContext write_ctx(Invocation& inv, const rota::Schedule& s, store::WriteOptions w) {
  return rota::RotaWriteContext{s.config(), std::move(w), inv.now(), inv.ctx().random};
}

// `rota check`'s findings, as `rota check` shows them (and override and swap when they refuse).
nlohmann::json findings_json(const std::vector<rota::Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : findings)
    out.push_back({{"kind", f.kind}, {"message", f.message},
                   {"at", f.at ? nlohmann::json(core::format_rfc3339(*f.at)) : nlohmann::json(nullptr)}});
  return out;
}

void print_findings(Invocation& inv, const std::vector<rota::Finding>& findings) {
  for (const auto& f : findings) inv.out() << fmt::format("{:<18} {}\n", inv.style().red(f.kind), f.message);
}

// An override or swap that would leave a gap or a short rest around [from, to) is refused (exit 1,
// each problem shown as `rota check` shows it) unless --force.
core::Status refuse_problems(Invocation& inv, const rota::Schedule& s, const rota::Changes& after, core::TimePoint from,
                             core::TimePoint to, std::string_view what) {
  auto first = s.local_day(from) - std::chrono::days(1);
  int days = int((s.local_day(to) - first).count()) + 2;
  auto found = rota::introduced(s.config(), s.changes(), after, first, days);
  if (found.empty()) return {};
  if (inv.json()) inv.print_json({{"recorded", false}, {"problems", findings_json(found)}});
  else print_findings(inv, found);
  return core::fail(core::ErrorKind::no,
                    fmt::format("not recorded: the {} would leave the rota with {} new problem{}", what, found.size(),
                                found.size() == 1 ? "" : "s"),
                    "add --force to record it anyway, or choose other times or people");
}

core::Status run_override(Invocation& inv, const RotaChangeOptions& o) {
  const auto* s = HC_TRY(inv.require_schedule());
  rota::OverrideRequest r;
  r.member = HC_TRY(identity::check_person(o.who == "me" ? inv.actor() : o.who, &s->config(), false, "override"));
  if (!o.replacing.empty())
    r.replacing = HC_TRY(identity::check_person(o.replacing, &s->config(), false, "--replacing"));
  r.message = HC_TRY(message_arg(inv, o.message));
  auto parse = [&](const std::string& text, const char* flag) -> core::Result<core::TimePoint> {
    auto t = core::parse_user_time(text, s->config().zone);
    if (!t) return core::fail(core::ErrorKind::usage, fmt::format("{}: {}", flag, t.error().message));
    return *t;
  };
  if (o.to.empty() && o.for_.empty())
    return core::fail(core::ErrorKind::usage, "say when the override ends: --to TIME or --for DURATION",
                      fmt::format("hypercare rota override {} --from {} --for 8h", o.who, o.from));
  r.from = o.from == "now" ? inv.now() : HC_TRY(parse(o.from, "--from"));
  if (!o.for_.empty()) {
    auto d = core::parse_duration(o.for_);
    if (!d || d->count() <= 0) return core::fail(core::ErrorKind::usage, fmt::format("--for: '{}' is not a duration such as 8h or 90m", o.for_));
    r.to = r.from + *d;
  } else {
    r.to = HC_TRY(parse(o.to, "--to"));
  }
  if (!o.force) {
    HC_CHECK(rota::check_override(s->config(), inv.now(), r));  // its own errors first
    rota::Changes after = s->changes();
    rota::Override preview{"(this override)", r.member, r.from, r.to, r.replacing, r.message, inv.actor(), inv.now(),
                           after.overrides.size() + 1, false};
    for (const auto& ov : after.overrides) preview.order = std::max(preview.order, ov.order + 1);
    after.overrides.push_back(preview);
    HC_CHECK(refuse_problems(inv, *s, after, r.from, r.to, "override"));
  }
  auto ov = HC_TRY(rota::add_override(write_ctx(inv, *s, HC_TRY(inv.write_options())), r));
  if (inv.json()) {
    inv.print_json({{"id", ov.id}, {"member", ov.member}, {"from", core::format_rfc3339(ov.from)},
                    {"to", core::format_rfc3339(ov.to)}, {"replacing", ov.replacing.empty() ? nlohmann::json(nullptr) : nlohmann::json(ov.replacing)}});
    return {};
  }
  auto z = s->config().zone;
  inv.out() << fmt::format("{} Override {}: {} is on call from {} to {}{}\n", inv.style().green("✓"), ov.id, ov.member,
                           core::format_local(ov.from, z), core::format_local(ov.to, z),
                           ov.replacing.empty() ? "" : " instead of " + ov.replacing);
  return {};
}

core::Status run_overrides(Invocation& inv, const RotaChangeOptions& o) {
  const auto* s = HC_TRY(inv.require_schedule());
  const auto& rc = s->config();
  auto now = inv.now();
  auto z = rc.zone;
  struct Row {
    std::string id, kind, what, when, state, by, note;
    core::TimePoint order;
    nlohmann::json json;
  };
  std::vector<Row> rows;
  for (const auto& ov : s->changes().overrides) {
    std::string state = ov.cancelled ? "cancelled" : ov.to <= now ? "past" : ov.from <= now ? "active" : "upcoming";
    if (!o.all && (state == "cancelled" || state == "past")) continue;
    rows.push_back({ov.id, "override", ov.member + (ov.replacing.empty() ? "" : " instead of " + ov.replacing),
                    core::format_local(ov.from, z, "%F %H:%M") + " → " + core::format_local(ov.to, z, "%F %H:%M"), state,
                    ov.actor, render::one_line(ov.message), ov.from,
                    {{"id", ov.id}, {"kind", "override"}, {"member", ov.member}, {"from", core::format_rfc3339(ov.from)},
                     {"to", core::format_rfc3339(ov.to)},
                     {"replacing", ov.replacing.empty() ? nlohmann::json(nullptr) : nlohmann::json(ov.replacing)},
                     {"message", ov.message}, {"by", ov.actor}, {"state", state}}});
  }
  for (const auto& sw : s->changes().swaps) {
    auto sa = rc.slot_index(sw.slot_a), sb = rc.slot_index(sw.slot_b);
    core::TimePoint first = core::TimePoint::max(), last = core::TimePoint::min();
    if (sa && sb) {
      auto x = s->base(sw.day_a, *sa), y = s->base(sw.day_b, *sb);
      first = std::min(x.start, y.start);
      last = std::max(x.end, y.end);
    }
    std::string state = sw.cancelled ? "cancelled" : last <= now ? "past" : first <= now ? "active" : "upcoming";
    if (!o.all && (state == "cancelled" || state == "past")) continue;
    std::string a = fmt::format("{}/{}", core::format_date(sw.day_a), sw.slot_a);
    std::string b = fmt::format("{}/{}", core::format_date(sw.day_b), sw.slot_b);
    rows.push_back({sw.id, "swap", a + " ⇄ " + b, sa && sb ? core::format_local(first, z, "%F %H:%M") : "?", state, sw.actor,
                    render::one_line(sw.message), first,
                    {{"id", sw.id}, {"kind", "swap"}, {"a", a}, {"b", b}, {"message", sw.message}, {"by", sw.actor},
                     {"state", state}}});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) { return x.order < y.order; });
  if (inv.json()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : rows) out.push_back(r.json);
    inv.print_json(out);
    return {};
  }
  if (rows.empty()) {
    inv.out() << (o.all ? "No overrides or swaps.\n"
                        : "No current or upcoming overrides or swaps (--all shows past and cancelled ones).\n");
    return {};
  }
  render::Table t({"ID", "KIND", "WHO / SHIFTS", "WHEN", "STATE", "BY", "NOTE"});
  for (const auto& r : rows) t.add({r.id, r.kind, r.what, r.when, r.state, r.by, r.note});
  inv.out() << t.str();
  return {};
}

core::Status run_cancel(Invocation& inv, const RotaChangeOptions& o) {
  const auto* s = HC_TRY(inv.require_schedule());
  auto msg = HC_TRY(message_arg(inv, o.message));
  auto id = HC_TRY(rota::cancel(write_ctx(inv, *s, HC_TRY(inv.write_options())), o.id, msg));
  if (inv.json()) inv.print_json({{"cancelled", id}});
  else inv.out() << fmt::format("{} {} cancelled\n", inv.style().green("✓"), id);
  return {};
}

core::Status run_swap(Invocation& inv, const RotaChangeOptions& o) {
  const auto* s = HC_TRY(inv.require_schedule());
  auto msg = HC_TRY(message_arg(inv, o.message));
  if (!o.force) {
    auto ra = HC_TRY(rota::parse_shift_ref(o.a));
    auto rb = HC_TRY(rota::parse_shift_ref(o.b));
    auto sa = s->config().slot_index(ra.second), sb = s->config().slot_index(rb.second);
    if (sa && sb) {  // an unknown slot is for add_swap to name
      rota::Changes after = s->changes();
      after.swaps.push_back({"(this swap)", ra.first, rb.first, ra.second, rb.second, msg, inv.actor(), inv.now(), false});
      auto x = s->base(ra.first, *sa), y = s->base(rb.first, *sb);
      HC_CHECK(refuse_problems(inv, *s, after, std::min(x.start, y.start), std::max(x.end, y.end), "swap"));
    }
  }
  auto sw = HC_TRY(rota::add_swap(write_ctx(inv, *s, HC_TRY(inv.write_options())), o.a, o.b, msg));
  if (inv.json()) inv.print_json({{"id", sw.id}, {"a", o.a}, {"b", o.b}});
  else inv.out() << fmt::format("{} Swap {}: {} ⇄ {}\n", inv.style().green("✓"), sw.id, o.a, o.b);
  return {};
}

core::Status run_check(Invocation& inv, const RotaRangeOptions& o) {
  const auto* s = HC_TRY(inv.require_schedule());
  auto from = HC_TRY(day_arg(*s, o.from, "--from", inv.now()));
  int days = HC_TRY(days_arg(o.days, 14));
  auto findings = rota::check(*s, from, days);
  if (inv.json()) {
    inv.print_json({{"from", core::format_date(from)}, {"days", days}, {"problems", findings_json(findings)}});
  } else {
    print_findings(inv, findings);
    if (findings.empty())
      inv.out() << fmt::format("{} rota checked for {} days from {}: no gaps, overlaps, short rests, dangling changes or uneven spread\n",
                               inv.style().green("✓"), days, core::format_date(from));
  }
  if (!findings.empty()) return core::fail(core::ErrorKind::no, fmt::format("{} rota problem(s)", findings.size()));
  return {};
}

core::Status run_export(Invocation& inv, const RotaRangeOptions& o) {
  const auto* s = HC_TRY(inv.require_schedule());
  auto from = HC_TRY(day_arg(*s, o.from, "--from", inv.now()));
  int days = HC_TRY(days_arg(o.days, 28));
  auto member = HC_TRY(member_arg(*s, o.member, inv));
  auto shifts = only(s->shifts(from, days), member);
  const auto* cfg = HC_TRY(inv.config());
  bool to_file = !o.output.empty() && o.output != "-";
  auto format = HC_TRY(document_format(inv, o.format, "ical", to_file));
  std::string text;
  if (format == "ical") {
    std::string name = (cfg->team_name.empty() ? std::string("hypercare") : cfg->team_name) + " on call";
    if (!member.empty()) name += " — " + member;
    text = rota::to_ical(shifts, {s->config(), name, inv.now(), rota::uid_domain_for(cfg->team_name)});
  } else if (format == "csv") {
    text = rota::to_csv(shifts, s->config());
  } else {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& sh : shifts) out.push_back(rota::shift_json(sh, s->config()));
    text = out.dump(2) + "\n";
  }
  if (o.output.empty() || o.output == "-") {
    inv.out() << text;
    return {};
  }
  std::filesystem::path path = o.output;
  if (path.is_relative()) path = inv.ctx().cwd / path;
  auto written = store::atomic_replace(path, text);
  if (!written) return core::fail(core::ErrorKind::cant_create, fmt::format("-o {}: {}", o.output, written.error().message));
  if (inv.json()) inv.print_json({{"file", path.string()}, {"shifts", shifts.size()}, {"format", format}});
  else inv.out() << fmt::format("{} wrote {} shifts to {}\n", inv.style().green("✓"), shifts.size(), path.string());
  return {};
}

core::Status run_stats(Invocation& inv, const RotaRangeOptions& o) {
  const auto* s = HC_TRY(inv.require_schedule());
  const auto* cfg = HC_TRY(inv.config());
  rota::Day from = s->local_day(inv.now());
  int days = 28;
  if (cfg->start) {
    from = *cfg->start;
    days = cfg->days;
  }
  if (!o.from.empty()) from = HC_TRY(day_arg(*s, o.from, "--from", inv.now()));
  if (!o.to.empty()) {
    auto to = HC_TRY(day_arg(*s, o.to, "--to", inv.now()));
    if (to < from) return core::fail(core::ErrorKind::usage, "--to must not be before --from");
    days = int((to - from).count()) + 1;
  }
  auto st = rota::stats(*s, s->shifts(from, days));
  if (inv.json()) {
    nlohmann::json people = nlohmann::json::array();
    for (const auto& p : st.people)
      people.push_back({{"member", p.id}, {"hours", p.hours}, {"shifts", p.shifts}, {"nights", p.nights}, {"weekends", p.weekends}});
    inv.print_json({{"from", core::format_date(from)}, {"to", core::format_date(from + std::chrono::days(days - 1))},
                    {"people", people},
                    {"spread", {{"hours", st.hours_spread}, {"shifts", st.shift_spread}, {"nights", st.night_spread},
                                {"weekends", st.weekend_spread}}}});
    return {};
  }
  inv.out() << fmt::format("{} to {} ({} days)\n", core::format_date(from), core::format_date(from + std::chrono::days(days - 1)), days);
  render::Table t({"MEMBER", "HOURS", "SHIFTS", "NIGHTS", "WEEKENDS"});
  for (const auto& p : st.people)
    t.add({p.id, fmt::format("{:.1f}", p.hours), std::to_string(p.shifts), std::to_string(p.nights), std::to_string(p.weekends)});
  t.add({"spread", fmt::format("{:.1f}", st.hours_spread), std::to_string(st.shift_spread), std::to_string(st.night_spread),
         std::to_string(st.weekend_spread)});
  inv.out() << t.str();
  return {};
}

}  // namespace

void add_rota(CLI::App& root, Invocation& inv, Action& action) {
  auto* cmd = root.add_subcommand("rota", "the 24/7 shift rota: who is on call, overrides, swaps, checks, calendar export");
  cmd->footer(k_exit_status_footer);
  auto verb = [&](const char* name, const char* help) {
    auto* sub = cmd->add_subcommand(name, help);
    sub->footer(k_exit_status_footer);
    return sub;
  };
  auto bind = [&](CLI::App* sub, auto run, auto options) {
    sub->callback([&inv, &action, run, options] { action = [&inv, run, options] { return run(inv, *options); }; });
  };
  {
    auto o = std::make_shared<RotaRangeOptions>();
    auto* sub = verb("show", "the rota as a table of days × slots; today, overrides (*) and swaps (~) marked");
    sub->add_option("--from", o->from, "first day (default: today in the rota zone)");
    sub->add_option("--days", o->days, "how many days (default 7)");
    sub->add_option("--member", o->member, "only this member's shifts ('me' for yourself)");
    bind(sub, run_show, o);
  }
  {
    auto o = std::make_shared<RotaNowOptions>();
    auto* sub = verb("now", "who is on call now, the next shift, and the escalation chain; exit 1 in a gap");
    sub->add_option("--at", o->at, "another time (2026-11-27 22:00 in the rota zone, or RFC 3339)");
    sub->add_option("-p,--priority", o->priority, "the chain for this priority (default P1: the lead is tertiary)");
    bind(sub, run_now, o);
  }
  {
    auto o = std::make_shared<RotaChangeOptions>();
    auto* sub = verb("override", "put someone on call for a stretch of time (the newest override wins)");
    sub->add_option("who", o->who, "the member (or lead) who takes over ('me' for yourself)")->required();
    sub->add_option("--from", o->from, "start: now, '2026-11-28 14:00' in the rota zone, or RFC 3339")->required();
    auto* to = sub->add_option("--to", o->to, "end (or --for)");
    sub->add_option("--for", o->for_, "how long, e.g. 8h (instead of --to)")->excludes(to);
    sub->add_flag("--force", o->force, "record it even if it leaves a gap or a rest shorter than min_rest");
    sub->add_option("--replacing", o->replacing, "only where this member would be on call");
    sub->add_option("-m,--message", o->message, "why ('-' reads stdin)");
    bind(sub, run_override, o);
  }
  {
    auto o = std::make_shared<RotaChangeOptions>();
    auto* sub = verb("overrides", "list current and upcoming overrides and swaps");
    sub->add_flag("-a,--all", o->all, "also past and cancelled ones");
    bind(sub, run_overrides, o);
  }
  {
    auto o = std::make_shared<RotaChangeOptions>();
    auto* sub = verb("cancel", "cancel an override or a swap");
    sub->add_option("id", o->id, "OV-… or SW-… id, or an unambiguous tail")->required();
    sub->add_option("-m,--message", o->message, "why");
    bind(sub, run_cancel, o);
  }
  {
    auto o = std::make_shared<RotaChangeOptions>();
    auto* sub = verb("swap", "swap the members of two shifts, e.g. 2026-11-28/A 2026-11-28/C");
    sub->add_option("a", o->a, "DATE/SLOT")->required();
    sub->add_option("b", o->b, "DATE/SLOT")->required();
    sub->add_option("-m,--message", o->message, "why");
    sub->add_flag("--force", o->force, "record it even if it leaves someone a rest shorter than min_rest");
    bind(sub, run_swap, o);
  }
  {
    auto o = std::make_shared<RotaRangeOptions>();
    auto* sub = verb("check", "find gaps, overlaps, short rests, dangling changes and unfair spread; exit 1 if any");
    sub->add_option("--from", o->from, "first day (default today)");
    sub->add_option("--days", o->days, "how many days (default 14)");
    bind(sub, run_check, o);
  }
  {
    auto o = std::make_shared<RotaRangeOptions>();
    auto* sub = verb("export", "export shifts as iCalendar (default), JSON or CSV");
    sub->add_option("--format", o->format, "ical | json | csv")->check(CLI::IsMember({"ical", "json", "csv"}));
    sub->add_option("--member", o->member, "only this member's shifts ('me' for yourself)");
    sub->add_option("--from", o->from, "first day (default today)");
    sub->add_option("--days", o->days, "how many days (default 28)");
    sub->add_option("-o,--output", o->output, "write to FILE atomically instead of stdout");
    bind(sub, run_export, o);
  }
  {
    auto o = std::make_shared<RotaRangeOptions>();
    auto* sub = verb("stats", "hours, shifts, night and weekend shifts per person, and the spread");
    sub->add_option("--from", o->from, "first day (default: the hypercare window, else today)");
    sub->add_option("--to", o->to, "last day, included");
    bind(sub, run_stats, o);
  }
}

}  // namespace hypercare::cli
