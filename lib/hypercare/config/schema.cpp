#include "hypercare/config/schema.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/core/suggest.hpp"

namespace hypercare::config {

Schema::Schema(std::initializer_list<std::pair<std::string, Schema>> keys) : m_table(true) {
  for (const auto& [k, v] : keys) m_keys.emplace_back(k, std::make_shared<Schema>(v));
}

Schema Schema::any() {
  Schema s;
  s.m_table = true;
  s.m_any = true;
  return s;
}

void Schema::unknown(const TomlFile& f, const toml::node& node, const std::string& path,
                     std::vector<core::Error>& out) const {
  if (!m_table || m_any) return;
  if (const auto* arr = node.as_array()) {  // an array of tables: each element
    for (std::size_t i = 0; i < arr->size(); ++i) unknown(f, (*arr)[i], fmt::format("{}[{}]", path, i), out);
    return;
  }
  const auto* t = node.as_table();
  if (!t) return;  // a wrong type is the parser's to report
  // In file order (toml++ keeps a table's keys sorted), so the first error is the first typo.
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (const auto& [key, value] : *t) entries.emplace_back(&key, &value);
  auto position = [](const toml::node* n) { return std::pair{n->source().begin.line, n->source().begin.column}; };
  std::stable_sort(entries.begin(), entries.end(),
                   [&](const auto& a, const auto& b) { return position(a.second) < position(b.second); });
  for (const auto& [key_ptr, value_ptr] : entries) {
    const auto& key = *key_ptr;
    const auto& value = *value_ptr;
    std::string name(key.str());
    std::string child = path.empty() ? name : path + "." + name;
    const Schema* known = nullptr;
    for (const auto& [k, s] : m_keys)
      if (k == name || k == "*") known = s.get();
    if (known) {
      known->unknown(f, value, child, out);
      continue;
    }
    std::vector<std::string> names;
    for (const auto& [k, s] : m_keys)
      if (k != "*") names.push_back(k);
    auto close = core::closest(name, names);
    std::string where = path.empty() ? "at the top level" : fmt::format("in [{}]", path);
    std::string known_list;
    for (const auto& n : names) known_list += (known_list.empty() ? "" : ", ") + n;
    out.push_back(f.error_at(&value, child,
                             close.empty() ? fmt::format("unknown key {}; the keys here are {}", where, known_list)
                                           : fmt::format("unknown key {}; {}", where, core::did_you_mean(close))));
  }
}

std::vector<core::Error> unknown_keys(const TomlFile& f, const Schema& schema) {
  std::vector<core::Error> out;
  schema.unknown(f, f.root(), "", out);
  return out;
}

core::Status check_schema(const TomlFile& f, const Schema& schema) {
  auto all = unknown_keys(f, schema);
  if (!all.empty()) return std::unexpected(all.front());
  return {};
}

}  // namespace hypercare::config
