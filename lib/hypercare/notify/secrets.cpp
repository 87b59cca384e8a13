#include "hypercare/notify/secrets.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

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

std::string redact(std::string text, std::string_view secret) {
  auto hide = [&text](std::string_view s, std::size_t min) {
    if (s.size() < min) return;
    for (std::size_t at = text.find(s); at != std::string::npos; at = text.find(s, at + 3)) text.replace(at, s.size(), "***");
  };
  hide(secret, 4);
  // In a webhook URL the path is the secret part (Slack's token), and servers echo it without the
  // host ("Cannot POST /services/T…/B…/token"): hide the path, and its last segment alone.
  if (auto scheme = secret.find("://"); scheme != std::string_view::npos) {
    if (auto path = secret.find('/', scheme + 3); path != std::string_view::npos) {
      hide(secret.substr(path), 8);
      hide(secret.substr(secret.rfind('/') + 1), 16);
    }
  }
  return text;
}

}  // namespace hypercare::notify
