// `hypercare handover ...`: the shift handover document, written from the ops dir, and its
// sign-off by the incoming engineer.
#include <algorithm>
#include <cctype>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "format_rule.hpp"
#include "handover_edit.hpp"
#include "handover_view.hpp"
#include "hypercare/core/suggest.hpp"
#include "hypercare/core/text.hpp"
#include "hypercare/handover/builder.hpp"
#include "hypercare/handover/carry.hpp"
#include "hypercare/handover/json.hpp"
#include "hypercare/handover/markdown.hpp"
#include "hypercare/handover/scheduled.hpp"
#include "hypercare/handover/service.hpp"
#include "notify_hook.hpp"

namespace hypercare::cli {

namespace {

using handover::Handover;

struct HandoverNewOptions {
  std::string from, to;
  std::vector<std::string> notes, watch, scheduled, done;
  bool replace = false;
  bool edit = false;
};

struct HandoverAcceptOptions {
  std::string id;
  std::vector<std::string> confirm;
  bool all = false;
};

struct HandoverShowOptions {
  std::string id = "latest";
  std::string format;  // md (default) or json
};

struct HandoverListOptions {
  bool pending = false;
  int limit = 0;
};

handover::Repository repository(Invocation& inv, const std::filesystem::path& ops) {
  return handover::Repository(ops, [&inv](const std::string& m) { inv.warn(m); });
}

core::Result<handover::WriteContext> write_context(Invocation& inv) {
  const auto* cfg = HC_TRY(inv.config());
  return handover::WriteContext{HC_TRY(inv.write_options()), inv.now(), inv.ctx().random, cfg->zone};
}

notify::Event notification(Invocation& inv, std::string_view type, const Handover& h) {
  const auto* cfg = *inv.config();  // the write that precedes this loaded it
  return notify::handover_event(type, h, inv.now(), inv.actor(), cfg->team_name);
}

// --note TEXT (or "-": stdin), --watch TEXT, --scheduled "TIME ACTIVITY": what the people add.
core::Result<handover::NewHandover> people_text(Invocation& inv, const HandoverNewOptions& o, core::Zone zone) {
  handover::NewHandover spec;
  bool stdin_used = false;
  for (const auto& n : o.notes) {
    if (n == "-" && stdin_used) return core::fail(core::ErrorKind::usage, "--note -: standard input can be read only once");
    stdin_used = stdin_used || n == "-";
    auto text = HC_TRY(message_arg(inv, n));
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
      return core::fail(core::ErrorKind::usage, n == "-" ? "--note -: standard input was empty" : "--note: the note is empty");
    spec.notes.push_back(std::move(text));
  }
  for (const auto& w : o.watch) {
    if (w.find_first_not_of(" \t\r\n") == std::string::npos) return core::fail(core::ErrorKind::usage, "--watch: the text is empty");
    spec.watch.push_back(w);
  }
  for (const auto& s : o.scheduled) spec.scheduled.push_back(HC_TRY(handover::parse_scheduled(s, zone, inv.now())));
  return spec;
}

// Replaces the flags' text with what the person wrote in the editor.
core::Status apply_edit(Invocation& inv, handover::NewHandover& spec, const EditedDraft& d, core::Zone zone) {
  spec.notes = d.edited.notes;
  spec.watch = d.edited.watch;
  spec.sections = d.edited.sections;
  spec.scheduled.clear();
  for (const auto& line : d.edited.scheduled) {
    auto s = handover::parse_scheduled(line, zone, inv.now());
    if (!s)
      return core::fail(core::ErrorKind::usage,
                        fmt::format("Scheduled Activities: {}", s.error().message.substr(s.error().message.find(' ') + 1)),
                        fmt::format("your text is kept in {}; fix the line and run `hypercare handover new --edit` again",
                                    d.file.string()));
    spec.scheduled.push_back(*s);
  }
  return {};
}

core::Status run_new(Invocation& inv, const HandoverNewOptions& o) {
  if (o.edit) HC_CHECK(require_terminal(inv));
  const auto* cfg = HC_TRY(inv.config());
  auto ops = HC_TRY(inv.ops_dir());
  const auto* schedule = HC_TRY(inv.schedule());
  handover::Sources src{ops, *cfg, schedule, inv.now(), [&inv](const std::string& m) { inv.warn(m); }, inv.use_cache()};
  auto repo = repository(inv, ops);
  auto previous = HC_TRY(repo.list());
  auto spec = HC_TRY(people_text(inv, o, cfg->zone));
  std::string from = o.from.empty() ? std::string() : HC_TRY(inv.person(o.from, "--from"));
  std::string to = o.to.empty() ? std::string() : HC_TRY(inv.person(o.to, "--to"));
  spec.plan = HC_TRY(handover::plan(src, from, to, HC_TRY(inv.checked_actor()), previous));
  // One pending handover per shift change: a second one replaces the draft only when asked to.
  const Handover* pending = handover::pending_for(previous, spec.plan);
  if (pending && !o.replace)
    return core::fail(core::ErrorKind::data,
                      fmt::format("{} ({} → {}, written {}) is waiting for sign-off for this shift change", pending->id,
                                  pending->from, pending->to, core::format_local(pending->created_at, cfg->zone, "%F %H:%M %Z")),
                      fmt::format("hypercare handover new --replace supersedes it; hypercare handover show {} shows it", pending->id));
  if (o.replace && !pending)
    return core::fail(core::ErrorKind::usage, "--replace: no handover for this shift change is waiting for sign-off",
                      "hypercare handover list --pending");
  if (pending) spec.replaces = pending->id;
  // What the last handover (not the draft being replaced) still has ahead or to watch carries forward.
  const Handover* last = nullptr;
  for (auto it = previous.rbegin(); it != previous.rend() && !last; ++it)
    if (it->created_at <= inv.now() && it->superseded_by.empty() && (!pending || it->id != pending->id)) last = &*it;
  auto carried = HC_TRY(handover::carry_over(last, inv.now(), o.done));
  spec.watch = handover::merge_watch(carried.watch, spec.watch);
  spec.scheduled = handover::merge_scheduled(carried.scheduled, spec.scheduled);
  spec.snapshot = HC_TRY(handover::build_snapshot(src, spec.plan));

  std::optional<EditedDraft> edited;
  if (o.edit) {
    Handover draft;
    draft.from = spec.plan.from;
    draft.to = spec.plan.to;
    draft.created_at = inv.now();
    draft.notes = spec.notes;
    draft.watch = spec.watch;
    draft.scheduled = spec.scheduled;
    draft.snapshot = spec.snapshot;
    edited = HC_TRY(edit_draft(inv, handover::draft_preamble() + handover::render_markdown(draft, cfg->zone)));
    HC_CHECK(apply_edit(inv, spec, *edited, cfg->zone));
  }
  auto h = HC_TRY(handover::create(HC_TRY(write_context(inv)), repo, spec));
  if (edited) {
    std::error_code ec;
    std::filesystem::remove(edited->file, ec);
  }
  send_notifications(inv, {notification(inv, "handover.created", h)});
  if (inv.json()) {
    inv.print_json(handover::to_json(h));
    return {};
  }
  if (inv.globals().quiet) {
    inv.out() << h.id << '\n';
    return {};
  }
  inv.out() << created_summary(h, HC_TRY(inv.zone()), inv.style());
  return {};
}

// A name as the shell reads it back in a hint ("Dev One" → 'Dev One').
std::string shell_word(const std::string& s) {
  bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '@';
  });
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// How to accept handover `id` addressed to `to` as `actor`: on their behalf when the actor is on the
// rota; else the actor is no member id at all (git's user.name of someone the rota does not know,
// or $USER), and the hint names the member it is addressed to.
std::string accept_hint(std::string_view id, std::string_view to, const std::string& actor, bool actor_on_rota) {
  if (actor_on_rota)
    return fmt::format("hypercare handover accept {} --as {} accepts it on {}'s behalf (recorded as such)", id,
                       shell_word(actor), to);
  return fmt::format("you are not on the rota as '{}': if you are {}, HYPERCARE_USER={} hypercare handover accept {} "
                     "(hypercare whoami says how you are found)",
                     actor, to, shell_word(std::string(to)), id);
}

// The handover an `accept` without an id means: the newest one addressed to the actor.
core::Result<std::string> default_for(const std::vector<Handover>& all, const std::string& actor, bool actor_on_rota) {
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (core::iequals(it->to, actor)) return it->id;
  std::string hint = "hypercare handover list";
  if (!all.empty())
    hint = fmt::format("the newest is {} for {}: {}", all.back().id, all.back().to,
                       accept_hint(all.back().id, all.back().to, actor, actor_on_rota));
  return core::fail(core::ErrorKind::missing, fmt::format("no handover is addressed to {}", actor), hint);
}

core::Status run_accept(Invocation& inv, const HandoverAcceptOptions& o) {
  std::vector<std::string> confirm;
  if (o.all)
    for (const auto& item : handover::k_checklist) confirm.emplace_back(item.name);
  for (const auto& raw : o.confirm) {
    std::string c = raw;
    while (!c.empty() && c.back() == ' ') c.pop_back();
    while (!c.empty() && c.front() == ' ') c.erase(c.begin());
    auto name = handover::checklist_name(c);
    if (!name) {
      std::vector<std::string> names;
      for (const auto& item : handover::k_checklist) names.emplace_back(item.name);
      auto close = core::did_you_mean(core::closest(c, names));
      return core::fail(core::ErrorKind::usage,
                        fmt::format("--confirm: unknown checklist item '{}'{}; the items are {}", c,
                                    close.empty() ? "" : " (" + close + ")", fmt::join(names, ", ")),
                        "hypercare handover accept --all confirms every item");
    }
    confirm.emplace_back(*name);
  }
  auto ops = HC_TRY(inv.ops_dir());
  HC_TRY(inv.config());
  auto repo = repository(inv, ops);
  // Handovers are addressed by rota id; the actor is one whenever the rota knows them (hypercare whoami).
  std::string actor = HC_TRY(inv.checked_actor());
  const auto* rota = inv.rota_config();
  bool on_rota = rota && rota->person(actor);
  auto all = HC_TRY(repo.list());  // superseded_by is known only from the handovers after it
  std::string id = o.id.empty() ? HC_TRY(default_for(all, actor, on_rota)) : HC_TRY(repo.resolve(o.id));
  auto loaded = HC_TRY(repo.load(id));
  for (const auto& h : all)
    if (h.id == id && !h.superseded_by.empty())
      return core::fail(core::ErrorKind::data, fmt::format("{} was superseded by {}", id, h.superseded_by),
                        fmt::format("hypercare handover accept {}", h.superseded_by));
  bool as_other = !core::iequals(loaded.handover.to, actor);
  if (as_other && inv.globals().as.empty())
    return core::fail(core::ErrorKind::usage,
                      fmt::format("{} is addressed to {}, not to {}", id, loaded.handover.to, actor),
                      accept_hint(id, loaded.handover.to, actor, on_rota));
  auto result = HC_TRY(handover::accept(HC_TRY(write_context(inv)), repo, {id, actor, as_other, confirm}));
  if (result.changed) send_notifications(inv, {notification(inv, "handover.accepted", result.handover)});
  if (inv.json()) {
    auto j = handover::to_json(result.handover);
    j["changed"] = result.changed;
    inv.print_json(j);
    return {};
  }
  inv.out() << accepted_summary(result.handover, result.changed, result.newly_confirmed, HC_TRY(inv.zone()), inv.style());
  return {};
}

core::Status run_show(Invocation& inv, const HandoverShowOptions& o) {
  if (!o.format.empty() && o.format != "md" && o.format != "json")
    return core::fail(core::ErrorKind::usage, fmt::format("--format: '{}' is not md or json", o.format));
  auto format = HC_TRY(document_format(inv, o.format, "md", false));
  auto ops = HC_TRY(inv.ops_dir());
  HC_TRY(inv.config());
  auto repo = repository(inv, ops);
  auto loaded = HC_TRY(repo.load(HC_TRY(repo.resolve(o.id))));
  if (format == "json") {
    inv.print_json(handover::to_json(loaded.handover));
    return {};
  }
  inv.out() << handover::render_markdown(loaded.handover, HC_TRY(inv.zone()));
  return {};
}

core::Status run_list(Invocation& inv, const HandoverListOptions& o) {
  if (o.limit < 0) return core::fail(core::ErrorKind::usage, "--limit must be zero or more");
  auto ops = HC_TRY(inv.ops_dir());
  HC_TRY(inv.config());
  auto all = HC_TRY(repository(inv, ops).list());
  std::vector<const Handover*> shown;  // newest first
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (o.pending && ((it->accepted() && it->unconfirmed().empty()) || !it->superseded_by.empty())) continue;
    if (o.limit && shown.size() >= std::size_t(o.limit)) break;
    shown.push_back(&*it);
  }
  if (inv.json()) {
    auto arr = nlohmann::json::array();
    for (const auto* h : shown) arr.push_back(handover::summary_json(*h));
    inv.print_json(arr);
    return {};
  }
  if (shown.empty()) {
    if (inv.ctx().stdout_is_tty)
      inv.out() << (all.empty() ? "No handovers yet (hypercare handover new).\n" : "No handover is waiting for sign-off.\n");
    return {};
  }
  inv.out() << handover_table(shown, HC_TRY(inv.zone()), inv.now(), inv.style());
  return {};
}

}  // namespace

void add_handover(CLI::App& root, Invocation& inv, Action& action) {
  auto* cmd = root.add_subcommand("handover", "shift handover documents written from the ops dir, and their sign-off");
  cmd->footer(k_exit_status_footer);

  auto n = std::make_shared<HandoverNewOptions>();
  auto* sub = verb(*cmd, "new",
                   "write the handover for the shift change nearest to now: system status, open incidents, pending "
                   "items and what changed, from the data; watch items, scheduled activities and notes from you");
  sub->add_option("--to", n->to, "who takes over (default: the engineer whose shift starts next on the rota; required without a rota)");
  sub->add_option("--from", n->from, "who hands over (default: the engineer whose shift is ending, else you)");
  sub->add_option("--note", n->notes, "a note for the next shift (repeatable; '-' reads standard input)")->allow_extra_args(false);
  sub->add_option("--watch", n->watch, "an issue to monitor (repeatable)")->allow_extra_args(false);
  sub->add_option("--scheduled", n->scheduled,
                  "\"TIME ACTIVITY\", TIME as HH:MM (the next one), 'YYYY-MM-DD HH:MM' (team zone) or RFC 3339 (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--done", n->done, "an item to watch from the last handover that needs watching no more (repeatable)")
      ->allow_extra_args(false);
  sub->add_flag("--replace", n->replace, "supersede the handover for this shift change that waits for sign-off");
  sub->add_flag("--edit", n->edit, "open the draft in $VISUAL/$EDITOR (a terminal only) and keep what you write in it");
  sub->callback([&inv, &action, n] { action = [&inv, n] { return run_new(inv, *n); }; });

  auto a = std::make_shared<HandoverAcceptOptions>();
  sub = verb(*cmd, "accept",
             "sign off a handover as the incoming engineer (default: the newest one addressed to you); another "
             "person's needs the global --as and is recorded as accepted on their behalf");
  sub->add_option("id", a->id, "the handover (any unambiguous tail of its id)");
  auto* confirm = sub->add_option("--confirm", a->confirm, "checklist items confirmed: dashboards, tickets, contacts, access")
                      ->delimiter(',')
                      ->allow_extra_args(false);
  sub->add_flag("--all", a->all, "confirm every checklist item")->excludes(confirm);
  sub->callback([&inv, &action, a] { action = [&inv, a] { return run_accept(inv, *a); }; });

  auto s = std::make_shared<HandoverShowOptions>();
  sub = verb(*cmd, "show", "print a handover document (default: the latest) as Markdown or JSON");
  sub->add_option("id", s->id, "the handover id (any unambiguous tail) or 'latest'");
  sub->add_option("--format", s->format, "md (default) or json");
  sub->callback([&inv, &action, s] { action = [&inv, s] { return run_show(inv, *s); }; });

  auto l = std::make_shared<HandoverListOptions>();
  sub = verb(*cmd, "list", "handovers, newest first: from, to, when, accepted or pending, unconfirmed items");
  sub->add_flag("--pending", l->pending, "only those not accepted or with unconfirmed items");
  sub->add_option("--limit", l->limit, "at most N");
  sub->callback([&inv, &action, l] { action = [&inv, l] { return run_list(inv, *l); }; });
}

}  // namespace hypercare::cli
