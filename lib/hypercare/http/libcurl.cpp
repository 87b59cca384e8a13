#include "hypercare/http/libcurl.hpp"

#include <dlfcn.h>

#include <mutex>

#include <fmt/format.h>

namespace hypercare::http {

namespace {

// Debian's three builds of libcurl 4 share one ABI; the OpenSSL one is libcurl4-openssl-dev's.
constexpr const char* kSonames[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl-nss.so.4"};

struct Loaded {
  Libcurl table{};
  std::string error;  // empty when the table is complete
};

template <typename F>
bool resolve(void* handle, const char* name, F& slot, std::string& error) {
  void* symbol = dlsym(handle, name);
  if (!symbol) {
    error = fmt::format("the libcurl loaded has no {}", name);
    return false;
  }
  slot = reinterpret_cast<F>(symbol);
  return true;
}

Loaded load() {
  Loaded out;
  // RTLD_LOCAL: libcurl's dependencies stay out of the global namespace; never unloaded.
  void* handle = nullptr;
  std::string why;
  for (const char* soname : kSonames) {
    handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (handle) break;
    if (why.empty()) {
      const char* text = dlerror();
      why = text ? text : "not found";
    }
  }
  if (!handle) {
    out.error = fmt::format("cannot load libcurl: {}", why);
    return out;
  }
  Libcurl& t = out.table;
  bool ok = resolve(handle, "curl_global_init", t.global_init, out.error) &&
            resolve(handle, "curl_easy_init", t.easy_init, out.error) &&
            resolve(handle, "curl_easy_cleanup", t.easy_cleanup, out.error) &&
            resolve(handle, "curl_easy_setopt", t.easy_setopt, out.error) &&
            resolve(handle, "curl_easy_perform", t.easy_perform, out.error) &&
            resolve(handle, "curl_easy_getinfo", t.easy_getinfo, out.error) &&
            resolve(handle, "curl_easy_strerror", t.easy_strerror, out.error) &&
            resolve(handle, "curl_slist_append", t.slist_append, out.error) &&
            resolve(handle, "curl_slist_free_all", t.slist_free_all, out.error);
  if (ok && t.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) out.error = "libcurl failed to initialise";
  return out;
}

}  // namespace

core::Result<const Libcurl*> libcurl() {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = load(); });
  if (!loaded.error.empty())
    return core::fail(core::ErrorKind::unavailable, loaded.error, "install libcurl: apt-get install libcurl4");
  return &loaded.table;
}

}  // namespace hypercare::http
