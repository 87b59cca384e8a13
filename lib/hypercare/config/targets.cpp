#include "hypercare/config/hypercare_config.hpp"

#include <fmt/format.h>

namespace hypercare::config {

bool Targets::any() const {
  bool per_priority = false;
  for (const auto& r : resolution) per_priority = per_priority || r.mean || r.p95;
  return uptime || critical_response || avg_resolution || per_priority || satisfaction || max_escalations_per_day ||
         max_p1 || max_p2;
}

core::Result<Targets> parse_targets(const TomlFile& f) {
  Targets out;
  const auto* t = HC_TRY(f.table(f.root(), "targets", "targets"));
  if (!t) return out;
  auto percent = [&](std::string_view key) -> core::Result<std::optional<double>> {
    auto kp = fmt::format("targets.{}", key);
    auto v = HC_TRY(f.number(*t, key, kp));
    if (v && (*v < 0 || *v > 100)) return std::unexpected(f.error_at(t->get(key), kp, "must be a percentage from 0 to 100"));
    return v;
  };
  auto count = [&](std::string_view key) -> core::Result<std::optional<int>> {
    auto kp = fmt::format("targets.{}", key);
    auto v = HC_TRY(f.integer(*t, key, kp));
    if (!v) return std::optional<int>{};
    if (*v < 0 || *v > 1000000) return std::unexpected(f.error_at(t->get(key), kp, "must be zero or more"));
    return std::optional<int>{int(*v)};
  };
  out.uptime = HC_TRY(percent("uptime"));
  if (auto c = HC_TRY(percent("min_coverage"))) out.min_coverage = *c;
  out.satisfaction = HC_TRY(percent("satisfaction"));
  out.critical_response = HC_TRY(f.duration(*t, "critical_response", "targets.critical_response"));
  out.avg_resolution = HC_TRY(f.duration(*t, "avg_resolution", "targets.avg_resolution"));
  out.max_escalations_per_day = HC_TRY(count("max_escalations_per_day"));
  out.max_p1 = HC_TRY(count("max_p1"));
  out.max_p2 = HC_TRY(count("max_p2"));
  auto& p1 = out.resolution[0];
  p1.mean = HC_TRY(f.duration(*t, "p1_resolution", "targets.p1_resolution"));

  if (const auto* res = HC_TRY(f.table(*t, "resolution", "targets.resolution"))) {
    for (const auto& [key, node] : *res) {
      std::string kp = fmt::format("targets.resolution.{}", key.str());
      auto p = parse_priority(key.str());
      if (!p || key.str()[0] != 'P')
        return std::unexpected(f.error_at(&node, kp, "unknown priority level: use P1, P2, P3 or P4"));
      const auto* pt = node.as_table();
      if (!pt) return std::unexpected(f.error_at(&node, kp, "must be a table such as { mean = \"4h\", p95 = \"8h\" }"));
      for (const auto& [k, v] : *pt)
        if (k.str() != "mean" && k.str() != "p95")
          return std::unexpected(f.error_at(&v, kp + "." + std::string(k.str()), "unknown key: use mean and p95"));
      auto& r = out.resolution[std::size_t(*p)];
      auto mean = HC_TRY(f.duration(*pt, "mean", kp + ".mean"));
      if (mean && r.mean)
        return std::unexpected(f.error_at(pt->get("mean"), kp + ".mean",
                                          "is set twice: targets.p1_resolution already is the P1 mean; keep one"));
      if (mean) r.mean = mean;
      r.p95 = HC_TRY(f.duration(*pt, "p95", kp + ".p95"));
    }
  }
  return out;
}

}  // namespace hypercare::config
