#include "hypercare/health/runner.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include <date/date.h>
#include <fmt/format.h>

#include "hypercare/store/jsonl.hpp"

namespace hypercare::health {

core::Result<std::vector<config::CheckSpec>> select_checks(const config::ChecksConfig& cfg, const RunOptions& o) {
  std::vector<config::CheckSpec> out;
  for (const auto& name : o.names) {
    auto it = std::find_if(cfg.checks.begin(), cfg.checks.end(), [&](const auto& c) { return c.name == name; });
    if (it == cfg.checks.end()) {
      std::string known;
      for (const auto& c : cfg.checks) known += (known.empty() ? "" : ", ") + c.name;
      return core::fail(core::ErrorKind::missing, fmt::format("no check named '{}' in {}", name, cfg.file.string()),
                        known.empty() ? "" : "the checks are: " + known);
    }
  }
  for (const auto& c : cfg.checks) {
    if (!o.names.empty() && std::find(o.names.begin(), o.names.end(), c.name) == o.names.end()) continue;
    if (!o.tags.empty() && std::none_of(o.tags.begin(), o.tags.end(), [&](const std::string& t) {
          return std::find(c.tags.begin(), c.tags.end(), t) != c.tags.end();
        }))
      continue;
    out.push_back(c);
    if (o.timeout) out.back().timeout = *o.timeout;
  }
  return out;
}

Run run_checks(const std::vector<config::CheckSpec>& checks, const CheckEnv& env, const RunOptions& o,
               core::TimePoint now, const core::Random& random) {
  Run run;
  // Runs come every few minutes: 30 random bits keep a day's ids apart.
  run.run_id = core::new_record_id("HC", now, random, 6);
  run.at = now;
  std::vector<std::vector<CheckResult>> slots(checks.size());
  // Checks that wait on the network (http, tcp, prometheus, rules) cost a thread each but no CPU:
  // they all start at once, up to k_network_parallel; local ones share `parallel` workers.
  constexpr std::size_t k_network_parallel = 128;
  auto network = [](const config::CheckSpec& c) {
    return c.kind == config::CheckKind::info ? !c.query.empty() : c.kind != config::CheckKind::command && c.kind != config::CheckKind::disk;
  };
  std::vector<std::size_t> local_queue, network_queue;
  for (std::size_t i = 0; i < checks.size(); ++i) (network(checks[i]) ? network_queue : local_queue).push_back(i);
  std::atomic<std::size_t> next_local{0}, next_network{0}, done{0};
  std::mutex progress_mutex;
  auto worker = [&](const std::vector<std::size_t>& queue, std::atomic<std::size_t>& next) {
    for (std::size_t q = next++; q < queue.size(); q = next++) {
      std::size_t i = queue[q];
      const auto& c = checks[i];
      std::vector<CheckResult> rs;
      switch (c.kind) {
        case config::CheckKind::http: rs.push_back(run_http(c, env)); break;
        case config::CheckKind::tcp: rs.push_back(run_tcp(c, env)); break;
        case config::CheckKind::command: rs.push_back(run_command(c, env)); break;
        case config::CheckKind::disk: rs.push_back(run_disk(c, env)); break;
        case config::CheckKind::prometheus: rs.push_back(run_prometheus(c, env)); break;
        case config::CheckKind::rules: rs = run_rules(c, env); break;
        case config::CheckKind::info: rs.push_back(run_info(c, env)); break;
      }
      if (c.kind != config::CheckKind::info)
        for (auto& r : rs) r.status = with_severity(r.status, c);
      slots[i] = std::move(rs);
      auto d = ++done;
      if (o.progress) {
        std::lock_guard lock(progress_mutex);
        o.progress(d, checks.size());
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t i = 0; i < std::min(std::max<std::size_t>(o.parallel, 1), local_queue.size()); ++i)
    pool.emplace_back(worker, std::cref(local_queue), std::ref(next_local));
  for (std::size_t i = 0; i < std::min(k_network_parallel, network_queue.size()); ++i)
    pool.emplace_back(worker, std::cref(network_queue), std::ref(next_network));
  for (auto& t : pool) t.join();
  for (std::size_t i = 0; i < slots.size(); ++i)
    for (auto& r : slots[i]) {
      if (checks[i].kind == config::CheckKind::info) {
        run.info.push_back(std::move(r));  // a figure: no part of the verdict
        continue;
      }
      run.status = worst(run.status, r.status);
      run.checks.push_back(std::move(r));
    }
  return run;
}

core::Status record(const Run& run, store::WriteOptions write, const core::Random& random) {
  if (run.checks.empty() && run.info.empty()) return {};
  std::filesystem::path rel = std::filesystem::path("health") / (date::format("%F", run.at) + ".jsonl");
  auto session = HC_TRY(store::WriteSession::begin(write));
  std::error_code ec;
  bool exists = std::filesystem::exists(write.ops_dir / rel, ec);
  std::string lines;
  std::vector<const CheckResult*> all;
  for (const auto& r : run.checks) all.push_back(&r);
  for (const auto& r : run.info) all.push_back(&r);
  for (const auto* p : all) {
    const auto& r = *p;
    nlohmann::json e = {{"v", 1},
                        {"id", core::new_event_id(run.at, random)},
                        {"ts", core::format_rfc3339(run.at)},
                        {"actor", write.actor},
                        {"type", "result"},
                        {"run", run.run_id},
                        {"check", r.name},
                        {"kind", r.kind},
                        {"service", r.service},
                        {"status", status_name(r.status)},
                        {"latency_ms", r.latency_ms},
                        {"value", r.value ? nlohmann::json(*r.value) : nlohmann::json(nullptr)},
                        {"message", r.message}};
    if (!r.unit.empty()) e["unit"] = r.unit;
    lines += store::to_line(e);
  }
  // One write for the whole run: a crash leaves all of it or a torn tail, never half a run.
  HC_CHECK(session.append(rel, lines, !exists));
  session.finish(fmt::format("health-check {}: {} ({} checks{}) by {}", run.run_id, status_name(run.status), run.checks.size(),
                             run.info.empty() ? "" : fmt::format(", {} figures", run.info.size()), write.actor));
  return {};
}

}  // namespace hypercare::health
