#include "hypercare/health/history.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/store/jsonl.hpp"

namespace hypercare::health {

namespace fs = std::filesystem;

core::Result<std::optional<Run>> latest_results(const fs::path& ops, const core::WarningSink& warn) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::directory_iterator(ops / "health", ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->path().extension() == ".jsonl") files.push_back(it->path());
  std::sort(files.begin(), files.end());
  if (files.size() > 3) files.erase(files.begin(), files.end() - 3);
  std::optional<Run> run;
  std::vector<std::pair<core::TimePoint, CheckResult>> latest;  // per check, in first-seen order
  for (const auto& f : files) {
    auto file = HC_TRY(store::read_jsonl_lenient(f, warn));
    if (file.torn_tail)
      warn(fmt::format("{}: the last line is incomplete and is ignored; `hypercare doctor --fix` repairs it", f.string()));
    for (const auto& line : file.lines) {
      const auto& j = line.value;
      // Fields of the wrong type make a result unreadable; one is skipped, said so, the others count.
      auto field = [&](const char* key) { return store::string_field(j, key).value_or(""); };
      auto ts = core::parse_rfc3339(field("ts"));
      auto st = parse_status(field("status"));
      auto kind = store::string_field(j, "kind"), service = store::string_field(j, "service"),
           message = store::string_field(j, "message");
      auto latency = store::integer_field(j, "latency_ms");
      if (!ts || !st || field("run").empty() || field("check").empty() || !kind || !service || !message ||
          !latency) {
        warn(fmt::format("skipped {}:{}: a result needs ts, run, check and status; kind, service and message are "
                         "strings and latency_ms a whole number",
                         f.string(), line.line_no));
        continue;
      }
      CheckResult r;
      r.name = field("check");
      r.kind = *kind;
      r.service = *service;
      r.status = *st;
      r.latency_ms = long(*latency);
      if (auto v = j.find("value"); v != j.end() && v->is_number()) r.value = v->get<double>();
      r.message = *message;
      r.unit = store::string_field(j, "unit").value_or("");
      r.at = *ts;
      if (!run || *ts >= run->at) run = Run{field("run"), *ts, Status::ok, {}, {}};
      auto it = std::find_if(latest.begin(), latest.end(), [&](const auto& x) { return x.second.name == r.name; });
      if (it == latest.end()) latest.emplace_back(*ts, std::move(r));
      else if (*ts >= it->first) *it = {*ts, std::move(r)};
    }
  }
  if (!run) return run;
  for (auto& [ts, r] : latest) {
    if (r.kind == "info") {
      run->info.push_back(std::move(r));  // a figure: no part of the verdict
      continue;
    }
    run->status = worst(run->status, r.status);
    run->checks.push_back(std::move(r));
  }
  return run;
}

std::vector<std::pair<std::string, Status>> service_verdicts(const Run& run) {
  std::vector<std::pair<std::string, Status>> out;
  for (const auto& r : run.checks) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& s) { return s.first == r.service; });
    if (it == out.end()) out.emplace_back(r.service, r.status);
    else it->second = worst(it->second, r.status);
  }
  return out;
}

}  // namespace hypercare::health
