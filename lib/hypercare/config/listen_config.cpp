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
  out.link_key.secret_key = HC_TRY(f.string(*t, "link_key_secret", "listen.link_key_secret")).value_or("");
  out.public_url = HC_TRY(f.string(*t, "public_url", "listen.public_url")).value_or("");
  while (out.public_url.ends_with('/')) out.public_url.pop_back();
  if (t->get("public_url") && !out.public_url.starts_with("https://") && !out.public_url.starts_with("http://"))
    return std::unexpected(f.error_at(t->get("public_url"), "listen.public_url",
                                      "must be an http:// or https:// URL: where phones reach this listener"));
  if (out.link_key.secret_key.empty() != out.public_url.empty())
    return std::unexpected(f.error_at(t->get(out.public_url.empty() ? "link_key_secret" : "public_url"),
                                      out.public_url.empty() ? "listen.public_url" : "listen.link_key_secret",
                                      "ack links need both link_key_secret (a key in the secrets store) and public_url"));
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
