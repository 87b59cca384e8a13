#include "hypercare/config/paging_config.hpp"

#include <fmt/format.h>

#include "hypercare/config/hypercare_config.hpp"  // parse_priority

namespace hypercare::config {

namespace {

constexpr std::array<std::string_view, 4> k_method_names = {"ntfy", "email", "webhook", "slack"};

core::Result<std::vector<ContactMethod>> methods_of(const TomlFile& f, const toml::table& t, const std::string& kp) {
  const auto* node = t.get("methods");
  if (!node) return std::unexpected(f.error_at(&t, kp + ".methods", "is required: a list such as [\"ntfy\", \"email\", \"slack\"]"));
  const auto* list = node->as_array();
  if (!list) return std::unexpected(f.error_at(node, kp + ".methods", "must be a list such as [\"ntfy\", \"email\", \"slack\"]"));
  std::vector<ContactMethod> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto* item = list->get(i);
    auto name = item->value<std::string>();
    auto m = name ? parse_contact_method(*name) : std::nullopt;
    if (!m)
      return std::unexpected(f.error_at(item, fmt::format("{}.methods[{}]", kp, i),
                                        fmt::format("unknown contact method{}: use ntfy, email, webhook or slack",
                                                    name ? fmt::format(" '{}'", *name) : "")));
    if (std::find(out.begin(), out.end(), *m) == out.end()) out.push_back(*m);
  }
  return out;
}

core::Result<SmtpConfig> smtp_of(const TomlFile& f, const toml::table& t) {
  SmtpConfig s;
  s.url = HC_TRY(f.string(t, "url", "paging.smtp.url")).value_or("");
  if (!s.url.starts_with("smtp://") && !s.url.starts_with("smtps://"))
    return std::unexpected(f.error_at(t.get("url") ? t.get("url") : &t, "paging.smtp.url",
                                      "must be smtp://HOST[:PORT] (STARTTLS when offered) or smtps://HOST[:PORT]"));
  auto rest = std::string_view(s.url).substr(s.url.find("://") + 3);
  if (rest.empty() || rest.front() == '/' || rest.front() == ':')
    return std::unexpected(f.error_at(t.get("url"), "paging.smtp.url", "names no host"));
  s.from = HC_TRY(f.string(t, "from", "paging.smtp.from")).value_or("");
  if (!valid_email(s.from))
    return std::unexpected(f.error_at(t.get("from") ? t.get("from") : &t, "paging.smtp.from",
                                      s.from.empty() ? "is required: the address pages are sent from"
                                                     : fmt::format("'{}' is not a mail address (local@domain)", s.from)));
  s.user.secret_key = HC_TRY(f.string(t, "user_secret", "paging.smtp.user_secret")).value_or("");
  s.password.secret_key = HC_TRY(f.string(t, "password_secret", "paging.smtp.password_secret")).value_or("");
  if (s.user.secret_key.empty() != s.password.secret_key.empty())
    return std::unexpected(f.error_at(t.get("user_secret") ? t.get("user_secret") : t.get("password_secret"),
                                      "paging.smtp", "give both user_secret and password_secret, or neither"));
  return s;
}

}  // namespace

std::string_view contact_method_name(ContactMethod m) { return k_method_names[std::size_t(m)]; }

std::optional<ContactMethod> parse_contact_method(std::string_view name) {
  for (auto m : k_contact_methods)
    if (contact_method_name(m) == name) return m;
  return std::nullopt;
}

bool valid_email(std::string_view a) {
  auto at = a.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= a.size() || a.find('@', at + 1) != std::string_view::npos) return false;
  if (a.size() > 254) return false;
  for (char c : a)
    if (c <= ' ' || c >= 127 || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' || c == ',' || c == ';' ||
        c == ':' || c == '\\' || c == '[' || c == ']')
      return false;
  auto domain = a.substr(at + 1);
  return domain.find('.') != std::string_view::npos && !domain.starts_with('.') && !domain.ends_with('.') &&
         domain.find("..") == std::string_view::npos;
}

bool valid_topic_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) rest = url.substr(8);
  else if (url.starts_with("http://")) rest = url.substr(7);
  else return false;
  auto slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 >= rest.size()) return false;
  for (char c : url)
    if (c <= ' ' || c >= 127 || c == '?' || c == '#') return false;
  return rest.find('/', slash + 1) == std::string_view::npos;  // one path segment: the topic
}

core::Result<PagingConfig> parse_paging_config(const TomlFile& f) {
  PagingConfig out;
  const auto* t = HC_TRY(f.table(f.root(), "paging", "paging"));
  if (!t) return out;
  if (auto r = HC_TRY(f.integer(*t, "repeat", "paging.repeat"))) {
    if (*r < 0 || *r > 10) return std::unexpected(f.error_at(t->get("repeat"), "paging.repeat", "must be from 0 to 10"));
    out.repeat = int(*r);
  }
  auto zero = t->get("shift_notice") ? t->get("shift_notice")->value<std::string>() : std::nullopt;
  if (zero && (*zero == "0" || *zero == "0s" || *zero == "0m")) {
    out.shift_notice = std::chrono::seconds(0);
  } else if (auto d = HC_TRY(f.duration(*t, "shift_notice", "paging.shift_notice"))) {
    if (*d > std::chrono::hours(24))
      return std::unexpected(f.error_at(t->get("shift_notice"), "paging.shift_notice", "must be at most 24h (0 turns the notices off)"));
    out.shift_notice = *d;
  }
  if (auto d = HC_TRY(f.duration(*t, "link_ttl", "paging.link_ttl"))) {
    if (*d < std::chrono::minutes(1) || *d > std::chrono::hours(24 * 7))
      return std::unexpected(f.error_at(t->get("link_ttl"), "paging.link_ttl", "must be from 1m to 7d"));
    out.link_ttl = *d;
  }
  for (const auto& [key, node] : *t) {
    std::string k(key.str());
    if (k == "repeat" || k == "shift_notice" || k == "link_ttl") continue;
    if (k == "smtp") {
      const auto* st = node.as_table();
      if (!st) return std::unexpected(f.error_at(&node, "paging.smtp", "must be a table: [paging.smtp]"));
      out.smtp = HC_TRY(smtp_of(f, *st));
      continue;
    }
    auto p = parse_priority(k);
    const auto* pt = node.as_table();
    if (!p || k[0] != 'P' || !pt)
      return std::unexpected(f.error_at(&node, "paging." + k,
                                        "unknown key: [paging] holds repeat, shift_notice, link_ttl, [paging.P1]…[paging.P4] "
                                        "and [paging.smtp]"));
    out.methods[std::size_t(*p)] = HC_TRY(methods_of(f, *pt, "paging." + k));
  }
  return out;
}

}  // namespace hypercare::config
