// libcurl's entry points, loaded with dlopen the first time hypercare speaks HTTP.
//
// Linking libcurl pulls in some thirty shared libraries (TLS, SSH, LDAP, Kerberos, IDN, ...) whose
// loading and relocation made every command ~15 ms slower to start, HTTP or not; most commands
// (a note, a list, a status) never open a connection. The headers and the ABI are libcurl's own
// (soname libcurl.so.4, stable since 2006), so this is a table of function pointers, nothing more.
#pragma once

#include <curl/curl.h>

#include "hypercare/core/error.hpp"

namespace hypercare::http {

struct Libcurl {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

// The loaded table (loaded and curl_global_init'ed once, thread-safe), or ErrorKind::unavailable
// naming the library and how to install it when it cannot be loaded.
core::Result<const Libcurl*> libcurl();

}  // namespace hypercare::http
