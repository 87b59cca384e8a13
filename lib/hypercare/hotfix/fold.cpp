#include "hypercare/hotfix/fold.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/store/causal.hpp"

namespace hypercare::hotfix {

namespace {

using nlohmann::json;

constexpr std::string_view k_status[] = {"running", "succeeded", "rolled_back", "failed", "aborted", "interrupted"};
constexpr std::string_view k_step_status[] = {"ok", "failed", "timeout", "interrupted", "skipped"};

core::Error bad(const std::filesystem::path& path, std::size_t line, std::string_view what) {
  return core::Error{core::ErrorKind::data, fmt::format("{}:{}: {}", path.string(), line, what), "hypercare doctor"};
}

// Reads an optional field of one type; present with another type is an error.
template <class T>
core::Result<std::optional<T>> field(const json& j, const char* key, const std::filesystem::path& path, std::size_t line) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<T>{};
  bool ok = false;
  if constexpr (std::is_same_v<T, std::string>) ok = it->is_string();
  else if constexpr (std::is_integral_v<T>) ok = it->is_number_integer();
  if (!ok) return std::unexpected(bad(path, line, fmt::format("field '{}' has the wrong type", key)));
  return std::optional<T>{it->get<T>()};
}

core::Result<std::string> required(const json& j, const char* key, const std::filesystem::path& path, std::size_t line) {
  auto v = HC_TRY(field<std::string>(j, key, path, line));
  if (!v || v->empty()) return std::unexpected(bad(path, line, fmt::format("a {} event needs '{}'", j.value("type", ""), key)));
  return *v;
}

}  // namespace

std::string_view status_name(Status s) { return k_status[std::size_t(s)]; }
std::optional<Status> parse_status(std::string_view text) {
  for (std::size_t i = 0; i < std::size(k_status); ++i)
    if (k_status[i] == text) return Status(i);
  return std::nullopt;
}
std::string_view step_status_name(StepStatus s) { return k_step_status[std::size_t(s)]; }
std::optional<StepStatus> parse_step_status(std::string_view text) {
  for (std::size_t i = 0; i < std::size(k_step_status); ++i)
    if (k_step_status[i] == text) return StepStatus(i);
  return std::nullopt;
}

bool Hotfix::deployed() const {
  return std::any_of(steps.begin(), steps.end(), [](const StepRecord& s) { return s.name == "deploy"; });
}

core::Result<Hotfix> fold(const store::JsonlFile& file, const std::filesystem::path& path) {
  auto events = HC_TRY(store::ordered_events(file, path));
  // The creation comes first even when another clone's clock stamped a later event earlier.
  auto first_created = std::find_if(events.begin(), events.end(), [](const store::JsonlLine* l) {
    return l->value.value("type", "") == event::created;
  });
  if (first_created == events.end())
    return std::unexpected(bad(path, 1, "no `created` event: this is not a hotfix record"));
  std::rotate(events.begin(), first_created, first_created + 1);

  Hotfix h;
  h.torn_tail = file.torn_tail;
  bool created = false;
  for (const auto* line : events) {
    const json& j = line->value;
    auto n = line->line_no;
    std::string type = j.value("type", "");
    auto ts = *core::parse_rfc3339(j.at("ts").get<std::string>());  // checked by ordered_events
    std::string actor = HC_TRY(field<std::string>(j, "actor", path, n)).value_or("");
    if (type == event::created) {
      if (created) {
        if (j.at("id") != h.origin) ++h.duplicate_creations;
        continue;
      }
      created = true;
      h.origin = j.at("id").get<std::string>();
      h.id = HC_TRY(required(j, "hotfix", path, n));
      h.tag = HC_TRY(required(j, "tag", path, n));
      h.component = HC_TRY(required(j, "component", path, n));
      h.incident = HC_TRY(field<std::string>(j, "incident", path, n));
      h.host = HC_TRY(field<std::string>(j, "host", path, n)).value_or("");
      h.pid = HC_TRY(field<long long>(j, "pid", path, n));
      h.actor = actor;
      h.started_at = ts;
    } else if (type == event::step) {
      StepRecord s;
      s.name = HC_TRY(required(j, "step", path, n));
      auto status = parse_step_status(HC_TRY(required(j, "status", path, n)));
      if (!status) return std::unexpected(bad(path, n, fmt::format("unknown step status '{}'", j.value("status", ""))));
      s.status = *status;
      s.index = int(HC_TRY(field<long long>(j, "index", path, n)).value_or(1));
      s.attempt = int(HC_TRY(field<long long>(j, "attempt", path, n)).value_or(1));
      s.phase = HC_TRY(field<std::string>(j, "phase", path, n)).value_or(s.name == "rollback" ? "rollback" : "deploy");
      if (auto e = HC_TRY(field<long long>(j, "exit_code", path, n))) s.exit_code = int(*e);
      if (auto e = HC_TRY(field<long long>(j, "signal", path, n))) s.signal = int(*e);
      s.duration_ms = HC_TRY(field<long long>(j, "duration_ms", path, n)).value_or(0);
      s.output_tail = HC_TRY(field<std::string>(j, "output_tail", path, n)).value_or("");
      s.command = HC_TRY(field<std::string>(j, "command", path, n));
      s.at = ts;
      h.steps.push_back(std::move(s));
    } else if (type == event::previous) {
      h.previous = HC_TRY(field<std::string>(j, "previous", path, n));
    } else if (type == event::finished) {
      auto status = parse_status(HC_TRY(required(j, "status", path, n)));
      if (!status || *status == Status::running)
        return std::unexpected(bad(path, n, fmt::format("unknown hotfix status '{}'", j.value("status", ""))));
      h.status = *status;
      h.message = HC_TRY(field<std::string>(j, "message", path, n)).value_or("");
      h.finished_at = ts;
      if (auto inc = HC_TRY(field<std::string>(j, "incident_opened", path, n))) h.opened_incident = inc;
    } else if (type == event::rollback_requested) {
      h.status = Status::running;
      h.finished_at.reset();
      h.message.clear();
      h.rollbacks.push_back({ts, actor, HC_TRY(field<std::string>(j, "reason", path, n)).value_or(""), h.steps.size()});
    }
  }
  return h;
}

}  // namespace hypercare::hotfix
