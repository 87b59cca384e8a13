#include "hypercare/incident/fold.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "hypercare/store/causal.hpp"

namespace hypercare::incident {

namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

core::Error bad(const std::filesystem::path& path, std::size_t line, std::string_view what) {
  return core::Error{core::ErrorKind::data, fmt::format("{}:{}: {}", path.string(), line, what),
                     "hypercare doctor"};
}

std::optional<core::TimePoint> time_field(const json& e, const char* key) {
  auto v = str(e, key);
  if (v.empty()) return std::nullopt;
  auto t = core::parse_rfc3339(v);
  return t ? std::optional(*t) : std::nullopt;
}

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

core::Result<Incident> fold(const store::JsonlFile& file, const std::filesystem::path& path,
                            FoldOptions options) {
  auto events = HC_TRY(store::ordered_events(file, path));
  if (options.before)
    std::erase_if(events, [&](const store::JsonlLine* l) {
      auto ts = core::parse_rfc3339(str(l->value, "ts"));
      return !ts || *ts >= *options.before;
    });
  // The creation comes first even when another clone's clock stamped a later event earlier.
  auto first_created = std::find_if(events.begin(), events.end(), [](const store::JsonlLine* l) {
    auto t = l->value.find("type");
    return t != l->value.end() && *t == event::created;
  });
  if (first_created != events.end()) std::rotate(events.begin(), first_created, first_created + 1);

  // Origins that `doctor --fix` moved to an incident of their own (DESIGN.md §4, same-id records).
  std::map<std::string, std::string, std::less<>> split;
  for (const auto* line : events)
    if (str(line->value, "type") == event::split) split[str(line->value, "origin")] = str(line->value, "into");
  // The response — the first acknowledgement, status change or resolution — decides which of the
  // breaches and automatic escalations recorded elsewhere were moot (merge rules).
  std::optional<core::TimePoint> responded;
  std::string responder;
  std::string origin = events.empty() ? std::string() : str(events.front()->value, "id");
  for (const auto* line : events)
    if (is_response(str(line->value, "type")) &&
        (str(line->value, "origin").empty() || str(line->value, "origin") == origin)) {
      responded = core::parse_rfc3339(str(line->value, "ts")).value_or(core::TimePoint{});
      responder = str(line->value, "actor");
      break;
    }
  auto when = [](core::TimePoint t) { return core::format_rfc3339(t); };

  Incident inc;
  inc.torn_tail = file.torn_tail;
  bool created = false;
  bool monitoring_from_alert = false;  // the last move to monitoring came from the alert's source
  std::string resolved_by;
  std::vector<std::pair<std::size_t, core::TimePoint>> resolution_breaches;  // timeline index, due
  for (const auto* line : events) {
    const json& e = line->value;
    const std::string type = str(e, "type");
    const std::string actor = str(e, "actor");
    auto ts = *core::parse_rfc3339(e["ts"].get_ref<const std::string&>());
    std::string message = str(e, "message");
    std::string withdrawn;
    inc.last_event = std::max(inc.last_event, ts);
    if (!created && type != event::created)
      return std::unexpected(bad(path, line->line_no, "event before the incident's `created` event"));
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
        if (!split.contains(str(e, "id"))) ++inc.duplicate_creations;
        continue;
      }
      created = true;
      inc.id = str(e, "incident");
      inc.origin = str(e, "id");
      inc.split_from = str(e, "split_from");
      inc.title = str(e, "title");
      auto p = config::parse_priority(str(e, "priority"));
      if (!p) return std::unexpected(bad(path, line->line_no, p.error().message));
      inc.priority = *p;
      inc.component = str(e, "component");
      inc.impact = str(e, "impact");
      inc.description = str(e, "description");
      inc.assignee = str(e, "assignee");
      if (auto t = e.find("tags"); t != e.end() && t->is_array())
        for (const auto& tag : *t)
          if (tag.is_string()) inc.tags.push_back(tag.get<std::string>());
      if (auto l = e.find("labels"); l != e.end() && l->is_object())
        for (const auto& [k, v] : l->items())
          if (v.is_string()) inc.labels[k] = v.get<std::string>();
      inc.fingerprint = str(e, "fingerprint");
      inc.maintenance = str(e, "maintenance");
      inc.runbook_url = str(e, "runbook_url");
      inc.created_at = ts;
      inc.created_by = actor;
      if (inc.id.empty()) return std::unexpected(bad(path, line->line_no, "`created` event without an incident id"));
      message = inc.title;
    } else if (type == event::split) {
      inc.split_off.push_back(str(e, "into"));
      continue;
    } else if (auto origin = str(e, "origin"); !origin.empty() && origin != inc.origin) {
      continue;  // belongs to the other incident that was given the same id in another clone
    } else if (type == event::acknowledged) {
      if (inc.status == State::resolved) withdrawn = after_resolution();
      acknowledge();
      if (inc.status == State::open) inc.status = State::investigating;
    } else if (type == event::status) {
      auto s = parse_state(str(e, "status"));
      if (!s) return std::unexpected(bad(path, line->line_no, fmt::format("unknown status '{}'", str(e, "status"))));
      message = fmt::format("{}{}{}", state_name(*s), message.empty() ? "" : ": ", message);
      acknowledge();
      if (inc.status == State::resolved || *s == State::resolved) {
        withdrawn = inc.status == State::resolved ? after_resolution() : "not applied: only `resolve` resolves";
      } else {
        monitoring_from_alert = false;
        inc.status = *s;
      }
    } else if (type == event::assigned) {
      inc.assignee = str(e, "assignee");
      message = fmt::format("assigned to {}{}{}", inc.assignee.empty() ? "nobody" : inc.assignee,
                            message.empty() ? "" : ": ", message);
    } else if (type == event::priority) {
      auto p = config::parse_priority(str(e, "priority"));
      if (!p) return std::unexpected(bad(path, line->line_no, p.error().message));
      message = fmt::format("{} → {}{}{}", config::priority_name(inc.priority), config::priority_name(*p),
                            message.empty() ? "" : ": ", message);
      inc.priority = *p;
    } else if (type == event::escalated) {
      int level = inc.escalation_level;
      if (auto l = e.find("level"); l != e.end() && l->is_number_integer()) level = l->get<int>();
      std::string to = str(e, "to");
      int repeat = 0;
      if (auto r = e.find("repeat"); r != e.end() && r->is_number_integer()) repeat = r->get<int>();
      message = fmt::format("level {} → {}{}{}{}", level, to.empty() ? inc.assignee : to,
                            repeat > 0 ? fmt::format(" (repeat {})", repeat) : "", message.empty() ? "" : ": ", message);
      auto due = e.find("due");
      bool automatic = due != e.end() && *due == true;
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
      std::string clock = str(e, "clock");
      // Judged by the message's first word ("response target of 1h missed"), as watch always has.
      if (message.starts_with("response")) inc.response_breach_recorded = true;
      if (message.starts_with("resolution")) inc.resolution_breach_recorded = true;
      if (due && clock == "response" && responded && *responded <= *due)
        withdrawn = fmt::format("withdrawn: {} had responded at {}, in time (recorded concurrently)", responder,
                                when(*responded));
      // Whether a resolution clock was met is known only at the end: see below.
      if (due && clock == "resolution" && options.timeline) resolution_breaches.emplace_back(inc.timeline.size(), *due);
    } else if (type == event::resolved) {
      std::string root_cause = str(e, "root_cause"), resolution = str(e, "resolution");
      message = fmt::format("root cause: {}; resolution: {}", root_cause, resolution);
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
        inc.resolution_kind = parse_resolution_kind(str(e, "kind")).value_or(ResolutionKind::fixed);
        inc.duplicate_of = str(e, "duplicate_of");
        if (inc.resolution_kind != ResolutionKind::fixed)
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
      TimelineEntry t{str(e, "id"), ts, actor, type, std::move(message), time_field(e, "wall"), std::move(withdrawn)};
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

}  // namespace hypercare::incident
