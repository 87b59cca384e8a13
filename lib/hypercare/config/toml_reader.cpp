#include "hypercare/config/toml_reader.hpp"

#include <fmt/format.h>

#include "hypercare/config/secret_scan.hpp"

#include "hypercare/store/fs.hpp"

namespace hypercare::config {

using core::ErrorKind;

core::Result<TomlFile> TomlFile::load(const std::filesystem::path& path) {
  auto text = store::read_file(path, store::k_max_config_bytes);
  if (!text) {
    auto e = text.error();
    if (e.kind == ErrorKind::data) e.kind = ErrorKind::config;
    return std::unexpected(e);
  }
  return parse(*text, path);
}

core::Result<TomlFile> TomlFile::parse(std::string_view text, const std::filesystem::path& path) {
  if (text.size() > store::k_max_config_bytes)
    return core::fail(ErrorKind::config, fmt::format("{}: larger than {} bytes", path.string(),
                                                     store::k_max_config_bytes));
  try {
    return TomlFile(toml::parse(text, path.string()), path);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    return core::fail(ErrorKind::config, fmt::format("{}:{}:{}: {}", path.string(), b.line, b.column,
                                                     e.description()));
  }
}

core::Error TomlFile::error_at(const toml::node* node, std::string_view key,
                               std::string_view message) const {
  std::string where = m_path.string();
  if (node && node->source().begin.line > 0)
    where += fmt::format(":{}:{}", node->source().begin.line, node->source().begin.column);
  return core::Error{ErrorKind::config, fmt::format("{}: {}: {}", where, key, message), {}};
}

namespace {

template <class T>
core::Result<std::optional<T>> typed(const TomlFile& f, const toml::table& t, std::string_view key,
                                     std::string_view key_path, std::string_view type_name) {
  const toml::node* n = t.get(key);
  if (!n) return std::optional<T>{};
  if (auto v = n->value_exact<T>()) return std::optional<T>{*v};
  return std::unexpected(f.error_at(n, key_path, fmt::format("must be {}", type_name)));
}

}  // namespace

core::Result<std::optional<std::string>> TomlFile::string(const toml::table& t, std::string_view key,
                                                          std::string_view key_path) const {
  return typed<std::string>(*this, t, key, key_path, "a string");
}

core::Result<std::optional<std::int64_t>> TomlFile::integer(const toml::table& t, std::string_view key,
                                                            std::string_view key_path) const {
  return typed<std::int64_t>(*this, t, key, key_path, "an integer");
}

core::Result<std::optional<double>> TomlFile::number(const toml::table& t, std::string_view key,
                                                     std::string_view key_path) const {
  const toml::node* n = t.get(key);
  if (!n) return std::optional<double>{};
  if (auto v = n->value_exact<double>()) return std::optional<double>{*v};
  if (auto v = n->value_exact<std::int64_t>()) return std::optional<double>{double(*v)};
  return std::unexpected(error_at(n, key_path, "must be a number"));
}

core::Result<std::optional<bool>> TomlFile::boolean(const toml::table& t, std::string_view key,
                                                    std::string_view key_path) const {
  return typed<bool>(*this, t, key, key_path, "true or false");
}

core::Result<std::optional<core::Seconds>> TomlFile::duration(const toml::table& t,
                                                              std::string_view key,
                                                              std::string_view key_path) const {
  const toml::node* n = t.get(key);
  if (!n) return std::optional<core::Seconds>{};
  auto s = n->value_exact<std::string>();
  if (!s) return std::unexpected(error_at(n, key_path, "must be a duration string such as \"15m\""));
  auto d = core::parse_duration(*s);
  if (!d) return std::unexpected(error_at(n, key_path, d.error().message));
  if (d->count() <= 0) return std::unexpected(error_at(n, key_path, "must be longer than zero"));
  return std::optional<core::Seconds>{*d};
}

core::Result<std::optional<std::chrono::milliseconds>> TomlFile::duration_ms(const toml::table& t, std::string_view key,
                                                                              std::string_view key_path) const {
  const toml::node* n = t.get(key);
  if (!n) return std::optional<std::chrono::milliseconds>{};
  auto s = n->value_exact<std::string>();
  if (!s) return std::unexpected(error_at(n, key_path, "must be a duration string such as \"500ms\" or \"5s\""));
  auto d = core::parse_duration_ms(*s);
  if (!d) return std::unexpected(error_at(n, key_path, d.error().message));
  if (d->count() <= 0) return std::unexpected(error_at(n, key_path, "must be longer than zero"));
  return std::optional<std::chrono::milliseconds>{*d};
}

core::Result<std::optional<std::chrono::sys_days>> TomlFile::date(const toml::table& t,
                                                                  std::string_view key,
                                                                  std::string_view key_path) const {
  const toml::node* n = t.get(key);
  if (!n) return std::optional<std::chrono::sys_days>{};
  if (auto d = n->value_exact<toml::date>()) {
    std::chrono::year_month_day ymd{std::chrono::year{d->year}, std::chrono::month{d->month},
                                    std::chrono::day{d->day}};
    return std::optional<std::chrono::sys_days>{std::chrono::sys_days{ymd}};
  }
  if (auto s = n->value_exact<std::string>()) {
    auto d = core::parse_date(*s);
    if (!d) return std::unexpected(error_at(n, key_path, d.error().message));
    return std::optional<std::chrono::sys_days>{*d};
  }
  return std::unexpected(error_at(n, key_path, "must be a date such as 2026-11-23"));
}

core::Result<const toml::table*> TomlFile::table(const toml::table& t, std::string_view key,
                                                 std::string_view key_path) const {
  const toml::node* n = t.get(key);
  if (!n) return nullptr;
  if (auto tbl = n->as_table()) return tbl;
  return std::unexpected(error_at(n, key_path, "must be a table"));
}

namespace {

core::Status scan(const TomlFile& f, const toml::node& node, const std::string& path, std::string_view key) {
  if (auto t = node.as_table()) {
    for (const auto& [k, v] : *t) {
      std::string child = path.empty() ? std::string(k.str()) : path + "." + std::string(k.str());
      HC_CHECK(scan(f, v, child, k.str()));
    }
  } else if (auto a = node.as_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) HC_CHECK(scan(f, (*a)[i], fmt::format("{}[{}]", path, i), key));
  } else if (auto s = node.value_exact<std::string>()) {
    if (auto why = secret_reason(key, *s))
      return std::unexpected(f.error_at(&node, path,
          fmt::format("looks like a secret ({}); secrets never go in the ops dir, which git tracks. Put it in an "
                      "environment variable or $XDG_CONFIG_HOME/hypercare/secrets.toml and name it here (e.g. "
                      "url_env, url_secret)",
                      *why)));
  }
  return {};
}

}  // namespace

core::Status TomlFile::reject_secrets() const { return scan(*this, m_root, "", ""); }

}  // namespace hypercare::config
