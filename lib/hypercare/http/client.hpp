// HTTP over libcurl with explicit timeouts (curl's default is "never"), for health checks,
// Prometheus queries and the notifications and pages the outbox delivers.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "hypercare/core/error.hpp"

namespace hypercare::http {

struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{5000};          // the whole exchange
  std::chrono::milliseconds connect_timeout{0};     // 0: the same as timeout
  bool verify_tls = true;
  bool follow_redirects = false;
  std::size_t max_body = 1 << 20;  // the rest is dropped
};

struct Response {
  long status = 0;
  std::string body;
  std::chrono::milliseconds elapsed{0};
  long retry_after_s = -1;
};

// What happened on the wire, also when the exchange failed.
struct SendInfo {
  bool request_sent = false;  // the request reached the server (a later failure may hide a success)
};

// A transport failure (DNS, refused, timeout, TLS) is ErrorKind::unavailable with curl's reason.
core::Result<Response> send(const Request& request, SendInfo* info = nullptr);

// Percent-encodes a query parameter value.
std::string url_encode(std::string_view text);

}  // namespace hypercare::http
