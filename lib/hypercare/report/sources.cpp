#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "hypercare/core/parallel.hpp"
#include "hypercare/incident/fold.hpp"
#include "hypercare/store/causal.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/incident/sla.hpp"
#include "hypercare/report/build.hpp"

namespace hypercare::report {

Period make_period(Day first, Day last, core::Zone zone, TimePoint now, std::string basis) {
  Period p;
  p.first = first;
  p.last = last;
  p.from = core::start_of_local_day(first, zone);
  p.to = core::start_of_local_day(last + std::chrono::days(1), zone);
  p.until = std::clamp(now, p.from, p.to);
  p.basis = std::move(basis);
  return p;
}

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::met: return "met";
    case Verdict::missed: return "missed";
    case Verdict::not_enough_data: return "not enough data";
    default: return "no data";
  }
}

std::size_t SummaryReport::count(Verdict v) const {
  return std::size_t(std::count_if(targets.begin(), targets.end(), [v](const TargetRow& t) { return t.verdict == v; }));
}

std::vector<std::string> SummaryReport::not_enough() const {
  std::vector<std::string> out;
  for (const auto& t : targets)
    if (t.verdict == Verdict::not_enough_data) out.push_back(fmt::format("{} ({})", t.metric, t.actual_text));
  return out;
}

std::vector<std::string> SummaryReport::missed() const {
  std::vector<std::string> out;
  for (const auto& t : targets)
    if (t.verdict == Verdict::missed) out.push_back(fmt::format("{} ({}, target {})", t.metric, t.actual_text, t.target_text));
  return out;
}

namespace detail {

Header header_of(const Sources& s) { return Header{s.cfg->team_name, s.cfg->timezone, s.as_of}; }

namespace {

// The incidents as they stood at the report's cutoff, in their order; those not created by then
// are left out. Those changed since are folded again from their files (only these few are read),
// in parallel; a file that cannot be read now is left out, with a warning, like any unreadable
// record.
std::vector<incident::Incident> as_of(const Sources& s, const incident::Repository& repo,
                                      std::vector<incident::Incident> list) {
  const auto before = cutoff(s);
  const incident::FoldOptions options{.timeline = false, .before = before};
  std::erase_if(list, [&](const incident::Incident& inc) { return inc.created_at >= before; });
  std::vector<char> slow(list.size(), 0);  // left to fold_one, which may warn: one thread
  core::parallel_for(list.size(), 64, [&](std::size_t i) {
    if (list[i].last_event < before) return;
    if (auto folded = repo.quick_fold(list[i].id, options)) list[i] = std::move(*folded);
    else slow[i] = 1;
  });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (slow[i]) {
      auto folded = repo.fold_one(list[i].id, options);
      if (!folded) {
        s.warn(fmt::format("skipped {}: {}", list[i].id, folded.error().message));
        continue;
      }
      list[i] = std::move(*folded);
    }
    if (kept != i) list[kept] = std::move(list[i]);
    ++kept;
  }
  list.erase(list.begin() + std::ptrdiff_t(kept), list.end());
  return list;
}

}  // namespace

core::Result<std::vector<incident::Incident>> incidents(const Sources& s) {
  incident::Repository repo(s.ops, s.warn, s.use_cache);
  return as_of(s, repo, HC_TRY(repo.summaries()));
}

core::Result<std::vector<incident::Incident>> incidents_touching(const Sources& s, TimePoint from, TimePoint to,
                                                                 const std::vector<std::string>& also) {
  // Without the cache every file is folded anyway: the whole list, which the equality tests
  // (HYPERCARE_CACHE=off against on) hold the narrowed one to.
  if (!s.use_cache) return incidents(s);
  incident::Repository repo(s.ops, s.warn, s.use_cache);
  auto snap = HC_TRY(repo.snapshot(touches(s, from, to, also)));
  std::vector<incident::Incident> out(snap.size());
  const auto before = cutoff(s);
  for (std::size_t i = 0; i < snap.size(); ++i) {
    const auto& k = snap.key(i);
    if (k.last_event < before) {
      snap.decode(i, out[i]);
      continue;
    }
    // Changed since the cutoff: as_of() folds it again from its file, and needs no more than this.
    out[i].id = k.id_view();
    out[i].created_at = k.created_at;
    out[i].last_event = k.last_event;
  }
  return as_of(s, repo, std::move(out));
}

incident::KeyFilter touches(const Sources& s, TimePoint from, TimePoint to, const std::vector<std::string>& also) {
  // No deadline of an incident created this long before `from` can fall in [from, to).
  core::Seconds longest{0};
  for (const auto& level : s.cfg->priorities) longest = std::max({longest, level.response, level.resolve});
  const auto quiet_since = std::min(from, cutoff(s));
  return [=, &also](const incident::IndexKey& k) {
    // Not yet there by the end of the span, or resolved and untouched since before it began,
    // with every deadline behind it: nothing the span shows.
    bool later = k.created_at >= to;
    bool over = k.status == incident::State::resolved && k.resolved_at && *k.resolved_at < from &&
                k.last_event < quiet_since && k.created_at + longest < from;
    return !(later || over) || std::binary_search(also.begin(), also.end(), k.id_view());
  };
}

std::vector<std::size_t> touching(const Sources& s, const incident::Snapshot& snap, TimePoint from, TimePoint to,
                                  const std::vector<std::string>& also) {
  auto keep = touches(s, from, to, also);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < snap.size(); ++i)
    if (keep(snap.key(i))) out.push_back(i);
  return out;
}

core::Result<std::vector<Escalation>> escalations(const Sources& s, const std::vector<incident::Incident>& incidents,
                                                  TimePoint from, TimePoint to) {
  std::vector<Escalation> out;
  incident::Repository repo(s.ops, s.warn, s.use_cache);
  for (const auto& inc : incidents) {
    // Only incidents escalated at some point since `from` need their events read.
    if (inc.left_out() || !inc.escalated_at || *inc.escalated_at < from || inc.created_at >= to) continue;
    auto loaded = HC_TRY(repo.load(inc.id, {.timeline = true, .before = cutoff(s)}));
    auto events = HC_TRY(store::ordered_events(loaded.file, repo.file_for(inc.id)));
    std::set<std::string, std::less<>> withdrawn;  // escalations an earlier response made moot
    for (const auto& t : loaded.incident.timeline)
      if (!t.withdrawn.empty()) withdrawn.insert(t.id);
    for (const auto* line : events) {
      const auto& e = line->value;
      if (e.value("type", "") != incident::event::escalated || withdrawn.contains(e.value("id", ""))) continue;
      // Like the fold: an origin or `to` that is not a string counts as none.
      if (auto origin = store::string_field(e, "origin").value_or(""); !origin.empty() && origin != loaded.incident.origin)
        continue;
      auto ts = core::parse_rfc3339(e.value("ts", ""));
      if (!ts || *ts < from || *ts >= to || *ts >= cutoff(s)) continue;
      Escalation x;
      x.incident = inc.id;
      x.title = inc.title;
      x.to = store::string_field(e, "to").value_or("");
      if (auto l = e.find("level"); l != e.end() && l->is_number_integer()) x.level = l->get<int>();
      x.at = *ts;
      out.push_back(std::move(x));
    }
  }
  std::sort(out.begin(), out.end(), [](const Escalation& a, const Escalation& b) {
    return a.at != b.at ? a.at < b.at : a.incident < b.incident;
  });
  return out;
}

core::Result<config::ChecksConfig> checks(const Sources& s) {
  auto c = HC_TRY(config::load_checks_config(s.ops));
  return c ? std::move(*c) : config::ChecksConfig{};
}

core::Result<Results> results(const Sources& s, const config::ChecksConfig& checks, TimePoint from, TimePoint to) {
  core::Seconds longest = checks.interval;
  for (const auto& c : checks.checks) longest = std::max(longest, c.interval);
  Results out;
  if (to <= from) return out;
  auto lo = from - 2 * longest;
  if (s.health && s.health->from <= lo && to <= s.health->to) {
    // The same results read_results() gives: it keeps [lo, to), oldest first (stable).
    const auto& all = s.health->results;
    auto by_time = [](const health::Recorded& r, TimePoint t) { return r.at < t; };
    auto first = std::lower_bound(all.begin(), all.end(), lo, by_time);
    out.all = std::span<const health::Recorded>(first, std::lower_bound(first, all.end(), to, by_time));
    return out;
  }
  out.read = HC_TRY(health::read_results(s.ops, lo, to, s.warn));
  out.all = out.read;
  return out;
}

void link_hotfixes(std::vector<HotfixRow>& hotfixes, const std::vector<incident::Incident>& incidents) {
  for (auto& h : hotfixes) {
    if (h.incident.empty()) continue;
    auto it = std::lower_bound(incidents.begin(), incidents.end(), h.incident,
                               [](const incident::Incident& i, const std::string& id) { return i.id < id; });
    if (it == incidents.end() || it->id != h.incident) continue;
    h.issue = it->title;
    h.resolution = it->is_open() ? std::string() : it->resolution;
  }
}

std::vector<std::string> linked_incidents(const std::vector<HotfixRow>& hotfixes) {
  std::vector<std::string> ids;
  for (const auto& h : hotfixes)
    if (!h.incident.empty()) ids.push_back(h.incident);
  std::sort(ids.begin(), ids.end());
  return ids;
}

IncidentLine line_of(const incident::Incident& inc, const config::HypercareConfig& cfg, TimePoint now) {
  IncidentLine l;
  l.incident = inc;
  auto sla = incident::compute_sla(inc, cfg, now);
  l.response = sla.response_time;
  l.resolution = sla.resolution_time;
  l.response_breached = sla.response_breached;
  l.resolution_breached = sla.resolution_breached;
  return l;
}

}  // namespace detail

}  // namespace hypercare::report
