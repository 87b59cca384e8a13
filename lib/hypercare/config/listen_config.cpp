#include "hypercare/config/listen_config.hpp"

#include "hypercare/config/heartbeat_config.hpp"  // valid_url_name
#include "hypercare/config/hypercare_config.hpp"  // parse_priority

#include <fmt/format.h>

namespace hypercare::config {

const ListenSource* ListenConfig::source(std::string_view name) const {
  for (const auto& s : sources)
    if (s.name == name) return &s;
  return nullptr;
}

core::Result<ListenConfig> parse_listen_config(const TomlFile& f) {
  ListenConfig out;
  const auto* t = HC_TRY(f.table(f.root(), "listen", "listen"));
  if (!t) return out;
  out.token.env = HC_TRY(f.string(*t, "token_env", "listen.token_env")).value_or("");
  out.token.secret_key = HC_TRY(f.string(*t, "token_secret", "listen.token_secret")).value_or("");
  if (!out.token.env.empty() && !out.token.secret_key.empty())
    return std::unexpected(f.error_at(t->get("token_secret"), "listen.token_secret", "give only one of token_env and token_secret"));
  const auto* node = t->get("source");
  if (!node) return out;
  const auto* list = node->as_array();
  if (!list) return std::unexpected(f.error_at(node, "listen.source", "must be an array of tables: [[listen.source]]"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto* st = list->get(i)->as_table();
    std::string kp = fmt::format("listen.source[{}]", i);
    if (!st) return std::unexpected(f.error_at(list->get(i), kp, "must be a table: [[listen.source]]"));
    ListenSource src;
    auto name = HC_TRY(f.string(*st, "name", kp + ".name"));
    if (!name) return std::unexpected(f.error_at(list->get(i), kp + ".name", "is required: the NAME of POST /webhook/NAME"));
    if (!valid_url_name(*name))
      return std::unexpected(f.error_at(st->get("name"), kp + ".name", "must be 1 to 64 of a-z, 0-9, _ and -"));
    if (out.source(*name))
      return std::unexpected(f.error_at(st->get("name"), kp + ".name", fmt::format("'{}' is declared twice", *name)));
    src.name = *name;
    if (auto p = HC_TRY(f.string(*st, "priority", kp + ".priority"))) {
      auto parsed = parse_priority(*p);
      if (!parsed) return std::unexpected(f.error_at(st->get("priority"), kp + ".priority", "must be P1, P2, P3 or P4"));
      src.priority = *parsed;
    }
    src.component = HC_TRY(f.string(*st, "component", kp + ".component")).value_or("");
    out.sources.push_back(std::move(src));
  }
  return out;
}

}  // namespace hypercare::config
