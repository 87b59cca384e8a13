#include "hypercare/config/kickoff_config.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/store/ops_dir.hpp"

namespace hypercare::config {

namespace {

bool valid_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && id.front() != '-' &&
         std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

}  // namespace

const KickoffItem* KickoffConfig::find(std::string_view id) const {
  auto it = std::find_if(items.begin(), items.end(), [&](const KickoffItem& i) { return i.id == id; });
  return it == items.end() ? nullptr : &*it;
}

core::Result<KickoffConfig> parse_kickoff_config(const TomlFile& f, const std::vector<std::string>& reserved) {
  KickoffConfig c;
  const auto* kickoff = HC_TRY(f.table(f.root(), "kickoff", "kickoff"));
  if (!kickoff) return c;
  for (const auto& [k, v] : *kickoff)
    if (k.str() != "items") return std::unexpected(f.error_at(&v, fmt::format("kickoff.{}", k.str()), "unknown key: use items"));
  const toml::node* n = kickoff->get("items");
  if (!n) return c;
  const auto* arr = n->as_array();
  if (!arr)
    return std::unexpected(f.error_at(n, "kickoff.items", "must be an array of tables: items = [{ id = \"war-room\", text = \"War room established\" }]"));
  for (std::size_t i = 0; i < arr->size(); ++i) {
    std::string path = fmt::format("kickoff.items[{}]", i);
    const auto* t = (*arr)[i].as_table();
    if (!t) return std::unexpected(f.error_at(&(*arr)[i], path, "must be a table: { id = \"war-room\", text = \"War room established\" }"));
    for (const auto& [k, v] : *t)
      if (k.str() != "id" && k.str() != "text")
        return std::unexpected(f.error_at(&v, fmt::format("{}.{}", path, k.str()), "unknown key: use id and text"));
    KickoffItem item;
    item.id = HC_TRY(f.string(*t, "id", path + ".id")).value_or("");
    item.text = HC_TRY(f.string(*t, "text", path + ".text")).value_or("");
    if (!valid_id(item.id))
      return std::unexpected(f.error_at(t->get("id") ? t->get("id") : t, path + ".id",
                                        fmt::format("'{}' is not an item id: lowercase letters, digits and '-', at most 64", item.id)));
    if (item.text.empty() || item.text.find_first_of("\r\n") != std::string::npos)
      return std::unexpected(f.error_at(t->get("text") ? t->get("text") : t, path + ".text", "needs one line saying what is to be confirmed"));
    if (std::find(reserved.begin(), reserved.end(), item.id) != reserved.end())
      return std::unexpected(f.error_at(t->get("id"), path + ".id",
                                        fmt::format("'{}' is checked by hypercare itself (`hypercare kickoff`): choose another id", item.id)));
    if (c.find(item.id))
      return std::unexpected(f.error_at(t->get("id"), path + ".id", fmt::format("'{}' is listed twice", item.id)));
    c.items.push_back(std::move(item));
  }
  return c;
}

core::Result<KickoffConfig> load_kickoff_config(const std::filesystem::path& ops_dir, const std::vector<std::string>& reserved) {
  auto file = HC_TRY(TomlFile::load(ops_dir / store::k_config_file));
  return parse_kickoff_config(file, reserved);
}

}  // namespace hypercare::config
