// Builds the reports from an ops dir: loads what each needs (incidents through the index,
// escalation events, health results, feedback, hotfixes, handovers, lessons.md) and computes.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "hypercare/config/checks_config.hpp"
#include "hypercare/core/context.hpp"
#include "hypercare/health/uptime.hpp"
#include "hypercare/incident/index.hpp"
#include "hypercare/report/model.hpp"

namespace hypercare::report {

// A report is computed from the record as it stood at `as_of`: events, results, responses and
// rows stamped after it are left out, so a report for a closed period (as of its end) prints the
// same document tomorrow, next month and on every clone. Open clocks run to `as_of`.
struct Sources {
  std::filesystem::path ops;
  const config::HypercareConfig* cfg = nullptr;
  TimePoint as_of{};
  bool use_cache = true;
  core::WarningSink warn = [](const std::string&) {};
  std::string escalation_chain;  // shown by the BAU document; worked out by the caller from the rota
  // Judged health results read once for many reports (the site builds dozens): the results of
  // [from, to), as health::read_results() gives them. A report whose range it covers takes its
  // part from here instead of reading the files again.
  struct HealthRead {
    TimePoint from{}, to{};
    std::vector<health::Recorded> results, info;  // judged; the info checks' figures
  };
  std::shared_ptr<const HealthRead> health;
};

core::Result<DailyReport> build_daily(const Sources& sources, Day day);
core::Result<SummaryReport> build_summary(const Sources& sources, const Period& period);
core::Result<BauReport> build_bau(const Sources& sources, const Period& window);

// Shared by the builders (sources.cpp).
namespace detail {
Header header_of(const Sources& s);
core::Result<std::vector<incident::Incident>> incidents(const Sources& s);
// incidents(), narrowed to what a span [from, to) can show (created before its end, and not
// resolved and quiet with every deadline before its start) plus the ones `also` names (sorted
// ids): decoded from the index key by key, so a report about one day costs what the day holds.
core::Result<std::vector<incident::Incident>> incidents_touching(const Sources& s, TimePoint from, TimePoint to,
                                                                 const std::vector<std::string>& also);
// Whether a span [from, to) can show an incident, from its index key: what incidents_touching()
// keeps. `also` must outlive the filter.
incident::KeyFilter touches(const Sources& s, TimePoint from, TimePoint to, const std::vector<std::string>& also);
// The positions in `snap` of the incidents incidents_touching() decodes (with the cache on).
std::vector<std::size_t> touching(const Sources& s, const incident::Snapshot& snap, TimePoint from, TimePoint to,
                                  const std::vector<std::string>& also);
// Records stamped at or before as_of count; this is the first instant that does not.
inline TimePoint cutoff(const Sources& s) { return s.as_of + core::Seconds(1); }
// Escalation events stamped in [from, to), as of s.as_of, of the incidents the figures count
// (not left_out()).
core::Result<std::vector<Escalation>> escalations(const Sources& s, const std::vector<incident::Incident>& incidents,
                                                  TimePoint from, TimePoint to);
core::Result<config::ChecksConfig> checks(const Sources& s);
// Results in [from - lookback, to), lookback covering the first result that stands into `from`:
// a part of Sources::health when it covers them, else read for the report. Not copyable: `all`
// may point into `read`.
struct Results {
  std::vector<health::Recorded> read;
  std::span<const health::Recorded> all;
  Results() = default;
  Results(Results&&) = default;
  Results(const Results&) = delete;
  auto begin() const { return all.begin(); }
  auto end() const { return all.end(); }
  std::size_t size() const { return all.size(); }
  operator std::span<const health::Recorded>() const { return all; }
};
core::Result<Results> results(const Sources& s, const config::ChecksConfig& checks, TimePoint from, TimePoint to);
IncidentLine line_of(const incident::Incident& inc, const config::HypercareConfig& cfg, TimePoint now);
// Fills each hotfix's Issue and Resolution from the incident it names.
void link_hotfixes(std::vector<HotfixRow>& hotfixes, const std::vector<incident::Incident>& incidents);
// The ids of the incidents `hotfixes` name, sorted: what incidents_touching() must keep too.
std::vector<std::string> linked_incidents(const std::vector<HotfixRow>& hotfixes);
}  // namespace detail

}  // namespace hypercare::report
