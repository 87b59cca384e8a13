// Info checks: a figure recorded and shown without a verdict (the seed's daily health script:
// pods per phase, resource use, database connections, errors in the last day, storage).
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "hypercare/health/kinds.hpp"
#include "hypercare/health/prometheus.hpp"

namespace hypercare::health {

namespace {

constexpr std::size_t k_max_lines = 20;
constexpr std::size_t k_max_bytes = 2000;

// At most k_max_lines lines and k_max_bytes bytes (cut at a character), saying what was left out.
std::string bounded(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  std::size_t lines = 0, cut = std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' && ++lines == k_max_lines) {
      cut = i;
      break;
    }
  std::size_t total_lines = std::size_t(std::count(text.begin(), text.end(), '\n')) + 1;
  if (cut == std::string::npos && text.size() <= k_max_bytes) return text;
  std::size_t end = std::min(cut, k_max_bytes);
  while (end > 0 && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text + fmt::format("\n… ({} lines in all)", total_lines);
}

// The number that is the whole text ("42", "3.5"), if it is one.
std::optional<double> lone_number(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  return v == std::floor(v) && std::fabs(v) < 1e15 ? fmt::format("{:.0f}", v) : fmt::format("{:.6g}", v);
}

void from_command(const config::CheckSpec& spec, const CheckEnv& env, CheckResult& r) {
  auto out = exec::run(command_request(spec, env));
  if (!out) {
    r.status = Status::error;
    r.message = out.error().message;
    return;
  }
  r.latency_ms = long(out->duration.count());
  if (out->timed_out || out->exit_code != 0) {
    r.status = Status::error;
    auto said = bounded(out->err.empty() ? out->out : out->err);
    r.message = out->timed_out ? fmt::format("timed out after {}", core::format_duration_ms(spec.timeout))
                : out->signal  ? fmt::format("killed by signal {}", out->signal)
                               : fmt::format("exit {}{}{}", out->exit_code, said.empty() ? "" : ": ", said);
    return;
  }
  r.message = bounded(out->out);
  r.value = lone_number(r.message);
}

void from_query(const config::CheckSpec& spec, const CheckEnv& env, CheckResult& r) {
  auto started = std::chrono::steady_clock::now();
  auto samples = instant_query(env.prometheus_url, spec.query, spec.timeout);
  r.latency_ms = long(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
  if (!samples) {
    r.status = Status::error;
    r.message = samples.error().message;
    return;
  }
  if (samples->empty()) {
    r.message = "no data (the query returned nothing)";
    return;
  }
  if (samples->size() == 1 && !std::isnan(samples->front().value)) {
    r.value = samples->front().value;
    r.message = samples->front().labels;
    return;
  }
  std::string lines;
  for (const auto& s : *samples) lines += fmt::format("{}{}: {}", lines.empty() ? "" : "\n", s.labels.empty() ? "{}" : s.labels, number(s.value));
  r.message = bounded(std::move(lines));
}

}  // namespace

CheckResult run_info(const config::CheckSpec& spec, const CheckEnv& env) {
  CheckResult r{spec.name, "info", spec.service, Status::ok, 0, {}, {}, {}, spec.unit};
  if (!spec.query.empty()) from_query(spec, env, r);
  else from_command(spec, env, r);
  return r;
}

}  // namespace hypercare::health
