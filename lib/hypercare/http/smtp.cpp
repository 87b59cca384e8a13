#include "hypercare/http/smtp.hpp"

#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "hypercare/http/libcurl.hpp"

namespace hypercare::http {

namespace {

struct Source {
  const std::string* text;
  std::size_t at = 0;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* s = static_cast<Source*>(user);
  std::size_t room = size * n, left = s->text->size() - s->at;
  std::size_t take = std::min(room, left);
  std::memcpy(buffer, s->text->data() + s->at, take);
  s->at += take;
  return take;
}

}  // namespace

core::Result<MailResult> send_mail(const Mail& m, long* code) {
  auto lib = libcurl();
  if (!lib) return std::unexpected(lib.error());
  const Libcurl& api = **lib;
  std::unique_ptr<CURL, void (*)(CURL*)> curl(api.easy_init(), api.easy_cleanup);
  if (!curl) return core::fail(core::ErrorKind::internal, "cannot start libcurl");
  curl_slist* rcpt = nullptr;
  for (const auto& to : m.to) rcpt = api.slist_append(rcpt, fmt::format("<{}>", to).c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> rcpt_list(rcpt, api.slist_free_all);
  std::string from = fmt::format("<{}>", m.from);
  Source source{&m.message};
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  api.easy_setopt(c, CURLOPT_URL, m.url.c_str());
  api.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  api.easy_setopt(c, CURLOPT_TIMEOUT_MS, long(m.timeout.count()));
  api.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, long(m.timeout.count()));
  api.easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  api.easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  api.easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  api.easy_setopt(c, CURLOPT_READFUNCTION, on_read);
  api.easy_setopt(c, CURLOPT_READDATA, &source);
  api.easy_setopt(c, CURLOPT_UPLOAD, 1L);
  api.easy_setopt(c, CURLOPT_INFILESIZE_LARGE, curl_off_t(m.message.size()));
  // A password never crosses the network in the clear: with a login, smtp:// must upgrade.
  if (m.url.starts_with("smtp://")) api.easy_setopt(c, CURLOPT_USE_SSL, long(m.user.empty() ? CURLUSESSL_TRY : CURLUSESSL_ALL));
  if (!m.user.empty()) {
    api.easy_setopt(c, CURLOPT_USERNAME, m.user.c_str());
    api.easy_setopt(c, CURLOPT_PASSWORD, m.password.c_str());
  }
  CURLcode rc = api.easy_perform(c);
  MailResult out;
  api.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.code);
  if (code) *code = out.code;
  if (rc != CURLE_OK) {
    std::string why = error[0] ? error : api.easy_strerror(rc);
    return core::fail(core::ErrorKind::unavailable, fmt::format("{}: {}", m.url, why));
  }
  return out;
}

}  // namespace hypercare::http
