// GET|POST /ack/INC-…?m=MEMBER&exp=UNIX&sig=HMAC on `watch --listen`: acknowledging from a phone.
// GET shows a confirmation page and changes nothing (mail scanners and link previews follow
// links); its form POSTs to the same URL, which records the ack as that member (actor
// "dev1 (link)") and shows the incident. A forged link is 403, an expired or used one 410 — each
// with a page that says so and changes nothing.
#pragma once

#include <map>
#include <string>

#include "invocation.hpp"
#include "listen_module.hpp"

namespace hypercare::cli {

listen::Answer answer_ack_link(Invocation& inv, const std::string& method, const std::string& id,
                               const std::map<std::string, std::string>& query);

}  // namespace hypercare::cli
