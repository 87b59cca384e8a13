// watch's shift notices (rota/notices.hpp) as pages to the person (ntfy, email, webhook; not
// channels): "you are on call from 22:00 IST
// (slot C) — 2 open incidents, handover HO-… waiting for you". Each notice is sent once from the
// watching machine: its key is logged in .hypercare/notices.log once queued.
#pragma once

#include <string>
#include <vector>

#include "hypercare/rota/notices.hpp"
#include "invocation.hpp"

namespace hypercare::cli {

struct SentNotice {
  std::string type, person, key, text;
};

// Queues and tries the notices due now; returns those sent (queued) this round.
core::Result<std::vector<SentNotice>> send_shift_notices(Invocation& inv, const rota::Schedule& schedule,
                                                         std::size_t open_incidents);

}  // namespace hypercare::cli
