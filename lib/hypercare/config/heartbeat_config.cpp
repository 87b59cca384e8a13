#include "hypercare/config/heartbeat_config.hpp"

#include <fmt/format.h>

#include "hypercare/config/hypercare_config.hpp"  // parse_priority

namespace hypercare::config {

bool valid_url_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string_view::npos;
}

const Heartbeat* find_heartbeat(const std::vector<Heartbeat>& all, std::string_view name) {
  for (const auto& h : all)
    if (h.name == name) return &h;
  return nullptr;
}

core::Result<std::vector<Heartbeat>> parse_heartbeats(const TomlFile& f) {
  std::vector<Heartbeat> out;
  const auto* node = f.root().get("heartbeat");
  if (!node) return out;
  const auto* list = node->as_array();
  if (!list) return std::unexpected(f.error_at(node, "heartbeat", "must be an array of tables: [[heartbeat]]"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto* t = list->get(i)->as_table();
    std::string kp = fmt::format("heartbeat[{}]", i);
    if (!t) return std::unexpected(f.error_at(list->get(i), kp, "must be a table: [[heartbeat]]"));
    Heartbeat hb;
    auto name = HC_TRY(f.string(*t, "name", kp + ".name"));
    if (!name) return std::unexpected(f.error_at(list->get(i), kp + ".name", "is required: the NAME of `hypercare heartbeat NAME`"));
    if (!valid_url_name(*name)) return std::unexpected(f.error_at(t->get("name"), kp + ".name", "must be 1 to 64 of a-z, 0-9, _ and -"));
    if (find_heartbeat(out, *name))
      return std::unexpected(f.error_at(t->get("name"), kp + ".name", fmt::format("'{}' is declared twice", *name)));
    hb.name = *name;
    auto every = HC_TRY(f.duration(*t, "every", kp + ".every"));
    if (!every) return std::unexpected(f.error_at(list->get(i), kp + ".every", "is required: how often a ping is expected, e.g. \"5m\""));
    if (*every < std::chrono::seconds(10)) return std::unexpected(f.error_at(t->get("every"), kp + ".every", "must be at least 10s"));
    hb.every = *every;
    if (auto g = HC_TRY(f.duration(*t, "grace", kp + ".grace"))) hb.grace = *g;
    if (auto p = HC_TRY(f.string(*t, "priority", kp + ".priority"))) {
      auto parsed = parse_priority(*p);
      if (!parsed) return std::unexpected(f.error_at(t->get("priority"), kp + ".priority", "must be P1, P2, P3 or P4"));
      hb.priority = *parsed;
    }
    hb.component = HC_TRY(f.string(*t, "component", kp + ".component")).value_or("");
    hb.description = HC_TRY(f.string(*t, "description", kp + ".description")).value_or("");
    hb.auto_resolve = HC_TRY(f.boolean(*t, "auto_resolve", kp + ".auto_resolve"));
    out.push_back(std::move(hb));
  }
  return out;
}

}  // namespace hypercare::config
