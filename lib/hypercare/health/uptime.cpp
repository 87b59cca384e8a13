#include "hypercare/health/uptime.hpp"

#include <algorithm>

#include <date/date.h>
#include <fmt/format.h>

#include "hypercare/store/jsonl.hpp"

namespace hypercare::health {

namespace fs = std::filesystem;
using Interval = std::pair<core::TimePoint, core::TimePoint>;

namespace {

std::vector<Interval> merged(std::vector<Interval> v) {
  std::sort(v.begin(), v.end());
  std::vector<Interval> out;
  for (const auto& i : v) {
    if (i.first >= i.second) continue;
    if (!out.empty() && i.first <= out.back().second) out.back().second = std::max(out.back().second, i.second);
    else out.push_back(i);
  }
  return out;
}

core::Seconds total(const std::vector<Interval>& v) {
  core::Seconds s{0};
  for (const auto& [a, b] : v) s += b - a;
  return s;
}

struct Coverage {
  std::vector<Interval> known, down;
};

Uptime measure(const Coverage& c, core::Seconds range) {
  auto known = merged(c.known);
  auto down = merged(c.down);
  Uptime u;
  u.down = total(down);
  u.up = total(known) - u.down;
  u.unknown = range - total(known);
  return u;
}

}  // namespace

double Uptime::percent() const {
  auto known = (up + down).count();
  return known == 0 ? 100.0 : 100.0 * double(up.count()) / double(known);
}

core::Result<std::vector<Recorded>> read_results(const fs::path& ops, core::TimePoint from, core::TimePoint to,
                                                 const core::WarningSink& warn) {
  std::vector<Recorded> out;
  for (auto day = std::chrono::floor<date::days>(from); day <= std::chrono::floor<date::days>(to); day += date::days(1)) {
    auto path = ops / "health" / (date::format("%F", day) + ".jsonl");
    std::error_code ec;
    if (!fs::exists(path, ec)) continue;
    auto file = HC_TRY(store::read_jsonl(path));
    if (file.torn_tail)
      warn(fmt::format("{}: the last line is incomplete and is ignored; `hypercare doctor --fix` repairs it", path.string()));
    for (const auto& line : file.lines) {
      const auto& j = line.value;
      auto ts = core::parse_rfc3339(j.value("ts", ""));
      auto st = parse_status(j.value("status", ""));
      if (!ts || !st || j.value("check", "").empty())
        return core::fail(core::ErrorKind::data, fmt::format("{}:{}: a result needs ts, check and status", path.string(), line.line_no),
                          "hypercare doctor");
      if (*ts < from || *ts >= to) continue;
      Recorded r{*ts, j.value("run", ""), j.value("check", ""), j.value("service", ""), *st, j.value("latency_ms", 0L), {},
                 j.value("message", "")};
      if (auto v = j.find("value"); v != j.end() && v->is_number()) r.value = v->get<double>();
      out.push_back(std::move(r));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Recorded& a, const Recorded& b) { return a.at < b.at; });
  return out;
}

UptimeReport uptime(const std::vector<Recorded>& results, const config::ChecksConfig& cfg, core::TimePoint from,
                    core::TimePoint to) {
  std::map<std::string, std::vector<const Recorded*>> by_check;
  for (const auto& r : results) by_check[r.check].push_back(&r);
  std::map<std::string, Coverage> checks, services;
  Coverage overall;
  for (const auto& [name, rs] : by_check) {
    core::Seconds interval = cfg.interval;
    for (const auto& c : cfg.checks)
      if (c.name == name || name.starts_with(c.name + "/")) interval = c.interval;
    auto& cov = checks[name];
    for (std::size_t i = 0; i < rs.size(); ++i) {
      auto start = rs[i]->at;
      auto end = std::min(to, start + 2 * interval);
      if (i + 1 < rs.size()) end = std::min(end, rs[i + 1]->at);
      cov.known.emplace_back(start, end);
      if (rs[i]->status == Status::fail || rs[i]->status == Status::error) cov.down.emplace_back(start, end);
    }
    auto& svc = services[rs.front()->service];
    svc.known.insert(svc.known.end(), cov.known.begin(), cov.known.end());
    svc.down.insert(svc.down.end(), cov.down.begin(), cov.down.end());
    overall.known.insert(overall.known.end(), cov.known.begin(), cov.known.end());
    overall.down.insert(overall.down.end(), cov.down.begin(), cov.down.end());
  }
  auto range = to - from;
  UptimeReport rep;
  for (const auto& [name, c] : checks) rep.checks[name] = measure(c, range);
  for (const auto& [name, c] : services) rep.services[name] = measure(c, range);
  rep.overall = measure(overall, range);
  return rep;
}

}  // namespace hypercare::health
