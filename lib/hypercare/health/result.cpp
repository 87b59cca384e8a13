#include "hypercare/health/result.hpp"

#include <cmath>

#include <fmt/format.h>

namespace hypercare::health {

std::string_view status_name(Status s) {
  static constexpr std::string_view names[] = {"ok", "warn", "fail", "error"};
  return names[int(s)];
}

std::optional<Status> parse_status(std::string_view text) {
  for (int i = 0; i <= int(Status::error); ++i)
    if (status_name(Status(i)) == text) return Status(i);
  return std::nullopt;
}

Status worst(Status a, Status b) {
  auto rank = [](Status s) { return s == Status::error ? 3 : s == Status::fail ? 2 : int(s); };
  return rank(a) >= rank(b) ? a : b;
}

std::string_view verdict_name(Status s) {
  return s == Status::ok ? "GREEN" : s == Status::warn ? "YELLOW" : "RED";
}

std::pair<Status, std::string> judge(double v, const config::Thresholds& t) {
  // NaN compares false with everything: without this it would pass every threshold.
  if (std::isnan(v) && t.any()) return {Status::error, "the value is NaN (not a number), so no threshold can judge it"};
  if (t.fail_above && v > *t.fail_above) return {Status::fail, fmt::format("{:g} is above the fail threshold {:g}", v, *t.fail_above)};
  if (t.fail_below && v < *t.fail_below) return {Status::fail, fmt::format("{:g} is below the fail threshold {:g}", v, *t.fail_below)};
  if (t.warn_above && v > *t.warn_above) return {Status::warn, fmt::format("{:g} is above the warn threshold {:g}", v, *t.warn_above)};
  if (t.warn_below && v < *t.warn_below) return {Status::warn, fmt::format("{:g} is below the warn threshold {:g}", v, *t.warn_below)};
  return {Status::ok, fmt::format("{:g}", v)};
}

Status with_severity(Status s, const config::CheckSpec& spec) {
  return (!spec.critical && s == Status::fail) ? Status::warn : s;
}

std::string figure_text(const std::optional<double>& value, std::string_view unit, std::string_view output) {
  if (!value) return std::string(output);
  std::string v = *value == std::floor(*value) && std::fabs(*value) < 1e15 ? fmt::format("{:.0f}", *value) : fmt::format("{:.4g}", *value);
  if (unit.empty()) return v;
  return unit == "%" ? v + "%" : fmt::format("{} {}", v, unit);
}

}  // namespace hypercare::health
