// What the site shows, read from the ops dir as it stood at Options::as_of.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hypercare/handover/model.hpp"
#include "hypercare/health/result.hpp"
#include "hypercare/hotfix/model.hpp"
#include "hypercare/incident/model.hpp"
#include "hypercare/maintenance/window.hpp"
#include "hypercare/notify/outbox.hpp"
#include "hypercare/report/build.hpp"
#include "hypercare/report/model.hpp"
#include "hypercare/rota/on_call.hpp"
#include "hypercare/site/site.hpp"
#include "hypercare/status/summary.hpp"

namespace hypercare::site {

inline constexpr int k_strip_days = 30;

struct Service {
  std::string name;
  health::Status status = health::Status::ok;  // the worst latest result of its checks
  core::TimePoint checked_at{};                // the newest of those results
  bool stale = false;  // no check of it has a result from the last two of its intervals: the
                       // verdict is old news
  std::vector<std::optional<double>> uptime;  // per day of Inputs::strip, percent; nullopt: no data
};

struct Inputs {
  std::optional<status::Window> window;
  std::vector<incident::Incident>
      incidents;  // every incident created by as_of, as it stood then, by id
  // The stamp_of() of each resolved incident's record file, beside `incidents` (the team's site
  // only): what its page and the reports of the days it touched are fingerprinted by.
  std::vector<std::string> record_stamps;
  std::vector<std::chrono::sys_days> strip;  // the uptime strip's days, oldest first, ending today
  std::vector<Service> services;             // by name
  std::vector<maintenance::Window> maintenance;  // active or upcoming, by start
  std::optional<handover::Handover> handover;    // the newest
  std::vector<notify::Entry> outbox;             // waiting to be sent
  std::vector<hotfix::Hotfix> hotfixes;          // started by as_of
  std::optional<rota::OnCall> on_call;
  // The days the daily reports cover (the window's so far, else the last 7), and the period of the
  // summary.
  std::vector<std::chrono::sys_days> report_days;
  std::optional<report::SummaryReport> summary;
  // The judged health results, read once: the strip's, the summary's and each day's come from it.
  std::shared_ptr<const report::Sources::HealthRead> health;
};

core::Result<Inputs> gather(const Options& o);

}  // namespace hypercare::site
