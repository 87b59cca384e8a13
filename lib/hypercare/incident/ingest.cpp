#include "hypercare/incident/ingest.hpp"

#include <set>

#include <fmt/format.h>

#include "hypercare/core/text.hpp"
#include "hypercare/maintenance/window.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::incident {

namespace {

using nlohmann::json;

// What one alert may bring into a record: a record line must stay readable (1 MiB), so an alert
// with a huge label is stored with that label cut, never as a line every reader would refuse.
constexpr std::size_t k_max_map_entries = 64;
constexpr std::size_t k_max_map_key = 128;
constexpr std::size_t k_max_map_value = 2048;
constexpr std::size_t k_max_url = 2048;

core::Result<std::map<std::string, std::string>> string_map(const json& j, std::string_view key, const std::string& where,
                                                            bool required) {
  std::map<std::string, std::string> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return core::fail(core::ErrorKind::data, fmt::format("{}: `{}` is missing", where, key));
    return out;
  }
  if (!it->is_object()) return core::fail(core::ErrorKind::data, fmt::format("{}: `{}` must be an object", where, key));
  for (const auto& [k, v] : it->items()) {
    if (!v.is_string())
      return core::fail(core::ErrorKind::data, fmt::format("{}: {}.{} must be a string", where, key, core::truncate_utf8(k, 80)));
    if (out.size() == k_max_map_entries) break;  // the first 64, by name
    out[core::truncate_utf8(k, k_max_map_key)] = core::truncate_utf8(v.get_ref<const std::string&>(), k_max_map_value);
  }
  return out;
}

std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return text;
}

std::string get(const std::map<std::string, std::string>& m, std::string_view k) {
  auto it = m.find(std::string(k));
  return it == m.end() ? std::string() : it->second;
}


// The incident an alert opens: title, priority, component, links from its labels and annotations;
// marked when a maintenance window covers its component now.
NewIncident spec_for(const Alert& a, const AlertPayload& payload, const ServiceContext& ctx,
                     const std::vector<maintenance::Window>& windows) {
  NewIncident spec;
  std::string summary = get(a.annotations, "summary");
  spec.title = core::truncate_utf8(one_line(summary.empty() ? a.name() : summary), 500);
  spec.priority = a.priority ? *a.priority : ctx.config.ingest.priority_for(get(a.labels, "severity"));
  for (std::string_view k : {"component", "service", "job"})
    if (spec.component.empty()) spec.component = core::truncate_utf8(one_line(get(a.labels, k)), 500);
  std::string description = get(a.annotations, "description");
  if (!a.generator_url.empty()) description += (description.empty() ? "" : "\n\n") + ("Source: " + a.generator_url);
  spec.description = core::truncate_utf8(description, 60 * 1024);
  spec.impact = core::truncate_utf8(get(a.annotations, "impact"), 60 * 1024);
  spec.tags = {payload.tag};
  if (a.name() != a.fingerprint) spec.tags.push_back(core::truncate_utf8(one_line(a.name()), 200));
  spec.labels = a.labels;
  spec.fingerprint = a.fingerprint;
  spec.runbook_url = core::truncate_utf8(one_line(get(a.annotations, "runbook_url")), k_max_url);
  if (const auto* w = maintenance::covering(windows, spec.component, ctx.now)) {
    spec.maintenance = w->id;
    spec.tags.push_back("maintenance");
  }
  return spec;
}

// The source says `what` (an alert's name, or "all N alerts of the group") is resolved, `ended`
// (" at TIME") when it says when: the incident goes to monitoring, or is resolved with
// auto_resolve. Sets act.kind and act.incident.
core::Status resolved_at_source(const ServiceContext& ctx, const AlertPayload& payload, bool auto_resolve, const std::string& id,
                                const std::string& what, const std::string& ended, IngestAction& act) {
  auto c = HC_TRY(alert_resolved(ctx, id, fmt::format("resolved at source: {}{}", what, ended)));
  act.kind = IngestAction::Kind::resolved_at_source;
  if (auto_resolve) {
    Resolution how;
    how.root_cause = "not recorded: resolved automatically when the alert stopped firing";
    how.resolution = fmt::format("{} resolved at source{} ({})", what.starts_with("all ") ? what : "the alert " + what, ended,
                                 payload.auto_resolve ? "its auto_resolve" : "[ingest] auto_resolve");
    c = HC_TRY(resolve(ctx, id, how));
    act.kind = IngestAction::Kind::resolved;
  }
  act.incident = std::move(c.incident);
  return {};
}

// A stable short name for a group key (FNV-1a, 64 bits): the incident's fingerprint is group/<hex>.
std::string group_fingerprint(std::string_view group_key) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : group_key) h = (h ^ c) * 1099511628211ull;
  return fmt::format("group/{:016x}", h);
}

// An alert's name and the label that tells it from the others of its group.
std::string member_name(const Alert& a) {
  for (std::string_view k : {"instance", "pod", "job", "service"})
    if (auto v = get(a.labels, k); !v.empty()) return fmt::format("{} ({}={})", a.name(), k, one_line(v));
  return a.name();
}

// [ingest] group_by = "group": one incident per Alertmanager group (groupKey). Alertmanager sends
// the group's whole state each time, so the group fires while any of its alerts does and is
// resolved at source when all are.
core::Result<std::vector<IngestAction>> ingest_group(const ServiceContext& ctx, const AlertPayload& payload, bool auto_resolve,
                                                     const std::vector<maintenance::Window>& windows) {
  std::string fp = group_fingerprint(payload.group_key);
  std::optional<std::string> open;
  bool quiet = false;
  for (const auto& inc : HC_TRY(ctx.repo.summaries(true)))
    if (inc.fingerprint == fp) {
      open = inc.id;
      quiet = inc.alert_quiet;
    }
  std::vector<const Alert*> firing;
  for (const auto& a : payload.alerts)
    if (a.firing) firing.push_back(&a);
  std::vector<IngestAction> done;
  auto action = [&](const Alert& a) {
    IngestAction act;
    act.fingerprint = a.fingerprint;
    act.alert = a.name();
    return act;
  };
  if (firing.empty()) {
    for (const auto& a : payload.alerts) {
      auto act = action(a);
      if (!open) {
        act.reason = "no open incident for this alert's group";
      } else if (quiet && !auto_resolve) {
        act.reason = "its group is resolved at source already (repeated notification)";
      } else if (done.empty() || !done.front().incident) {
        HC_CHECK(resolved_at_source(ctx, payload, auto_resolve, *open,
                                    fmt::format("all {} alert{} of the group", payload.alerts.size(), payload.alerts.size() == 1 ? "" : "s"), "", act));
        quiet = true;
      } else {
        act.kind = done.front().kind;
        act.incident = done.front().incident;
      }
      done.push_back(std::move(act));
    }
    return done;
  }
  for (const auto* a : firing) {
    auto act = action(*a);
    if (!open) {
      auto spec = spec_for(*a, payload, ctx, windows);
      spec.fingerprint = fp;
      spec.tags.insert(spec.tags.begin() + 1, "group");
      if (firing.size() > 1) spec.title = core::truncate_utf8(fmt::format("{} (+{} more in its group)", spec.title, firing.size() - 1), 500);
      for (const auto* other : firing)  // the group's most urgent alert sets the priority
        spec.priority = std::min(spec.priority, other->priority ? *other->priority : ctx.config.ingest.priority_for(get(other->labels, "severity")));
      auto inc = HC_TRY(create(ctx, spec));
      open = inc.id;
      act.kind = IngestAction::Kind::created;
      act.incident = std::move(inc);
      done.push_back(std::move(act));
      continue;
    }
    std::string since = a->starts_at == TimePoint{} ? "" : fmt::format(" (since {})", core::format_rfc3339(a->starts_at));
    auto c = HC_TRY(alert_firing(ctx, *open, fmt::format("{}: {}{}", quiet ? "firing again" : "firing", member_name(*a), since)));
    act.kind = quiet ? IngestAction::Kind::refired : IngestAction::Kind::still_firing;
    quiet = false;
    act.incident = std::move(c.incident);
    done.push_back(std::move(act));
  }
  for (const auto& a : payload.alerts) {
    if (a.firing) continue;
    auto act = action(a);
    act.reason = fmt::format("resolved; {} other alert{} of its group still firing", firing.size(), firing.size() == 1 ? "" : "s");
    act.incident = done.front().incident;
    done.push_back(std::move(act));
  }
  return done;
}
}  // namespace

std::string Alert::name() const {
  auto n = get(labels, "alertname");
  return n.empty() ? fingerprint : n;
}

std::string_view action_name(IngestAction::Kind k) {
  static constexpr std::string_view names[] = {"created", "still_firing", "refired", "resolved_at_source", "resolved", "ignored"};
  return names[std::size_t(k)];
}

core::Result<AlertPayload> parse_alertmanager(std::string_view text, std::string_view where) {
  auto bad = [&](std::string what) { return core::fail(core::ErrorKind::data, fmt::format("{}: {}", where, what)); };
  if (text.size() > k_max_payload_bytes)
    return bad(fmt::format("the payload is {} bytes; at most {} are accepted", text.size(), k_max_payload_bytes));
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return bad("the payload is empty");
  auto parsed = store::parse_json(text, where, k_max_payload_bytes);  // not the 1 MiB of one JSONL event
  if (!parsed) return std::unexpected(core::Error{core::ErrorKind::data, parsed.error().message, ""});
  const json& j = *parsed;
  if (!j.is_object()) return bad("not an Alertmanager webhook payload (expected a JSON object)");
  auto version = j.find("version");
  if (version == j.end() || !version->is_string())
    return bad("not an Alertmanager webhook payload: no \"version\"");
  if (*version != "4") return bad(fmt::format("Alertmanager webhook version {} is not supported (expected \"4\")", version->dump()));
  auto alerts = j.find("alerts");
  if (alerts == j.end() || !alerts->is_array()) return bad("`alerts` must be an array");
  AlertPayload p;
  auto s = [&](std::string_view k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  p.receiver = s("receiver");
  p.status = s("status");
  p.group_key = s("groupKey");
  p.external_url = s("externalURL");
  if (auto t = j.find("truncatedAlerts"); t != j.end() && t->is_number_integer()) p.truncated_alerts = t->get<long>();
  std::size_t i = 0;
  for (const auto& a : *alerts) {
    std::string w = fmt::format("{}: alerts[{}]", where, i++);
    if (!a.is_object()) return core::fail(core::ErrorKind::data, w + ": must be an object");
    Alert alert;
    auto status = a.find("status");
    if (status == a.end() || !status->is_string() || (*status != "firing" && *status != "resolved"))
      return core::fail(core::ErrorKind::data, w + ": `status` must be \"firing\" or \"resolved\"");
    alert.firing = *status == "firing";
    auto fp = a.find("fingerprint");
    if (fp == a.end() || !fp->is_string() || fp->get<std::string>().empty() || fp->get<std::string>().size() > 128)
      return core::fail(core::ErrorKind::data, w + ": `fingerprint` is missing");
    alert.fingerprint = fp->get<std::string>();
    alert.labels = HC_TRY(string_map(a, "labels", w, true));
    alert.annotations = HC_TRY(string_map(a, "annotations", w, false));
    auto time = [&](std::string_view key) -> core::Result<std::optional<TimePoint>> {
      auto it = a.find(key);
      if (it == a.end() || it->is_null()) return std::optional<TimePoint>{};
      if (!it->is_string()) return core::fail(core::ErrorKind::data, fmt::format("{}: `{}` must be a timestamp", w, key));
      auto t = core::parse_rfc3339(it->get<std::string>());
      if (!t) return core::fail(core::ErrorKind::data, fmt::format("{}: {}: {}", w, key, t.error().message));
      // Go's zero time marks "not ended yet".
      if (*t < TimePoint{std::chrono::sys_days{std::chrono::year{1970} / 1 / 1}}) return std::optional<TimePoint>{};
      return std::optional<TimePoint>{*t};
    };
    alert.starts_at = HC_TRY(time("startsAt")).value_or(TimePoint{});
    alert.ends_at = HC_TRY(time("endsAt"));
    if (auto g = a.find("generatorURL"); g != a.end() && g->is_string())
      alert.generator_url = core::truncate_utf8(g->get_ref<const std::string&>(), k_max_url);
    p.alerts.push_back(std::move(alert));
  }
  return p;
}

core::Result<std::vector<IngestAction>> ingest(const ServiceContext& ctx, const AlertPayload& payload) {
  // The open incidents that came from alerts, by fingerprint.
  std::map<std::string, std::string> open;
  std::set<std::string> quiet;  // fingerprints whose last word from the source was "resolved"
  // Summaries carry the fingerprint and whether the source's last word was "resolved": no file
  // is read (an always-on listener ingests many payloads a minute).
  for (const auto& inc : HC_TRY(ctx.repo.summaries(true))) {
    if (inc.fingerprint.empty()) continue;  // only alerts (Alertmanager, webhooks) have one
    open.emplace(inc.fingerprint, inc.id);
    if (inc.alert_quiet) quiet.insert(inc.fingerprint);
  }
  // Planned work: what an alert opens for a component under maintenance pages nobody.
  auto windows = HC_TRY(maintenance::load_windows(ctx.write.ops_dir, ctx.write.warn));
  bool auto_resolve = payload.auto_resolve.value_or(ctx.config.ingest.auto_resolve);
  if (ctx.config.ingest.group_by_group && !payload.group_key.empty()) return ingest_group(ctx, payload, auto_resolve, windows);
  std::vector<IngestAction> done;
  for (const auto& a : payload.alerts) {
    IngestAction act;
    act.fingerprint = a.fingerprint;
    act.alert = a.name();
    auto it = open.find(a.fingerprint);
    if (a.firing && it != open.end()) {
      std::string since = a.starts_at == TimePoint{} ? "" : fmt::format(" (since {})", core::format_rfc3339(a.starts_at));
      bool again = quiet.erase(a.fingerprint) > 0;
      auto c = HC_TRY(alert_firing(ctx, it->second, fmt::format("{}: {}{}", again ? "firing again" : "still firing",
                                                                act.alert, since)));
      act.kind = again ? IngestAction::Kind::refired : IngestAction::Kind::still_firing;
      act.incident = std::move(c.incident);
    } else if (a.firing) {
      auto inc = HC_TRY(create(ctx, spec_for(a, payload, ctx, windows)));
      open.emplace(a.fingerprint, inc.id);
      act.kind = IngestAction::Kind::created;
      act.incident = std::move(inc);
    } else if (it != open.end() && quiet.contains(a.fingerprint) && !auto_resolve) {
      act.kind = IngestAction::Kind::ignored;
      act.reason = "already resolved at source (repeated notification)";
    } else if (it != open.end()) {
      quiet.insert(a.fingerprint);
      std::string ended = a.ends_at ? fmt::format(" at {}", core::format_rfc3339(*a.ends_at)) : "";
      HC_CHECK(resolved_at_source(ctx, payload, auto_resolve, it->second, act.alert, ended, act));
      if (act.kind == IngestAction::Kind::resolved) open.erase(it);
    } else {
      act.kind = IngestAction::Kind::ignored;
      act.reason = "no open incident for this alert";
    }
    done.push_back(std::move(act));
  }
  return done;
}

}  // namespace hypercare::incident
