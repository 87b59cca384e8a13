// Sends what is in the outbox: in order per channel and subject, within a wall-time budget,
// retrying only what may safely be retried (429, 5xx, network), with exponential backoff and
// full jitter, honouring Retry-After; anything else is dead-lettered with the service's answer.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/config/notify_config.hpp"
#include "hypercare/config/paging_config.hpp"
#include "hypercare/http/smtp.hpp"
#include "hypercare/core/context.hpp"
#include "hypercare/http/client.hpp"
#include "hypercare/notify/outbox.hpp"
#include "hypercare/notify/secrets.hpp"

namespace hypercare::notify {

using Transport = std::function<core::Result<http::Response>(const http::Request&, http::SendInfo*)>;
Transport real_transport();
using Mailer = std::function<core::Result<http::MailResult>(const http::Mail&, long* code)>;

struct DeliveryOptions {
  std::chrono::milliseconds budget{10000};  // wall time for the whole run, however many channels stall
  bool ignore_schedule = false;  // also entries whose retry time has not come, and dead-lettered ones
  std::vector<std::string> only;  // just these entry ids (a command's own); empty: everything due
  // Entries to hold back for now (a component under maintenance): left queued, not attempted, and
  // the later ones about the same subject wait behind them.
  std::function<bool(const Entry&)> hold;
};

struct Outcome {
  enum class What { delivered, retrying, dead, waiting };
  What what = What::waiting;
  std::string id, channel, event, summary;
  long status = 0;     // HTTP status, 0 for none
  std::string error;   // what went wrong, never holding a secret
  std::string hint;
  core::TimePoint next_at{};
  // Set when the failure is hypercare's configuration (secret unset, secrets file unsafe), not
  // the service's: the entry stays queued without counting an attempt.
  std::optional<core::ErrorKind> setup_error;
  std::string person;  // a page's person, empty for a channel's notification
};

struct DeliveryReport {
  std::vector<Outcome> outcomes;
  bool busy = false;         // another process holds the delivery lock: nothing was tried
  bool out_of_time = false;  // the budget ran out with entries left
  std::size_t count(Outcome::What w) const;
};

struct Delivery {
  const Outbox& outbox;
  const config::NotifyConfig& config;
  Secrets& secrets;
  Transport transport;
  core::TimePoint now;  // the injected clock: schedules retries
  core::Random random;  // jitter
  core::WarningSink warn;
  const config::PagingConfig* paging = nullptr;  // pages (entries with a person): the SMTP relay
  Mailer mail = {};                              // empty: http::send_mail
};

DeliveryReport deliver(const Delivery& d, const DeliveryOptions& options);

// The delay before attempt `attempts + 1`: full jitter over base·2^(attempts-1) capped at cap,
// at least one second, and never before Retry-After (itself capped) when the service sent one.
std::chrono::seconds backoff(const config::RetryPolicy& policy, int attempts, long retry_after_s,
                             const core::Random& random);

}  // namespace hypercare::notify
