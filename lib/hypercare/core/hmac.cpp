#include "hypercare/core/hmac.hpp"

#include <dlfcn.h>

#include <mutex>

#include <fmt/format.h>

namespace hypercare::core {

namespace {

// OpenSSL 3's ABI (libcrypto.so.3): EVP_sha256() and the one-shot HMAC().
using EvpSha256 = const void* (*)();
using Hmac = unsigned char* (*)(const void* md, const void* key, int key_len, const unsigned char* data, std::size_t n,
                                unsigned char* out, unsigned int* out_len);

struct Loaded {
  EvpSha256 sha256 = nullptr;
  Hmac hmac = nullptr;
  std::string error;
};

Loaded load() {
  Loaded out;
  void* handle = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    out.error = fmt::format("cannot load libcrypto: {}", why ? why : "not found");
    return out;
  }
  out.sha256 = reinterpret_cast<EvpSha256>(dlsym(handle, "EVP_sha256"));
  out.hmac = reinterpret_cast<Hmac>(dlsym(handle, "HMAC"));
  if (!out.sha256 || !out.hmac) out.error = "the libcrypto loaded has no EVP_sha256 or HMAC";
  return out;
}

}  // namespace

Result<std::string> hmac_sha256_hex(std::string_view key, std::string_view data) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = load(); });
  if (!loaded.error.empty()) return fail(ErrorKind::unavailable, loaded.error, "install OpenSSL: apt-get install libssl3");
  unsigned char mac[64];
  unsigned int len = 0;
  if (!loaded.hmac(loaded.sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
                   data.size(), mac, &len))
    return fail(ErrorKind::internal, "HMAC-SHA-256 failed");
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", mac[i]);
  return hex;
}

bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace hypercare::core
