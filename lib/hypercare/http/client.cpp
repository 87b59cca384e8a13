#include "hypercare/http/client.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "hypercare/http/libcurl.hpp"

namespace hypercare::http {

namespace {

struct Sink {
  std::string* body;
  std::size_t cap;
};

std::size_t on_data(char* data, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t bytes = size * n;
  if (sink->body->size() < sink->cap) sink->body->append(data, std::min(bytes, sink->cap - sink->body->size()));
  return bytes;
}

}  // namespace

std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += char(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

core::Result<Response> send(const Request& r, SendInfo* info) {
  auto lib = libcurl();
  if (!lib) return std::unexpected(lib.error());
  const Libcurl& api = **lib;
  std::unique_ptr<CURL, void (*)(CURL*)> curl(api.easy_init(), api.easy_cleanup);
  if (!curl) return core::fail(core::ErrorKind::internal, "cannot start libcurl");
  Response resp;
  Sink sink{&resp.body, r.max_body};
  char error[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  for (const auto& [k, v] : r.headers) headers = api.slist_append(headers, (k + ": " + v).c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_list(headers, api.slist_free_all);
  CURL* c = curl.get();
  api.easy_setopt(c, CURLOPT_URL, r.url.c_str());
  api.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  api.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, long((r.connect_timeout.count() > 0 ? std::min(r.connect_timeout, r.timeout) : r.timeout).count()));
  api.easy_setopt(c, CURLOPT_TIMEOUT_MS, long(r.timeout.count()));
  api.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  api.easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  api.easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  api.easy_setopt(c, CURLOPT_FOLLOWLOCATION, r.follow_redirects ? 1L : 0L);
  api.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, r.verify_tls ? 1L : 0L);
  api.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, r.verify_tls ? 2L : 0L);
  api.easy_setopt(c, CURLOPT_USERAGENT, "hypercare/" HYPERCARE_VERSION);
  if (headers) api.easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  if (r.method == "HEAD") api.easy_setopt(c, CURLOPT_NOBODY, 1L);
  else if (r.method != "GET") api.easy_setopt(c, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  if (!r.body.empty()) {
    api.easy_setopt(c, CURLOPT_POSTFIELDS, r.body.data());
    api.easy_setopt(c, CURLOPT_POSTFIELDSIZE, long(r.body.size()));
  }
  CURLcode rc = api.easy_perform(c);
  double total = 0;
  api.easy_getinfo(c, CURLINFO_TOTAL_TIME, &total);
  resp.elapsed = std::chrono::milliseconds(long(total * 1000));
  if (info) {
    long request_size = 0;
    api.easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request_size);
    info->request_sent = request_size > 0;
  }
  if (rc != CURLE_OK) {
    std::string why = error[0] ? error : api.easy_strerror(rc);
    return core::fail(core::ErrorKind::unavailable, fmt::format("{}: {}", r.url, why));
  }
  api.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp.status);
  curl_off_t retry = -1;
  if (api.easy_getinfo(c, CURLINFO_RETRY_AFTER, &retry) == CURLE_OK) resp.retry_after_s = long(retry);
  return resp;
}

}  // namespace hypercare::http
