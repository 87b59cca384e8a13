// The three reports as plain data: what `report daily`, `report summary` and `report bau` show,
// computed once and rendered as Markdown, JSON or HTML.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/config/bau_config.hpp"
#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/report/inputs.hpp"
#include "hypercare/report/metrics.hpp"
#include "hypercare/report/performance.hpp"

namespace hypercare::report {

// Local days [first, last] in the team zone: instants [from, to); figures stop at `until`
// (min(to, now)) because nothing after now is known.
struct Period {
  Day first, last;
  TimePoint from, to, until;
  std::string basis;  // how it was chosen: "hypercare window", "--from/--to", ...
  int days() const { return int((last - first).count()) + 1; }
};
Period make_period(Day first, Day last, core::Zone zone, TimePoint now, std::string basis);

struct Header {
  std::string team, timezone;
  TimePoint as_of{};  // the record as it stood then (Sources::as_of), not the time it was rendered
};

// ---- daily ------------------------------------------------------------------------------------

struct IncidentLine {
  incident::Incident incident;
  std::optional<Seconds> response, resolution;  // time to acknowledge / to resolve (incident/sla.hpp)
  bool response_breached = false, resolution_breached = false;
};

struct SlaBreach {
  std::string incident, title, kind;  // kind: response | resolution
  config::Priority priority = config::Priority::P4;
  TimePoint due{};
  std::optional<TimePoint> met_at;  // when it was done after all (late); nullopt: still not done
};

// The last reading that day of an info check (checks.toml kind = "info"): a figure, no verdict.
struct Figure {
  std::string check, service, unit;
  std::optional<double> value;
  std::string output;  // what the command printed, or the query's series
  bool read = true;    // false: it could not be read; `output` says why
  TimePoint at{};
};

struct DailyReport {
  Header header;
  Period day;  // one day
  bool partial = false;  // the day is not over yet
  std::vector<IncidentLine> opened, resolved, open;  // opened that day, resolved that day, open at its end
  std::array<std::size_t, 4> opened_by_priority{}, open_by_priority{};
  DurationStats response, resolution;  // of the incidents opened that day
  std::vector<Escalation> escalations;
  std::vector<SlaBreach> breaches;  // deadlines that fell that day and were missed
  std::size_t health_results = 0;
  std::map<std::string, health::Uptime> service_uptime;
  health::Uptime uptime;
  std::vector<CheckFailures> failed_checks;
  bool figures_configured = false;  // checks.toml has info checks
  std::vector<Figure> figures;      // in checks.toml order, then checks no longer there
  std::vector<HotfixRow> hotfixes;
  std::vector<HandoverRow> handovers;
  std::vector<IncidentLine> excluded;  // duplicates and false alarms opened that day: in no figure
};

// ---- summary ----------------------------------------------------------------------------------

// not_enough_data: measured, but over too little of the period to judge (uptime below
// [targets] min_coverage); `report summary --check` fails on it unless --allow-partial.
enum class Verdict { met, missed, no_data, not_enough_data };
std::string_view verdict_name(Verdict v);

struct TargetRow {
  std::string key;     // stable id for JSON: uptime, p1_count, ...
  std::string metric;  // "System uptime"
  std::string unit;    // percent | seconds | count | per_day
  double target = 0;
  std::optional<double> actual;
  std::string target_text, actual_text;  // as shown
  Verdict verdict = Verdict::no_data;
  std::optional<double> coverage;  // uptime: percent of the period that was measured
};

struct DayCount {
  Day day;
  std::array<std::size_t, 4> by_priority{};
};

struct SummaryReport {
  Header header;
  Period period;
  std::vector<TargetRow> targets;  // only those set in [targets]
  std::size_t incidents = 0;  // opened in the period, duplicates and false alarms left out
  IncidentStats stats;
  std::vector<IncidentLine> excluded;  // the duplicates and false alarms opened in the period
  std::vector<std::pair<std::string, std::size_t>> top_components, top_tags, top_alerts;
  std::vector<DayCount> per_day;
  std::vector<DayUptime> uptime_days;
  health::Uptime uptime;  // the whole period
  std::size_t health_results = 0;
  LatencyStats latency;     // every http result of the period
  Performance performance;  // response times (P95) and error rate per day (report/performance.hpp)
  Satisfaction satisfaction;
  EscalationDays escalations;
  std::vector<HotfixRow> hotfixes;
  std::string lessons;                  // Markdown
  std::filesystem::path lessons_file;   // empty: the template
  std::vector<std::string> missed() const;  // metrics of the missed targets
  std::vector<std::string> not_enough() const;  // metrics measured over too little of the period
  std::size_t count(Verdict v) const;           // targets with that verdict
  std::optional<double> uptime_coverage;  // percent of the period (so far) that health results cover
};

// ---- BAU --------------------------------------------------------------------------------------

struct ChecklistItem {
  enum class State { done, not_done, manual, no_data } state = State::manual;
  std::string item, evidence;
};

struct BauReport {
  Header header;
  Period window;  // the hypercare window (so far)
  config::BauConfig bau;
  std::vector<IncidentLine> known_incidents;  // unresolved now
  std::vector<CheckFailures> recurring_checks;  // failed at least k_recurring_failures times in the window
  std::vector<Flapping> flapping;               // in the last 48 hours
  std::vector<std::string> runbooks;            // files under the runbooks directory
  std::vector<std::string> components_without_runbook;
  std::vector<ChecklistItem> checklist;
  std::vector<HandoverRow> pending_handovers;
  std::string escalation_chain;  // from rota.toml when present: "primary → secondary → lead NAME"
  // The parts of the document hypercare.toml leaves empty ("[bau.backup] restore_test"): what
  // `report bau --check` fails on.
  std::vector<std::string> not_set;
};
inline constexpr std::size_t k_recurring_failures = 3;

}  // namespace hypercare::report
