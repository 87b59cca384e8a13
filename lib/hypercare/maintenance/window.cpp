#include "hypercare/maintenance/window.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "hypercare/store/causal.hpp"
#include "hypercare/store/jsonl.hpp"

namespace hypercare::maintenance {

namespace fs = std::filesystem;

bool Window::covers_component(std::string_view component) const {
  return components.empty() || std::find(components.begin(), components.end(), component) != components.end();
}

std::string Window::state(TimePoint t) const {
  if (cancelled()) return "cancelled";
  if (active(t)) return "active";
  return t < from ? "scheduled" : "ended";
}

fs::path window_file(std::string_view id) {
  // MW-YYYYMMDD-XXXX → maintenance/YYYY-MM.jsonl
  std::string_view date = id.size() >= 11 ? id.substr(3, 8) : std::string_view("00000000");
  return fs::path(k_dir) / fmt::format("{}-{}.jsonl", date.substr(0, 4), date.substr(4, 2));
}

namespace {

std::optional<TimePoint> time_field(const nlohmann::json& j, std::string_view key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  auto t = core::parse_rfc3339(it->get_ref<const std::string&>());
  return t ? std::optional<TimePoint>(*t) : std::nullopt;
}

std::string string_field(const nlohmann::json& j, std::string_view key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

core::Result<std::vector<Window>> load_windows(const fs::path& ops, const core::WarningSink& warn) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::directory_iterator(ops / k_dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->path().extension() == ".jsonl") files.push_back(it->path());
  std::sort(files.begin(), files.end());
  std::map<std::string, Window> by_id;
  for (const auto& path : files) {
    auto file = HC_TRY(store::read_jsonl_lenient(path, warn));
    if (file.torn_tail)
      warn(fmt::format("{}: the last line is incomplete and is ignored; `hypercare doctor --fix` repairs it", path.string()));
    auto events = store::ordered_events(file, path);
    if (!events) {
      warn(fmt::format("skipped {}: {}", path.string(), events.error().message));
      continue;
    }
    for (const auto* line : *events) {
      const auto& e = line->value;
      auto where = fmt::format("{}:{}", path.string(), line->line_no);
      std::string type = string_field(e, "type"), id = string_field(e, "window");
      if (id.empty()) {
        warn(fmt::format("skipped {}: a maintenance event needs its window's id", where));
        continue;
      }
      if (type == "scheduled") {
        if (by_id.contains(id)) continue;  // the first in fold order stands
        auto from = time_field(e, "from"), until = time_field(e, "until"), ts = time_field(e, "ts");
        if (!from || !until || *until <= *from) {
          warn(fmt::format("skipped {}: a window needs from and until (RFC 3339), until after from", where));
          continue;
        }
        Window w;
        w.id = id;
        w.from = *from;
        w.until = *until;
        w.message = string_field(e, "message");
        w.actor = string_field(e, "actor");
        w.hotfix = string_field(e, "hotfix");
        w.created_at = ts.value_or(*from);
        if (auto c = e.find("components"); c != e.end() && c->is_array())
          for (const auto& name : *c)
            if (name.is_string()) w.components.push_back(name.get<std::string>());
        by_id.emplace(id, std::move(w));
      } else if (type == "ended") {
        auto it = by_id.find(id);
        auto at = time_field(e, "at");
        if (it == by_id.end() || !at) {
          warn(fmt::format("skipped {}: `ended` needs at and a window scheduled before it", where));
          continue;
        }
        if (!it->second.ended_at || *at < *it->second.ended_at) {
          it->second.ended_at = *at;
          it->second.ended_by = string_field(e, "actor");
        }
      }  // other kinds may come later
    }
  }
  std::vector<Window> out;
  for (auto& [id, w] : by_id) out.push_back(std::move(w));
  std::sort(out.begin(), out.end(), [](const Window& a, const Window& b) { return a.from != b.from ? a.from < b.from : a.id < b.id; });
  return out;
}

bool pauses(const std::vector<Window>& windows, std::string_view window_id, bool alert_quiet, TimePoint now) {
  if (window_id.empty()) return false;
  for (const auto& w : windows)
    if (w.id == window_id) return now < w.end() || alert_quiet;
  return false;
}

const Window* covering(const std::vector<Window>& windows, std::string_view component, TimePoint t) {
  const Window* best = nullptr;
  for (const auto& w : windows)
    if (w.covers(component, t) && (!best || w.end() > best->end())) best = &w;
  return best;
}

}  // namespace hypercare::maintenance
