#include "hypercare/config/bau_config.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/store/ops_dir.hpp"

namespace hypercare::config {

namespace {

// Reads an array of tables `key` whose string fields are `fields`; each becomes a T via `make`.
template <class T, class Make>
core::Status rows(const TomlFile& f, const toml::table& bau, std::string_view key,
                  std::initializer_list<std::string_view> fields, std::string_view required, std::vector<T>& out,
                  Make make) {
  const toml::node* n = bau.get(key);
  if (!n) return {};
  std::string kp = fmt::format("bau.{}", key);
  const auto* arr = n->as_array();
  if (!arr) return std::unexpected(f.error_at(n, kp, fmt::format("must be an array of tables: [[bau.{}]]", key)));
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto* t = (*arr)[i].as_table();
    std::string ip = fmt::format("{}[{}]", kp, i);
    if (!t) return std::unexpected(f.error_at(&(*arr)[i], ip, "must be a table"));
    std::vector<std::string> values;
    for (auto field : fields) {
      auto v = HC_TRY(f.string(*t, field, ip + "." + std::string(field)));
      values.push_back(v.value_or(""));
    }
    for (const auto& [k, v] : *t)
      if (std::find(fields.begin(), fields.end(), k.str()) == fields.end())
        return std::unexpected(f.error_at(&v, ip + "." + std::string(k.str()),
                                          fmt::format("unknown key: use {}", fmt::join(fields, ", "))));
    if (values[std::size_t(std::find(fields.begin(), fields.end(), required) - fields.begin())].empty())
      return std::unexpected(f.error_at(t, ip, fmt::format("needs {}", required)));
    out.push_back(make(values));
  }
  return {};
}

core::Result<std::vector<std::string>> strings(const TomlFile& f, const toml::table& t, std::string_view key,
                                              std::string_view parent = "bau") {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  std::string kp = fmt::format("{}.{}", parent, key);
  const auto* arr = n->as_array();
  if (!arr) return std::unexpected(f.error_at(n, kp, "must be an array of strings"));
  for (const auto& v : *arr) {
    auto s = v.value_exact<std::string>();
    if (!s || s->empty()) return std::unexpected(f.error_at(&v, kp, "must be an array of non-empty strings"));
    out.push_back(*s);
  }
  return out;
}

}  // namespace

std::vector<std::string> BauConfig::default_signoff() {
  return {"Development Lead", "Support Lead", "Operations Lead", "Project Manager"};
}

core::Result<BauConfig> parse_bau_config(const TomlFile& f) {
  BauConfig c;
  c.signoff = BauConfig::default_signoff();
  const auto* bau = HC_TRY(f.table(f.root(), "bau", "bau"));
  if (!bau) return c;
  c.configured = true;
  HC_CHECK(rows(f, *bau, "tier", {"name", "team", "scope", "response", "hours"}, "name", c.tiers,
                [](const std::vector<std::string>& v) { return SupportTier{v[0], v[1], v[2], v[3], v[4]}; }));
  HC_CHECK(rows(f, *bau, "alert_route", {"severity", "route_to", "response"}, "severity", c.alert_routing,
                [](const std::vector<std::string>& v) { return AlertRoute{v[0], v[1], v[2]}; }));
  HC_CHECK(rows(f, *bau, "dashboard", {"name", "url"}, "name", c.dashboards,
                [](const std::vector<std::string>& v) { return Dashboard{v[0], v[1]}; }));
  HC_CHECK(rows(f, *bau, "contact", {"role", "name", "email", "phone"}, "role", c.contacts,
                [](const std::vector<std::string>& v) { return Contact{v[0], v[1], v[2], v[3]}; }));
  c.escalation_path = HC_TRY(strings(f, *bau, "escalation_path"));
  if (bau->get("signoff")) c.signoff = HC_TRY(strings(f, *bau, "signoff"));
  if (auto r = HC_TRY(f.string(*bau, "runbooks", "bau.runbooks"))) {
    if (r->empty() || r->starts_with("/") || r->find("..") != std::string::npos)
      return std::unexpected(f.error_at(bau->get("runbooks"), "bau.runbooks", "must be a directory inside the ops dir"));
    c.runbooks = *r;
  }
  if (const auto* docs = HC_TRY(f.table(*bau, "documentation", "bau.documentation"))) {
    auto& d = c.documentation;
    for (auto [key, field] : {std::pair{"technical", &d.technical}, {"runbooks", &d.runbooks}, {"faq", &d.faq},
                              {"training", &d.training}})
      *field = HC_TRY(f.string(*docs, key, fmt::format("bau.documentation.{}", key))).value_or("");
  }
  if (const auto* m = HC_TRY(f.table(*bau, "maintenance", "bau.maintenance"))) {
    auto& mt = c.maintenance;
    for (auto [key, field] : {std::pair{"weekly", &mt.weekly}, {"monthly", &mt.monthly}, {"quarterly", &mt.quarterly}})
      *field = HC_TRY(strings(f, *m, key, "bau.maintenance"));
  }
  if (const auto* b = HC_TRY(f.table(*bau, "backup", "bau.backup"))) {
    c.maintenance.daily_backup_check = HC_TRY(f.string(*b, "daily_check", "bau.backup.daily_check")).value_or("");
    c.maintenance.restore_test = HC_TRY(f.string(*b, "restore_test", "bau.backup.restore_test")).value_or("");
  }
  for (const auto& [k, v] : *bau) {
    static constexpr std::string_view known[] = {"tier",    "alert_route", "dashboard",     "contact",     "escalation_path",
                                                 "signoff", "runbooks",    "documentation", "maintenance", "backup"};
    if (std::find(std::begin(known), std::end(known), k.str()) == std::end(known))
      return std::unexpected(f.error_at(&v, fmt::format("bau.{}", k.str()),
                                        "unknown key: use tier, alert_route, dashboard, contact, escalation_path, "
                                        "signoff, runbooks, documentation, maintenance or backup"));
  }
  return c;
}

core::Result<BauConfig> load_bau_config(const std::filesystem::path& ops_dir) {
  auto file = HC_TRY(TomlFile::load(ops_dir / store::k_config_file));
  return parse_bau_config(file);
}

}  // namespace hypercare::config
