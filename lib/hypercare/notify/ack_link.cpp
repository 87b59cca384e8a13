#include "hypercare/notify/ack_link.hpp"

#include <fstream>

#include <fmt/format.h>

#include "hypercare/core/hmac.hpp"
#include "hypercare/http/client.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::notify {

namespace {

// Newlines separate the fields: none of them can hold one (ids and members are single words).
std::string signed_text(const std::string& incident, const std::string& member, std::int64_t expires) {
  return fmt::format("hypercare-ack-link/1\nacknowledge\n{}\n{}\n{}", incident, member, expires);
}

std::int64_t unix_seconds(core::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

core::Result<std::string> ack_url(const std::string& base, std::string_view key, const std::string& incident,
                                  const std::string& member, core::TimePoint expires) {
  auto exp = unix_seconds(expires);
  auto sig = HC_TRY(core::hmac_sha256_hex(key, signed_text(incident, member, exp)));
  return fmt::format("{}/ack/{}?m={}&exp={}&sig={}", base, incident, http::url_encode(member), exp, sig);
}

core::Result<LinkVerdict> check_link(std::string_view key, const AckLink& link, core::TimePoint now, bool used) {
  auto expected = HC_TRY(core::hmac_sha256_hex(key, signed_text(link.incident, link.member, link.expires)));
  if (!core::same_secret(expected, link.sig)) return LinkVerdict::forged;
  if (unix_seconds(now) >= link.expires) return LinkVerdict::expired;
  if (used) return LinkVerdict::used;
  return LinkVerdict::ok;
}

UsedLinks::UsedLinks(const std::filesystem::path& ops_dir) : m_path(ops_dir / ".hypercare" / "ack-links-used") {}

bool UsedLinks::contains(const std::string& sig) const {
  std::ifstream in(m_path);
  std::string line;
  while (std::getline(in, line))
    if (line == sig) return true;
  return false;
}

core::Status UsedLinks::add(const std::string& sig) const {
  HC_CHECK(store::make_dirs(m_path.parent_path()));
  std::error_code ec;
  bool exists = std::filesystem::exists(m_path, ec);
  HC_CHECK(store::append_line(m_path, sig + "\n", !exists));
  return {};
}

}  // namespace hypercare::notify
