#include "hypercare/config/secret_scan.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

namespace hypercare::config {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

// A key whose value is a credential, e.g. password, api_key, AWS_SECRET_ACCESS_KEY, client_token.
bool secret_key(std::string_view key) {
  std::string k = lower(key);
  // Where a secret is kept, by name: hypercare's own reference keys.
  if (k.ends_with("_env") || k.ends_with("_secret") || k == "secret_key") return false;
  static constexpr std::array<std::string_view, 12> words = {"password", "passwd", "secret", "token", "api_key",
                                                              "apikey", "private_key", "access_key", "credential",
                                                              "routing_key", "webhook_url", "authorization"};
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return contains(k, w); });
}

struct Url {
  std::string scheme, userinfo, host, path, query;
};

std::optional<Url> parse_url(std::string_view v) {
  auto scheme = v.find("://");
  if (scheme == std::string_view::npos || scheme == 0) return std::nullopt;
  Url u;
  u.scheme = lower(v.substr(0, scheme));
  auto rest = v.substr(scheme + 3);
  auto end = rest.find_first_of("/?#");
  auto authority = rest.substr(0, end);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    u.userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
  }
  // host[:port], lower case (hosts are case-insensitive)
  u.host = lower(authority.substr(0, authority.find(':')));
  if (end != std::string_view::npos) {
    auto tail = rest.substr(end);
    auto q = tail.find('?');
    u.path = tail.substr(0, q);
    if (q != std::string_view::npos) u.query = tail.substr(q + 1, tail.find('#', q) - q - 1);
  }
  return u;
}

bool query_secret(std::string_view query) {
  for (auto part = query; !part.empty();) {
    auto amp = part.find('&');
    auto pair = part.substr(0, amp);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && eq + 1 < pair.size()) {
      std::string name = lower(pair.substr(0, eq));
      for (std::string_view w : {"token", "key", "secret", "password", "passwd", "sig", "signature", "auth", "code"})
        if (contains(name, w)) return true;
    }
    part = amp == std::string_view::npos ? std::string_view() : part.substr(amp + 1);
  }
  return false;
}

bool aws_access_key_id(std::string_view v) {
  for (std::size_t i = 0; i + 20 <= v.size(); ++i) {
    auto w = v.substr(i, 20);
    if (!(w.starts_with("AKIA") || w.starts_with("ASIA"))) continue;
    if (std::all_of(w.begin() + 4, w.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }))
      return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> secret_reason(std::string_view key, std::string_view value) {
  if (value.empty()) return std::nullopt;
  if (secret_key(key)) return fmt::format("'{}' holds a password, token or key", key);
  std::string v = lower(value);
  if (v.starts_with("bearer ") || v.starts_with("basic ") || contains(v, "authorization: bearer") ||
      contains(v, "authorization: basic"))
    return std::string("an Authorization credential (Bearer/Basic)");
  if (aws_access_key_id(value)) return std::string("an AWS access key id");
  if (contains(v, "-----begin") && contains(v, "private key")) return std::string("a private key");
  // URLs anywhere in the value (a command may hold one).
  for (std::size_t at = value.find("://"); at != std::string_view::npos; at = value.find("://", at + 3)) {
    auto start = value.find_last_of(" \t'\"=(", at);
    start = start == std::string_view::npos ? 0 : start + 1;
    auto stop = value.find_first_of(" \t'\")", at);
    auto u = parse_url(value.substr(start, stop == std::string_view::npos ? std::string_view::npos : stop - start));
    if (!u) continue;
    if (u->host == "hooks.slack.com" && (lower(u->path).starts_with("/services/") || lower(u->path).starts_with("/workflows/")))
      return std::string("a Slack webhook URL");
    if ((u->host == "discord.com" || u->host == "discordapp.com" || u->host.ends_with(".discord.com")) &&
        lower(u->path).starts_with("/api/webhooks/"))
      return std::string("a Discord webhook URL");
    if (u->host == "outlook.office.com" || u->host.ends_with(".webhook.office.com"))
      return std::string("a Microsoft Teams webhook URL");
    if (u->host == "events.pagerduty.com" && contains(lower(u->path), "/integration/"))
      return std::string("a PagerDuty integration URL");
    if (u->userinfo.find(':') != std::string::npos && u->userinfo.size() > u->userinfo.find(':') + 1)
      return std::string("a URL with a password in it (user:password@)");
    if (query_secret(u->query)) return std::string("a URL with a token in its query");
  }
  return std::nullopt;
}

}  // namespace hypercare::config
