#include "complete_values.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "hypercare/config/checks_config.hpp"
#include "hypercare/config/hotfix_config.hpp"
#include "hypercare/handover/repository.hpp"
#include "hypercare/hotfix/repository.hpp"
#include "hypercare/kickoff/readiness.hpp"
#include "hypercare/maintenance/window.hpp"
#include "hypercare/notify/outbox.hpp"
#include "hypercare/rota/changes.hpp"

namespace hypercare::cli {

namespace {

void quiet(const std::string&) {}

// A time in the team's zone, in UTC when the config does not load.
std::string when(Invocation& inv, core::TimePoint t) {
  auto zone = inv.zone();
  return zone ? core::format_local(t, *zone) : core::format_rfc3339(t);
}

std::vector<Candidate> people(Invocation& inv) {
  std::vector<Candidate> out{{"me", "yourself"}};
  const auto* rota = inv.rota_config();
  if (!rota) return out;
  for (const auto& m : rota->members) out.push_back({m.id, m.name});
  if (rota->lead) out.push_back({rota->lead->id, rota->lead->name.empty() ? "lead" : rota->lead->name + " (lead)"});
  return out;
}

std::vector<incident::Incident> incidents(Invocation& inv, const std::filesystem::path& ops, bool open_only) {
  auto list = inv.incidents(ops).summaries(open_only);
  if (!list) return {};
  // Newest first: the one being worked on is usually the latest.
  std::reverse(list->begin(), list->end());
  return std::move(*list);
}

Candidate describe(const incident::Incident& i) {
  return {i.id, fmt::format("{} {}: {}", config::priority_name(i.priority), incident::state_name(i.status), i.title)};
}

std::vector<Candidate> incident_values(Invocation& inv, const std::filesystem::path& ops, Values values) {
  std::vector<Candidate> out;
  for (const auto& i : incidents(inv, ops, values == Values::incidents_open)) {
    if (values == Values::incidents_resolved && i.is_open()) continue;
    out.push_back(describe(i));
  }
  return out;
}

std::vector<Candidate> from_set(const std::set<std::string>& names, std::string_view description = "") {
  std::vector<Candidate> out;
  for (const auto& n : names)
    if (!n.empty()) out.push_back({n, std::string(description)});
  return out;
}

std::vector<Candidate> components(Invocation& inv, const std::filesystem::path& ops, bool hotfix_only) {
  std::set<std::string> names;
  if (auto cfg = config::load_hotfix_config(ops); cfg && *cfg)
    for (const auto& c : (*cfg)->components) names.insert(c.name);
  if (hotfix_only) return from_set(names, "hotfix.toml");
  if (auto cfg = config::load_checks_config(ops); cfg && *cfg)
    for (const auto& c : (*cfg)->checks) names.insert(c.service);
  for (const auto& i : incidents(inv, ops, false)) names.insert(i.component);
  return from_set(names);
}

std::vector<Candidate> checks(const std::filesystem::path& ops, bool tags) {
  auto cfg = config::load_checks_config(ops);
  if (!cfg || !*cfg) return {};
  std::vector<Candidate> out;
  std::set<std::string> tag_names;
  for (const auto& c : (*cfg)->checks) {
    if (!tags) out.push_back({c.name, fmt::format("{} check of {}", config::check_kind_name(c.kind), c.service)});
    tag_names.insert(c.tags.begin(), c.tags.end());
  }
  return tags ? from_set(tag_names) : out;
}

std::vector<Candidate> handovers(Invocation& inv, const std::filesystem::path& ops) {
  std::vector<Candidate> out{{"latest", "the newest handover"}};
  auto list = handover::Repository(ops, quiet).list();
  if (!list) return out;
  for (auto it = list->rbegin(); it != list->rend(); ++it)
    out.push_back({it->id, fmt::format("{} → {}, {}{}", it->from, it->to, when(inv, it->created_at),
                                       it->accepted() ? "" : " (not accepted)")});
  return out;
}

std::vector<Candidate> hotfixes(const std::filesystem::path& ops) {
  auto list = hotfix::Repository(ops, quiet).list();
  if (!list) return {};
  std::vector<Candidate> out;
  for (auto it = list->rbegin(); it != list->rend(); ++it)
    out.push_back({it->id, fmt::format("{} {} {}", it->component, it->tag, hotfix::status_name(it->status))});
  return out;
}

std::vector<Candidate> rota_changes(Invocation& inv, const std::filesystem::path& ops) {
  auto changes = rota::load_changes(ops, quiet);
  if (!changes) return {};
  std::vector<Candidate> out;
  for (const auto& o : changes->overrides)
    if (!o.cancelled) out.push_back({o.id, fmt::format("{} on call {} – {}", o.member, when(inv, o.from), when(inv, o.to))});
  for (const auto& s : changes->swaps)
    if (!s.cancelled)
      out.push_back({s.id, fmt::format("swap {}/{} ↔ {}/{}", core::format_date(s.day_a), s.slot_a,
                                       core::format_date(s.day_b), s.slot_b)});
  return out;
}

std::vector<Candidate> windows(Invocation& inv, const std::filesystem::path& ops) {
  auto list = maintenance::load_windows(ops, quiet);
  if (!list) return {};
  std::vector<Candidate> out;
  auto now = inv.now();
  for (const auto& w : *list)
    if (!w.over(now)) out.push_back({w.id, fmt::format("{}: {}", w.state(now), w.message)});
  return out;
}

std::vector<Candidate> kickoff_items(const std::filesystem::path& ops) {
  auto cfg = config::load_kickoff_config(ops, kickoff::verified_ids());
  auto record = kickoff::load(ops, quiet);
  if (!cfg || !record) return {};
  std::vector<Candidate> open, done;
  for (const auto& i : cfg->items)
    (record->confirmed.contains(i.id) ? done : open).push_back({i.id, (record->confirmed.contains(i.id) ? "confirmed: " : "") + i.text});
  open.insert(open.end(), done.begin(), done.end());
  return open;
}

std::vector<Candidate> outbox(const std::filesystem::path& ops) {
  auto list = notify::Outbox(ops).list(quiet);
  if (!list) return {};
  std::vector<Candidate> out;
  for (const auto& e : *list)
    out.push_back({e.id, fmt::format("{} {}: {}", notify::entry_state_name(e.state), e.channel, e.summary)});
  return out;
}

std::vector<Candidate> config_values(Invocation& inv, Values values) {
  auto cfg = inv.config();
  if (!cfg) return {};
  std::vector<Candidate> out;
  if (values == Values::channels)
    for (const auto& c : (*cfg)->notify.channels) out.push_back({c.name, std::string(config::channel_kind_name(c.kind))});
  if (values == Values::heartbeats)
    for (const auto& h : (*cfg)->heartbeats) out.push_back({h.name, "every " + core::format_duration(h.every)});
  if (values == Values::priorities)
    for (auto p : {config::Priority::P1, config::Priority::P2, config::Priority::P3, config::Priority::P4}) {
      const auto& level = (*cfg)->level(p);
      out.push_back({std::string(config::priority_name(p)),
                     fmt::format("{}: respond within {}", level.label, core::format_duration(level.response))});
    }
  return out;
}

std::vector<Candidate> priorities(Invocation& inv) {
  auto out = config_values(inv, Values::priorities);
  if (!out.empty()) return out;
  return {{"P1", "critical"}, {"P2", "high"}, {"P3", "medium"}, {"P4", "low"}};
}

// "90" → "90s", "90m", "90h", "90d": the units every duration flag takes.
std::vector<Candidate> durations(std::string_view typed) {
  if (typed.empty() || !std::all_of(typed.begin(), typed.end(), [](char c) { return c >= '0' && c <= '9'; })) return {};
  std::string n(typed);
  return {{n + "s", "seconds"}, {n + "m", "minutes"}, {n + "h", "hours"}, {n + "d", "days"}};
}

}  // namespace

std::vector<Candidate> values_from_ops(Invocation& inv, Values values, std::string_view typed) {
  try {
    switch (values) {
      case Values::text:
      case Values::files:
      case Values::dirs:
      case Values::fixed:
        return {};
      case Values::durations:
        return durations(typed);
      case Values::zones: {
        std::vector<Candidate> out;
        for (auto& z : core::zone_names()) out.push_back({std::move(z), ""});
        return out;
      }
      case Values::priorities:
        return priorities(inv);
      case Values::people:
        return people(inv);
      case Values::channels:
      case Values::heartbeats:
        return config_values(inv, values);
      default:
        break;
    }
    auto ops = inv.ops_dir();
    if (!ops) return {};
    switch (values) {
      case Values::incidents_open:
      case Values::incidents_resolved:
      case Values::incidents_all:
        return incident_values(inv, *ops, values);
      case Values::incident_tags: {
        std::set<std::string> tags;
        for (const auto& i : incidents(inv, *ops, false)) tags.insert(i.tags.begin(), i.tags.end());
        return from_set(tags);
      }
      case Values::components:
      case Values::hotfix_components:
        return components(inv, *ops, values == Values::hotfix_components);
      case Values::checks:
      case Values::check_tags:
        return checks(*ops, values == Values::check_tags);
      case Values::hotfixes:
        return hotfixes(*ops);
      case Values::handovers:
        return handovers(inv, *ops);
      case Values::rota_changes:
        return rota_changes(inv, *ops);
      case Values::windows:
        return windows(inv, *ops);
      case Values::outbox:
        return outbox(*ops);
      case Values::kickoff_items:
        return kickoff_items(*ops);
      default:
        return {};
    }
  } catch (const std::exception&) {
    return {};  // a TAB never shows an error
  }
}

}  // namespace hypercare::cli
