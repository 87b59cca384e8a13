#include "hypercare/incident/fold.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "hypercare/store/causal.hpp"
#include "hypercare/store/flat_record.hpp"

namespace hypercare::incident {

namespace {

core::Error bad(const std::filesystem::path& path, std::size_t line, std::string_view what) {
  return core::Error{core::ErrorKind::data, fmt::format("{}:{}: {}", path.string(), line, what),
                     "hypercare doctor"};
}

template <class Event>
std::optional<core::TimePoint> time_field(const Event& e, std::string_view key) {
  auto v = e.str(key);
  if (v.empty()) return std::nullopt;
  auto t = core::parse_rfc3339(v);
  return t ? std::optional(*t) : std::nullopt;
}

// A line read by read_jsonl, with the accessors of store::FlatEvent: the fold reads both alike.
class JsonEvent {
 public:
  explicit JsonEvent(const store::JsonlLine* line) : m_line(line) {}
  std::size_t line_no() const { return m_line->line_no; }
  std::string_view str(std::string_view key) const {
    auto it = m_line->value.find(key);
    return it != m_line->value.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                                        : std::string_view();
  }
  std::optional<std::int64_t> integer(std::string_view key) const {
    auto it = m_line->value.find(key);
    if (it == m_line->value.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<std::int64_t>();
  }
  bool is_true(std::string_view key) const {
    auto it = m_line->value.find(key);
    return it != m_line->value.end() && *it == true;
  }
  template <class F>
  void each_string(std::string_view key, F f) const {
    if (auto it = m_line->value.find(key); it != m_line->value.end() && it->is_array())
      for (const auto& v : *it)
        if (v.is_string()) f(std::string_view(v.get_ref<const std::string&>()));
  }
  template <class F>
  void each_string_member(std::string_view key, F f) const {
    if (auto it = m_line->value.find(key); it != m_line->value.end() && it->is_object())
      for (const auto& [k, v] : it->items())
        if (v.is_string()) f(std::string_view(k), std::string_view(v.template get_ref<const std::string&>()));
  }

 private:
  const store::JsonlLine* m_line;
};

bool is_response(std::string_view type) {
  return type == event::acknowledged || type == event::status || type == event::resolved;
}

}  // namespace

std::string_view state_name(State s) {
  static constexpr std::string_view names[] = {"open", "investigating", "identified", "monitoring",
                                               "resolved"};
  return names[int(s)];
}

std::string_view resolution_kind_name(ResolutionKind k) {
  static constexpr std::string_view names[] = {"fixed", "duplicate", "false_alarm"};
  return names[int(k)];
}

std::optional<ResolutionKind> parse_resolution_kind(std::string_view text) {
  for (int i = 0; i <= int(ResolutionKind::false_alarm); ++i)
    if (resolution_kind_name(ResolutionKind(i)) == text) return ResolutionKind(i);
  return std::nullopt;
}

std::string Incident::resolved_as() const {
  switch (resolution_kind) {
    case ResolutionKind::duplicate: return "duplicate of " + duplicate_of;
    case ResolutionKind::false_alarm: return "false alarm";
    default: return {};
  }
}

std::optional<State> parse_state(std::string_view text) {
  for (int i = 0; i <= int(State::resolved); ++i)
    if (state_name(State(i)) == text) return State(i);
  return std::nullopt;
}

namespace {

// The fold of fold() and fold_flat(): `events` in causal order, read through JsonEvent or FlatEvent.
template <class Event>
core::Result<Incident> fold_events(std::vector<Event> events, bool torn_tail, const std::filesystem::path& path,
                                   FoldOptions options) {
  if (options.before)
    std::erase_if(events, [&](const Event& e) {
      auto ts = core::parse_rfc3339(e.str("ts"));
      return !ts || *ts >= *options.before;
    });
  // The creation comes first even when another clone's clock stamped a later event earlier.
  auto first_created =
      std::find_if(events.begin(), events.end(), [](const Event& e) { return e.str("type") == event::created; });
  if (first_created != events.end()) std::rotate(events.begin(), first_created, first_created + 1);

  // Origins that `doctor --fix` moved to an incident of their own (DESIGN.md §4, same-id records).
  std::map<std::string, std::string, std::less<>> split;
  for (const auto& e : events)
    if (e.str("type") == event::split) split[std::string(e.str("origin"))] = e.str("into");
  // The response — the first acknowledgement, status change or resolution — decides which of the
  // breaches and automatic escalations recorded elsewhere were moot (merge rules).
  std::optional<core::TimePoint> responded;
  std::string responder;
  std::string_view origin = events.empty() ? std::string_view() : events.front().str("id");
  for (const auto& e : events)
    if (is_response(e.str("type")) && (e.str("origin").empty() || e.str("origin") == origin)) {
      responded = core::parse_rfc3339(e.str("ts")).value_or(core::TimePoint{});
      responder = e.str("actor");
      break;
    }
  auto when = [](core::TimePoint t) { return core::format_rfc3339(t); };

  Incident inc;
  inc.torn_tail = torn_tail;
  bool created = false;
  bool monitoring_from_alert = false;  // the last move to monitoring came from the alert's source
  std::string resolved_by;
  std::vector<std::pair<std::size_t, core::TimePoint>> resolution_breaches;  // timeline index, due
  for (const auto& e : events) {
    const std::string_view type = e.str("type");
    const std::string_view actor = e.str("actor");
    auto ts = *core::parse_rfc3339(e.str("ts"));
    // What the timeline shows for the event: a fold without the timeline (the index, doctor)
    // formats none of it.
    const std::string_view said = e.str("message");
    std::string message = options.timeline ? std::string(said) : std::string();
    std::string withdrawn;
    inc.last_event = std::max(inc.last_event, ts);
    if (!created && type != event::created)
      return std::unexpected(bad(path, e.line_no(), "event before the incident's `created` event"));
    auto acknowledge = [&] {
      if (!inc.acknowledged_at) {
        inc.acknowledged_at = ts;
        inc.acknowledged_by = actor;
        inc.response_priority = inc.priority;  // the response clock stops under this priority
      }
    };
    // A change that only makes sense on an unresolved incident, found after a resolution: it was
    // written on a clone that had not seen the resolution (the CLI refuses it otherwise).
    auto after_resolution = [&] {
      return fmt::format("not applied: {} had resolved the incident at {} (a concurrent change)", resolved_by,
                         when(*inc.resolved_at));
    };
    if (type == event::created) {
      if (created) {
        if (!split.contains(e.str("id"))) ++inc.duplicate_creations;
        continue;
      }
      created = true;
      inc.id = e.str("incident");
      inc.origin = e.str("id");
      inc.split_from = e.str("split_from");
      inc.title = e.str("title");
      auto p = config::parse_priority(e.str("priority"));
      if (!p) return std::unexpected(bad(path, e.line_no(), p.error().message));
      inc.priority = *p;
      inc.component = e.str("component");
      inc.impact = e.str("impact");
      inc.description = e.str("description");
      inc.assignee = e.str("assignee");
      e.each_string("tags", [&](std::string_view tag) { inc.tags.emplace_back(tag); });
      e.each_string_member("labels", [&](std::string_view k, std::string_view v) { inc.labels[std::string(k)] = v; });
      inc.fingerprint = e.str("fingerprint");
      inc.maintenance = e.str("maintenance");
      inc.runbook_url = e.str("runbook_url");
      inc.created_at = ts;
      inc.created_by = actor;
      if (inc.id.empty()) return std::unexpected(bad(path, e.line_no(), "`created` event without an incident id"));
      if (options.timeline) message = inc.title;
    } else if (type == event::split) {
      inc.split_off.emplace_back(e.str("into"));
      continue;
    } else if (auto origin = e.str("origin"); !origin.empty() && origin != inc.origin) {
      continue;  // belongs to the other incident that was given the same id in another clone
    } else if (type == event::acknowledged) {
      if (inc.status == State::resolved) withdrawn = after_resolution();
      acknowledge();
      if (inc.status == State::open) inc.status = State::investigating;
    } else if (type == event::status) {
      auto s = parse_state(e.str("status"));
      if (!s) return std::unexpected(bad(path, e.line_no(), fmt::format("unknown status '{}'", e.str("status"))));
      if (options.timeline) message = fmt::format("{}{}{}", state_name(*s), said.empty() ? "" : ": ", said);
      acknowledge();
      if (inc.status == State::resolved || *s == State::resolved) {
        withdrawn = inc.status == State::resolved ? after_resolution() : "not applied: only `resolve` resolves";
      } else {
        monitoring_from_alert = false;
        inc.status = *s;
      }
    } else if (type == event::assigned) {
      inc.assignee = e.str("assignee");
      if (options.timeline)
        message = fmt::format("assigned to {}{}{}", inc.assignee.empty() ? "nobody" : inc.assignee,
                              said.empty() ? "" : ": ", said);
    } else if (type == event::priority) {
      auto p = config::parse_priority(e.str("priority"));
      if (!p) return std::unexpected(bad(path, e.line_no(), p.error().message));
      if (options.timeline)
        message = fmt::format("{} → {}{}{}", config::priority_name(inc.priority), config::priority_name(*p),
                              said.empty() ? "" : ": ", said);
      inc.priority = *p;
    } else if (type == event::escalated) {
      int level = inc.escalation_level;
      if (auto l = e.integer("level")) level = int(*l);
      std::string to(e.str("to"));
      int repeat = 0;
      if (auto r = e.integer("repeat")) repeat = int(*r);
      if (options.timeline)
        message = fmt::format("level {} → {}{}{}{}", level, to.empty() ? inc.assignee : to,
                              repeat > 0 ? fmt::format(" (repeat {})", repeat) : "", said.empty() ? "" : ": ", said);
      bool automatic = e.is_true("due");
      if (inc.status == State::resolved) {
        withdrawn = after_resolution();
      } else if (automatic && responded && *responded <= ts) {
        withdrawn = fmt::format("withdrawn: {} had responded at {} (recorded concurrently)", responder, when(*responded));
      } else {
        inc.escalation_level = level;
        if (repeat > 0 && options.timeline) {
          inc.escalated_to.clear();  // a repeat of the chain: everyone may have it once more
          inc.chain_repeats = repeat;
        }
        if (!to.empty()) {
          inc.assignee = to;
          if (options.timeline) inc.escalated_to.push_back(to);
        }
        inc.escalated_at = ts;
      }
    } else if (type == event::breached) {
      auto due = time_field(e, "due");
      std::string_view clock = e.str("clock");
      // Judged by the message's first word ("response target of 1h missed"), as watch always has.
      if (said.starts_with("response")) inc.response_breach_recorded = true;
      if (said.starts_with("resolution")) inc.resolution_breach_recorded = true;
      if (due && clock == "response" && responded && *responded <= *due)
        withdrawn = fmt::format("withdrawn: {} had responded at {}, in time (recorded concurrently)", responder,
                                when(*responded));
      // Whether a resolution clock was met is known only at the end: see below.
      if (due && clock == "resolution" && options.timeline) resolution_breaches.emplace_back(inc.timeline.size(), *due);
    } else if (type == event::resolved) {
      std::string root_cause(e.str("root_cause")), resolution(e.str("resolution"));
      if (options.timeline) message = fmt::format("root cause: {}; resolution: {}", root_cause, resolution);
      acknowledge();
      if (inc.status == State::resolved) {
        withdrawn = fmt::format("not applied: {} had resolved the incident at {} (a concurrent resolution; the "
                                "earlier one stands)",
                                resolved_by, when(*inc.resolved_at));
      } else {
        inc.status = State::resolved;
        inc.resolved_at = ts;
        inc.resolution_priority = inc.priority;
        resolved_by = actor;
        inc.root_cause = std::move(root_cause);
        inc.resolution = std::move(resolution);
        inc.resolution_kind = parse_resolution_kind(e.str("kind")).value_or(ResolutionKind::fixed);
        inc.duplicate_of = e.str("duplicate_of");
        if (inc.resolution_kind != ResolutionKind::fixed && options.timeline)
          message = fmt::format("{}{}{}", inc.resolved_as(), inc.root_cause.empty() ? ""
                                                             : inc.resolution_kind == ResolutionKind::duplicate ? "; "
                                                                                                                : ": ",
                                inc.root_cause);
      }
    } else if (type == event::alert_firing) {
      inc.alert_quiet = false;
      // Firing again after the source said it was over: back from monitoring to work.
      if (inc.status == State::monitoring && monitoring_from_alert)
        inc.status = inc.acknowledged_at ? State::investigating : State::open;
      monitoring_from_alert = false;
    } else if (type == event::alert_resolved) {
      inc.alert_quiet = true;
      // The source says it is over: a person still decides; it is not a response either.
      if (inc.status != State::resolved && inc.status != State::monitoring) {
        inc.status = State::monitoring;
        monitoring_from_alert = true;
      }
    } else if (type == event::reopened) {
      if (inc.status != State::resolved) {
        withdrawn = "not applied: the incident was open already (reopened concurrently)";
      } else {
        inc.status = State::open;
        // The time it sat resolved is not resolution time.
        inc.resolved_for += std::max(core::Seconds{0}, ts - *inc.resolved_at);
        inc.resolved_at.reset();
        inc.resolution_priority.reset();
        inc.resolution_kind = ResolutionKind::fixed;
        inc.duplicate_of.clear();
        resolved_by.clear();
        inc.root_cause.clear();
        inc.resolution.clear();
      }
    }
    if (options.timeline) {
      TimelineEntry t{std::string(e.str("id")), ts, std::string(actor), std::string(type), std::move(message),
                      time_field(e, "wall"), std::move(withdrawn)};
      inc.timeline.push_back(std::move(t));
    }
  }
  if (!created) return std::unexpected(bad(path, 1, "no `created` event in this incident file"));
  // A resolution breach recorded on a clone that had not seen a resolution made in time.
  for (auto [i, due] : resolution_breaches)
    if (inc.resolved_at && *inc.resolved_at <= due)
      inc.timeline[i].withdrawn = fmt::format("withdrawn: {} had resolved the incident at {}, in time (recorded "
                                              "concurrently)",
                                              resolved_by, when(*inc.resolved_at));
  return inc;
}

}  // namespace

core::Result<Incident> fold(const store::JsonlFile& file, const std::filesystem::path& path, FoldOptions options) {
  auto lines = HC_TRY(store::ordered_events(file, path));
  std::vector<JsonEvent> events;
  events.reserve(lines.size());
  for (const auto* line : lines) events.emplace_back(line);
  return fold_events(std::move(events), file.torn_tail, path, options);
}

std::optional<Incident> fold_flat(std::string_view text, const std::filesystem::path& path, FoldOptions options) {
  store::FlatFile file;
  if (!store::scan_flat(text, file)) return std::nullopt;
  // The order of store::ordered_events, for the events it takes without a question.
  struct Keyed {
    std::uint64_t seq;
    core::TimePoint ts;
    std::string_view id;
    std::size_t line;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(file.lines.size());
  for (std::size_t i = 0; i < file.lines.size(); ++i) {
    store::FlatEvent e(file, file.lines[i]);
    auto id = e.find("id"), ts = e.find("ts"), type = e.find("type"), seq = e.find("seq");
    using Kind = store::FlatValue::Kind;
    if (!id || id->kind != Kind::string || !ts || ts->kind != Kind::string || !type || type->kind != Kind::string)
      return std::nullopt;
    auto t = core::parse_rfc3339(ts->text);
    if (!t) return std::nullopt;
    if (seq && (seq->kind != Kind::integer || seq->number < 0 || seq->number > std::int64_t(1) << 53))
      return std::nullopt;
    // A record split by `doctor --fix` reads another file too (record_file.hpp).
    if (type->text == event::created && !e.str("split_from").empty()) return std::nullopt;
    keyed.push_back({seq ? std::uint64_t(seq->number) : 0, *t, id->text, i});
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.seq != b.seq) return a.seq < b.seq;
    if (a.ts != b.ts) return a.ts < b.ts;
    return a.id < b.id;
  });
  // One id twice (a line merged in twice, or a hand edit): the full reader's rules decide.
  std::vector<std::string_view> ids;
  ids.reserve(keyed.size());
  for (const auto& k : keyed) ids.push_back(k.id);
  std::sort(ids.begin(), ids.end());
  if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) return std::nullopt;
  std::vector<store::FlatEvent> events;
  events.reserve(keyed.size());
  for (const auto& k : keyed) events.emplace_back(file, file.lines[k.line]);
  auto inc = fold_events(std::move(events), false, path, options);
  if (!inc) return std::nullopt;  // the full reader names the line
  return std::move(*inc);
}

}  // namespace hypercare::incident
