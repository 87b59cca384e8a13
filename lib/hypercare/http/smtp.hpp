// Mail through an SMTP relay with libcurl: smtp:// (STARTTLS when the server offers it, and
// required when logging in) or smtps://. The message is complete (RFC 5322 headers and body).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "hypercare/core/error.hpp"

namespace hypercare::http {

struct Mail {
  std::string url;   // smtp://host:port or smtps://host:port
  std::string from;  // envelope sender (MAIL FROM)
  std::vector<std::string> to;  // envelope recipients (RCPT TO)
  std::string message;  // headers, a blank line and the body, lines ending in CRLF
  std::string user, password;  // empty: no login
  std::chrono::milliseconds timeout{10000};
};

struct MailResult {
  long code = 0;  // the server's last reply code (250 when accepted), 0 when none came
};

// A refusal or a transport failure is ErrorKind::unavailable; `code` (when not null) gets the
// server's last reply code either way: 4xx is worth another try, 5xx is not.
core::Result<MailResult> send_mail(const Mail& mail, long* code = nullptr);

}  // namespace hypercare::http
