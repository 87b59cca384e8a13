// HMAC-SHA-256 from OpenSSL's libcrypto, loaded with dlopen the first time a link is signed or
// checked (like libcurl, http/libcurl.hpp: most commands never need it, and linking it would slow
// every command's start). libcrypto is already on every machine hypercare runs on: libcurl and
// cpp-httplib use it for TLS.
#pragma once

#include <string>
#include <string_view>

#include "hypercare/core/error.hpp"

namespace hypercare::core {

// The MAC as 64 lower-case hex digits, or ErrorKind::unavailable when libcrypto cannot be loaded.
Result<std::string> hmac_sha256_hex(std::string_view key, std::string_view data);

// Compares in time that depends on the length only.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace hypercare::core
