#include "hypercare/report/metrics.hpp"

#include "hypercare/incident/sla.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hypercare::report {

template <class T>
T percentile(const std::vector<T>& sorted, double p) {
  auto n = sorted.size();
  auto rank = std::size_t(std::ceil(p / 100.0 * double(n) - 1e-9));
  rank = std::clamp<std::size_t>(rank, 1, n);
  return sorted[rank - 1];
}
template Seconds percentile(const std::vector<Seconds>&, double);
template std::chrono::milliseconds percentile(const std::vector<std::chrono::milliseconds>&, double);

namespace {

template <class T>
Stats<T> stats_of(std::vector<T> values) {
  Stats<T> s;
  s.count = values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  long long sum = 0;
  for (const auto& v : values) sum += v.count();
  auto n = (long long)values.size();
  s.mean = T((sum + n / 2) / n);
  s.p50 = percentile(values, 50);
  s.p95 = percentile(values, 95);
  s.max = values.back();
  return s;
}

void count(PriorityStats& ps, const incident::Incident& inc) {
  ++ps.count;
  if (inc.is_open()) ++ps.open;
  else ++ps.resolved;
}

}  // namespace

DurationStats duration_stats(std::vector<Seconds> values) { return stats_of(std::move(values)); }
LatencyStats latency_stats(std::vector<std::chrono::milliseconds> values) { return stats_of(std::move(values)); }

IncidentStats incident_stats(std::span<const incident::Incident> incidents) {
  IncidentStats out;
  std::array<std::vector<Seconds>, 4> response, resolution;
  std::vector<Seconds> all_response, all_resolution;
  for (const auto& inc : incidents) {
    if (inc.left_out()) {
      ++out.excluded;
      continue;
    }
    count(out.by_priority[std::size_t(inc.priority)], inc);
    count(out.all, inc);
    // A time counts under the priority its clock was judged on (incident/sla.hpp).
    if (auto t = incident::response_time(inc)) {
      response[std::size_t(inc.response_priority.value_or(inc.priority))].push_back(*t);
      all_response.push_back(*t);
    }
    if (auto t = incident::resolution_time(inc)) {
      resolution[std::size_t(inc.resolution_priority.value_or(inc.priority))].push_back(*t);
      all_resolution.push_back(*t);
    }
  }
  for (std::size_t p = 0; p < 4; ++p) {
    out.by_priority[p].response = duration_stats(std::move(response[p]));
    out.by_priority[p].resolution = duration_stats(std::move(resolution[p]));
  }
  out.all.response = duration_stats(std::move(all_response));
  out.all.resolution = duration_stats(std::move(all_resolution));
  return out;
}

std::optional<double> percent_of(const health::Uptime& u) {
  auto known = (u.up + u.down).count();
  if (known == 0) return std::nullopt;
  return 100.0 * double(u.up.count()) / double(known);
}

std::optional<double> DayUptime::percent() const { return percent_of(uptime); }

std::optional<double> DayUptime::coverage() const {
  if (length.count() == 0) return std::nullopt;
  return 100.0 * double((uptime.up + uptime.down).count()) / double(length.count());
}

std::vector<DayUptime> uptime_per_day(std::span<const health::Recorded> sorted, const config::ChecksConfig& checks,
                                      Day first, Day last, core::Zone zone, TimePoint now) {
  std::vector<DayUptime> out;
  for (Day d = first; d <= last; d += std::chrono::days(1)) {
    DayUptime du;
    du.day = d;
    auto a = core::start_of_local_day(d, zone);
    auto b = std::min(core::start_of_local_day(d + std::chrono::days(1), zone), now);
    if (a < b) {
      du.length = b - a;
      du.uptime = health::uptime(health::window(sorted, checks, a, b), checks, a, b).overall;
    }
    out.push_back(du);
  }
  return out;
}

Satisfaction satisfaction(std::span<const feedback::Response> responses, TimePoint from, TimePoint to) {
  Satisfaction s;
  for (const auto& r : responses) {
    if (r.at < from || r.at >= to) continue;
    ++s.responses;
    if (r.score >= feedback::k_positive_score) ++s.positive;
  }
  if (s.responses) s.percent = 100.0 * double(s.positive) / double(s.responses);
  return s;
}

EscalationDays escalations_per_day(std::span<const Escalation> escalations, Day first, Day last, core::Zone zone,
                                   TimePoint now) {
  EscalationDays out;
  for (Day d = first; d <= last; d += std::chrono::days(1)) {
    if (core::start_of_local_day(d, zone) > now) break;  // a day still to come has no count yet
    out.per_day.emplace_back(d, 0);
  }
  for (const auto& e : escalations) {
    auto d = core::local_day(e.at, zone);
    for (auto& [day, n] : out.per_day)
      if (day == d) {
        ++n;
        ++out.total;
      }
  }
  if (out.per_day.empty()) return out;
  out.mean = double(out.total) / double(out.per_day.size());
  auto worst = std::max_element(out.per_day.begin(), out.per_day.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
  out.max = worst->second;
  out.worst_day = worst->first;
  return out;
}

std::vector<CheckFailures> check_failures(std::span<const health::Recorded> results) {
  std::vector<CheckFailures> out;
  std::map<std::string, std::size_t> at;
  for (const auto& r : results) {
    auto [it, fresh] = at.try_emplace(r.check, out.size());
    if (fresh) out.push_back({r.check, r.service, 0, 0, {}, {}, {}, false});
    auto& c = out[it->second];
    ++c.results;
    bool failed = r.status == health::Status::fail || r.status == health::Status::error;
    c.failing_now = failed;
    if (!failed) continue;
    if (c.failures++ == 0) c.first = r.at;
    c.last = r.at;
    c.last_message = r.message;
  }
  std::erase_if(out, [](const CheckFailures& c) { return c.failures == 0; });
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.failures != b.failures ? a.failures > b.failures : a.check < b.check;
  });
  return out;
}

std::vector<Flapping> status_changes(std::span<const health::Recorded> results) {
  std::vector<Flapping> out;
  std::map<std::string, std::pair<std::size_t, health::Status>> at;
  for (const auto& r : results) {
    auto it = at.find(r.check);
    if (it == at.end()) {
      at.emplace(r.check, std::pair{out.size(), r.status});
      out.push_back({r.check, r.service, 0, 1});
      continue;
    }
    auto& f = out[it->second.first];
    ++f.results;
    if (r.status != it->second.second) ++f.changes;
    it->second.second = r.status;
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.changes != b.changes ? a.changes > b.changes : a.check < b.check;
  });
  return out;
}

bool is_http(const health::Recorded& r, const config::ChecksConfig& checks) {
  if (!r.kind.empty()) return r.kind == "http";
  return std::any_of(checks.checks.begin(), checks.checks.end(),
                     [&](const config::CheckSpec& c) { return c.name == r.check && c.kind == config::CheckKind::http; });
}

LatencyStats http_latency(std::span<const health::Recorded> results, const config::ChecksConfig& checks) {
  std::vector<std::chrono::milliseconds> values;
  for (const auto& r : results)
    if (is_http(r, checks)) values.emplace_back(r.latency_ms);
  return latency_stats(std::move(values));
}

}  // namespace hypercare::report
