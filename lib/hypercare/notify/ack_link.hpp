// Signed acknowledge links for pages (`watch --listen` serves them at /ack/INC-…): whoever holds
// the link may acknowledge that incident as that member until it expires, once. The signature is
// HMAC-SHA-256 over action, incident, member and expiry with a key from the secrets store
// ([listen] link_key_secret); used links are remembered on the machine that serves them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "hypercare/core/error.hpp"
#include "hypercare/core/time.hpp"

namespace hypercare::notify {

struct AckLink {
  std::string incident;  // INC-…
  std::string member;    // rota id
  std::int64_t expires = 0;  // Unix seconds
  std::string sig;       // 64 hex digits
};

// "BASE/ack/INC-…?m=dev1&exp=1764000000&sig=…".
core::Result<std::string> ack_url(const std::string& base, std::string_view key, const std::string& incident,
                                  const std::string& member, core::TimePoint expires);

enum class LinkVerdict { ok, forged, expired, used };

// Forged (the signature does not match), expired, used (UsedLinks says so) or ok.
core::Result<LinkVerdict> check_link(std::string_view key, const AckLink& link, core::TimePoint now, bool used);

// .hypercare/ack-links-used: one signature per line, machine-local (the listener that serves the
// links is the one that remembers them).
class UsedLinks {
 public:
  explicit UsedLinks(const std::filesystem::path& ops_dir);
  bool contains(const std::string& sig) const;
  core::Status add(const std::string& sig) const;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace hypercare::notify
