#include "hypercare/incident/fold.hpp"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

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

struct Keyed {
  core::TimePoint ts;
  std::string_view id;
  const store::JsonlLine* line;
};

}  // namespace

std::string_view state_name(State s) {
  static constexpr std::string_view names[] = {"open", "investigating", "identified", "monitoring",
                                               "resolved"};
  return names[int(s)];
}

std::optional<State> parse_state(std::string_view text) {
  for (int i = 0; i <= int(State::resolved); ++i)
    if (state_name(State(i)) == text) return State(i);
  return std::nullopt;
}

core::Result<std::vector<const store::JsonlLine*>> ordered_events(const store::JsonlFile& file,
                                                                  const std::filesystem::path& path) {
  std::vector<Keyed> keyed;
  keyed.reserve(file.lines.size());
  for (const auto& line : file.lines) {
    const auto& j = line.value;
    auto id = j.find("id");
    auto ts = j.find("ts");
    auto type = j.find("type");
    if (id == j.end() || !id->is_string() || ts == j.end() || !ts->is_string() || type == j.end() ||
        !type->is_string())
      return std::unexpected(bad(path, line.line_no, "event needs string fields id, ts and type"));
    auto t = core::parse_rfc3339(ts->get_ref<const std::string&>());
    if (!t) return std::unexpected(bad(path, line.line_no, t.error().message));
    keyed.push_back({*t, id->get_ref<const std::string&>(), &line});
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    return a.ts != b.ts ? a.ts < b.ts : a.id < b.id;
  });
  std::vector<const store::JsonlLine*> out;
  out.reserve(keyed.size());
  std::unordered_set<std::string_view> seen;
  for (const auto& k : keyed)
    if (seen.insert(k.id).second) out.push_back(k.line);
  return out;
}

core::Result<Incident> fold(const store::JsonlFile& file, const std::filesystem::path& path,
                            FoldOptions options) {
  auto events = HC_TRY(ordered_events(file, path));
  // The creation comes first even when another clone's clock stamped a later event earlier.
  auto first_created = std::find_if(events.begin(), events.end(), [](const store::JsonlLine* l) {
    auto t = l->value.find("type");
    return t != l->value.end() && *t == event::created;
  });
  if (first_created != events.end()) std::rotate(events.begin(), first_created, first_created + 1);
  Incident inc;
  inc.torn_tail = file.torn_tail;
  bool created = false;
  bool monitoring_from_alert = false;  // the last move to monitoring came from the alert's source
  for (const auto* line : events) {
    const json& e = line->value;
    const std::string type = str(e, "type");
    const std::string actor = str(e, "actor");
    auto ts = *core::parse_rfc3339(e["ts"].get_ref<const std::string&>());
    std::string message = str(e, "message");
    if (!created && type != event::created)
      return std::unexpected(bad(path, line->line_no, "event before the incident's `created` event"));
    auto acknowledge = [&] {
      if (!inc.acknowledged_at) {
        inc.acknowledged_at = ts;
        inc.acknowledged_by = actor;
      }
    };
    if (type == event::created) {
      if (created) {
        ++inc.duplicate_creations;
        continue;
      }
      created = true;
      inc.id = str(e, "incident");
      inc.origin = str(e, "id");
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
      inc.created_at = ts;
      inc.created_by = actor;
      if (inc.id.empty()) return std::unexpected(bad(path, line->line_no, "`created` event without an incident id"));
      message = inc.title;
    } else if (auto origin = str(e, "origin"); !origin.empty() && origin != inc.origin) {
      continue;  // belongs to the other incident that was given the same id in another clone
    } else if (type == event::acknowledged) {
      acknowledge();
      if (inc.status == State::open) inc.status = State::investigating;
    } else if (type == event::status) {
      monitoring_from_alert = false;
      auto s = parse_state(str(e, "status"));
      if (!s) return std::unexpected(bad(path, line->line_no, fmt::format("unknown status '{}'", str(e, "status"))));
      acknowledge();
      inc.status = *s;
      message = fmt::format("{}{}{}", state_name(*s), message.empty() ? "" : ": ", message);
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
      if (auto l = e.find("level"); l != e.end() && l->is_number_integer()) inc.escalation_level = l->get<int>();
      if (auto to = str(e, "to"); !to.empty()) inc.assignee = to;
      inc.escalated_at = ts;
      message = fmt::format("level {} → {}{}{}", inc.escalation_level, inc.assignee, message.empty() ? "" : ": ", message);
    } else if (type == event::resolved) {
      acknowledge();
      inc.status = State::resolved;
      inc.resolved_at = ts;
      inc.root_cause = str(e, "root_cause");
      inc.resolution = str(e, "resolution");
      message = fmt::format("root cause: {}; resolution: {}", inc.root_cause, inc.resolution);
    } else if (type == event::alert_firing) {
      // Firing again after the source said it was over: back from monitoring to work.
      if (inc.status == State::monitoring && monitoring_from_alert)
        inc.status = inc.acknowledged_at ? State::investigating : State::open;
      monitoring_from_alert = false;
    } else if (type == event::alert_resolved) {
      // The source says it is over: a person still decides; it is not a response either.
      if (inc.status != State::resolved && inc.status != State::monitoring) {
        inc.status = State::monitoring;
        monitoring_from_alert = true;
      }
    } else if (type == event::reopened) {
      inc.status = State::open;
      inc.resolved_at.reset();
      inc.root_cause.clear();
      inc.resolution.clear();
    }
    if (options.timeline) inc.timeline.push_back({ts, actor, type, std::move(message)});
  }
  if (!created) return std::unexpected(bad(path, 1, "no `created` event in this incident file"));
  return inc;
}

}  // namespace hypercare::incident
