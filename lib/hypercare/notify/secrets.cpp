#include "hypercare/notify/secrets.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include "hypercare/core/text.hpp"

#include "hypercare/config/toml_reader.hpp"

namespace hypercare::notify {

std::optional<std::filesystem::path> secrets_path(const Env& env) {
  auto xdg = env.find("XDG_CONFIG_HOME");
  if (xdg != env.end() && !xdg->second.empty()) return std::filesystem::path(xdg->second) / "hypercare" / "secrets.toml";
  auto home = env.find("HOME");
  if (home != env.end() && !home->second.empty())
    return std::filesystem::path(home->second) / ".config" / "hypercare" / "secrets.toml";
  return std::nullopt;
}

core::Status Secrets::load_file() {
  if (m_loaded) return {};
  auto path = secrets_path(m_env);
  if (!path) return core::fail(core::ErrorKind::missing, "no secrets file: neither XDG_CONFIG_HOME nor HOME is set");
  struct stat st{};
  if (::stat(path->c_str(), &st) != 0)
    return core::fail(core::ErrorKind::missing, fmt::format("{} does not exist", path->string()),
                      fmt::format("create it with mode 0600: install -m 600 /dev/null {}", path->string()));
  if ((st.st_mode & 077) != 0)
    return core::fail(core::ErrorKind::permission,
                      fmt::format("{} is readable by others (mode {:04o}); secrets must be private",
                                  path->string(), st.st_mode & 07777),
                      fmt::format("chmod 600 {}", path->string()));
  auto loaded = config::TomlFile::load(*path);
  if (!loaded) {
    // toml++ quotes the text it choked on, which here may be the secret: keep only where it is.
    core::Error e = loaded.error();
    if (e.kind == core::ErrorKind::config && e.message.starts_with(path->string()))
      e.message = fmt::format("{}: not valid TOML (details not shown: they could quote a secret); each line must "
                              "be key = \"value\"",
                              e.message.substr(0, e.message.find(": ", path->string().size())));
    return std::unexpected(e);
  }
  const auto& file = *loaded;
  for (const auto& [k, v] : file.root()) {
    auto s = v.value_exact<std::string>();
    // The value is never echoed: a mistyped line would otherwise print the secret.
    if (!s) return std::unexpected(file.error_at(&v, k.str(), "must be a string"));
    m_file.emplace(std::string(k.str()), *s);
  }
  m_loaded = true;
  return {};
}

core::Result<std::string> Secrets::resolve(const config::SecretRef& ref) {
  if (!ref.literal.empty()) return ref.literal;
  if (!ref.env.empty()) {
    auto it = m_env.find(ref.env);
    if (it == m_env.end() || it->second.empty())
      return core::fail(core::ErrorKind::missing, fmt::format("the environment variable {} is not set", ref.env),
                        fmt::format("export {}=...", ref.env));
    return it->second;
  }
  HC_CHECK(load_file());
  auto it = m_file.find(ref.secret_key);
  if (it == m_file.end() || it->second.empty()) {
    auto path = secrets_path(m_env);
    return core::fail(core::ErrorKind::missing,
                      fmt::format("{} has no key '{}'", path ? path->string() : "secrets.toml", ref.secret_key),
                      fmt::format("add a line: {} = \"...\"", ref.secret_key));
  }
  return it->second;
}

namespace {

std::string percent_encoded(std::string_view s) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                 c == '.' || c == '~';
    if (plain) out += char(c);
    else out += {'%', k_hex[c >> 4], k_hex[c & 15]};
  }
  return out;
}


}  // namespace

std::string redact(std::string text, std::string_view secret) {
  auto hide_exact = [&text](std::string_view s, std::size_t min) {
    if (s.size() < min) return;
    for (std::size_t at = text.find(s); at != std::string::npos; at = text.find(s, at + 3)) text.replace(at, s.size(), "***");
  };
  // Every form a server may echo the secret in: as it is, URL-encoded (in a query or a path it
  // reflects) and base64 (the Basic credentials of a URL's user:password).
  auto hide = [&](std::string_view s, std::size_t min) {
    hide_exact(s, min);
    auto encoded = percent_encoded(s);
    if (encoded != s) hide_exact(encoded, min);
    auto b64 = core::base64(s);
    hide_exact(b64.substr(0, b64.find('=')), min + 4);
  };
  hide(secret, 4);
  if (auto scheme = secret.find("://"); scheme != std::string_view::npos) {
    auto rest = secret.substr(scheme + 3);
    // user:password@host
    if (auto at = rest.find('@'); at != std::string_view::npos && at < rest.find('/')) {
      auto userinfo = rest.substr(0, at);
      hide(userinfo, 4);
      if (auto colon = userinfo.find(':'); colon != std::string_view::npos) hide(userinfo.substr(colon + 1), 4);
    }
    // In a webhook URL the path is the secret part (Slack's token), and servers echo it without
    // the host ("Cannot POST /services/T…/B…/token"): hide the path, and its last segment alone.
    if (auto path = secret.find('/', scheme + 3); path != std::string_view::npos) {
      hide(secret.substr(path), 8);
      hide(secret.substr(secret.rfind('/') + 1), 16);
    }
    // ?token=… and the like.
    if (auto query = secret.find('?'); query != std::string_view::npos)
      for (auto part = secret.substr(query + 1); !part.empty();) {
        auto amp = part.find('&');
        auto pair = part.substr(0, amp);
        if (auto eq = pair.find('='); eq != std::string_view::npos) hide(pair.substr(eq + 1), 6);
        part = amp == std::string_view::npos ? std::string_view() : part.substr(amp + 1);
      }
  }
  return text;
}

}  // namespace hypercare::notify
