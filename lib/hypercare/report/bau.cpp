// `report bau`: the BAU support transition document (seed §3 Day 730, Task 2) with the handover
// checklist computed where the records can answer it.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "hypercare/core/text.hpp"
#include "hypercare/report/build.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::report {

namespace {

namespace fs = std::filesystem;
using State = ChecklistItem::State;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Every part of the document the [bau] config leaves empty, by the key that fills it.
std::vector<std::string> unset_parts(const config::BauConfig& b, const std::vector<std::string>& runbook_files) {
  std::vector<std::string> out;
  auto need = [&](bool empty, const char* key) {
    if (empty) out.emplace_back(key);
  };
  need(b.tiers.empty(), "[[bau.tier]]");
  need(b.escalation_path.empty(), "[bau] escalation_path");
  need(b.dashboards.empty(), "[[bau.dashboard]]");
  need(b.alert_routing.empty(), "[[bau.alert_route]]");
  need(b.contacts.empty(), "[[bau.contact]]");
  need(b.documentation.technical.empty(), "[bau.documentation] technical");
  need(b.documentation.runbooks.empty() && runbook_files.empty(), "[bau.documentation] runbooks");
  need(b.documentation.faq.empty(), "[bau.documentation] faq");
  need(b.documentation.training.empty(), "[bau.documentation] training");
  need(b.maintenance.weekly.empty(), "[bau.maintenance] weekly");
  need(b.maintenance.monthly.empty(), "[bau.maintenance] monthly");
  need(b.maintenance.quarterly.empty(), "[bau.maintenance] quarterly");
  need(b.maintenance.daily_backup_check.empty(), "[bau.backup] daily_check");
  need(b.maintenance.restore_test.empty(), "[bau.backup] restore_test");
  return out;
}

}  // namespace

core::Result<BauReport> build_bau(const Sources& s, const Period& window) {
  const auto& cfg = *s.cfg;
  BauReport r;
  r.header = detail::header_of(s);
  r.window = window;
  r.bau = HC_TRY(config::load_bau_config(s.ops));
  r.escalation_chain = s.escalation_chain;

  auto all = HC_TRY(detail::incidents(s));
  std::set<std::string> components;
  std::size_t open_p1_p2 = 0;
  for (const auto& inc : all) {
    if (inc.is_open()) {
      r.known_incidents.push_back(detail::line_of(inc, cfg, s.as_of));
      if (inc.priority == config::Priority::P1 || inc.priority == config::Priority::P2) ++open_p1_p2;
    }
    if (inc.created_at >= window.from && inc.created_at < window.to && !inc.component.empty()) components.insert(inc.component);
  }
  std::sort(r.known_incidents.begin(), r.known_incidents.end(), [](const IncidentLine& a, const IncidentLine& b) {
    return a.incident.priority != b.incident.priority ? a.incident.priority < b.incident.priority
                                                      : a.incident.created_at < b.incident.created_at;
  });

  auto checks = HC_TRY(detail::checks(s));
  auto since = s.as_of - std::chrono::hours(48);
  auto start = std::min(window.from, since);
  auto results = HC_TRY(detail::results(s, checks, start, s.as_of + core::Seconds(1)));
  std::vector<health::Recorded> in_window, recent;
  for (const auto& x : results) {
    if (x.at >= window.from && x.at < window.until) in_window.push_back(x);
    if (x.at >= since && x.at <= s.as_of) recent.push_back(x);
  }
  for (auto& c : check_failures(in_window))
    if (c.failures >= k_recurring_failures || c.failing_now) r.recurring_checks.push_back(std::move(c));
  for (auto& f : status_changes(recent))
    if (f.changes >= k_flapping_changes) r.flapping.push_back(std::move(f));

  // Runbooks: files under the runbooks directory; a component is covered when a runbook's name or
  // text mentions it.
  auto dir = s.ops / r.bau.runbooks;
  std::vector<std::pair<std::string, std::string>> texts;  // name, lower-cased name + text
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    auto rel = fs::relative(it->path(), s.ops).string();
    auto text = store::read_file(it->path(), store::k_max_config_bytes);
    texts.emplace_back(rel, lower(rel) + "\n" + lower(text ? *text : std::string()));
  }
  std::sort(texts.begin(), texts.end());
  for (const auto& [name, text] : texts) r.runbooks.push_back(name);
  for (const auto& c : components)
    if (std::none_of(texts.begin(), texts.end(), [&](const auto& t) { return t.second.find(lower(c)) != std::string::npos; }))
      r.components_without_runbook.push_back(c);

  auto handovers = HC_TRY(load_handovers(s.ops, window.from, detail::cutoff(s), detail::cutoff(s), s.warn));
  for (const auto& h : handovers)
    if (!h.accepted_at) r.pending_handovers.push_back(h);

  // The seed's handover checklist, answered from the records where they can answer it.
  auto& cl = r.checklist;
  cl.push_back({open_p1_p2 == 0 ? State::done : State::not_done, "All P1/P2 issues resolved",
                open_p1_p2 == 0 ? "no P1 or P2 incident is open" : fmt::format("{} P1/P2 incident(s) still open", open_p1_p2)});
  cl.push_back({State::done, "Known issues documented",
                fmt::format("{} open incident(s) and {} recurring failing check(s) listed under Known issues",
                            r.known_incidents.size(), r.recurring_checks.size())});
  if (r.runbooks.empty())
    cl.push_back({State::not_done, "Runbooks updated with new scenarios",
                  fmt::format("no runbooks in {}/ (set [bau] runbooks to their directory)", r.bau.runbooks)});
  else if (!r.components_without_runbook.empty())
    cl.push_back({State::not_done, "Runbooks updated with new scenarios",
                  fmt::format("no runbook mentions {}", fmt::join(r.components_without_runbook, ", "))});
  else
    cl.push_back({State::done, "Runbooks updated with new scenarios",
                  fmt::format("{} runbook(s) cover every component that had an incident", r.runbooks.size())});
  cl.push_back({State::manual, "Support team trained on new issues", ""});
  if (recent.empty())
    cl.push_back({State::no_data, "Monitoring thresholds tuned", "no health results in the last 48 h"});
  else if (r.flapping.empty())
    cl.push_back({State::done, "Monitoring thresholds tuned",
                  fmt::format("no check changed status {} or more times in the last 48 h", k_flapping_changes)});
  else {
    std::vector<std::string> names;
    for (const auto& f : r.flapping) names.push_back(fmt::format("{} ({} changes)", f.check, f.changes));
    cl.push_back({State::not_done, "Monitoring thresholds tuned", "flapping in the last 48 h: " + fmt::format("{}", fmt::join(names, ", "))});
  }
  cl.push_back({State::manual, "Escalation procedures verified",
                r.escalation_chain.empty() ? std::string("no rota.toml: no escalation chain to show") : "chain: " + r.escalation_chain});
  if (handovers.empty())
    cl.push_back({State::no_data, "Shift handovers accepted", "no handovers recorded"});
  else
    cl.push_back({r.pending_handovers.empty() ? State::done : State::not_done, "Shift handovers accepted",
                  fmt::format("{} of {} handover(s) accepted", handovers.size() - r.pending_handovers.size(), handovers.size())});
  r.not_set = unset_parts(r.bau, r.runbooks);
  return r;
}

}  // namespace hypercare::report
