// [paging] of hypercare.toml: how people are paged by name — which of their contact methods
// (rota.toml) each priority uses, how often the escalation chain repeats, when a shift's person is
// told it starts, how long an ack link works, and the SMTP relay for email.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/config/notify_config.hpp"

namespace hypercare::config {

// The ways a person can be reached; the order is the order pages are queued in.
enum class ContactMethod { ntfy, email, webhook, slack };
inline constexpr std::array<ContactMethod, 4> k_contact_methods = {ContactMethod::ntfy, ContactMethod::email,
                                                                   ContactMethod::webhook, ContactMethod::slack};
std::string_view contact_method_name(ContactMethod m);
std::optional<ContactMethod> parse_contact_method(std::string_view name);

struct SmtpConfig {
  std::string url;   // smtp://host[:port] (STARTTLS when the server offers it) or smtps://host[:port]
  std::string from;  // the envelope and From: address
  SecretRef user, password;  // user_secret / password_secret: keys in the secrets store; empty: no login
  bool configured() const { return !url.empty(); }
};

struct PagingConfig {
  int repeat = 0;                                         // extra runs of the escalation chain
  std::chrono::seconds shift_notice{std::chrono::minutes(15)};  // 0: no shift notices
  std::chrono::seconds link_ttl{std::chrono::hours(1)};
  // [paging.Pn] methods, by priority (P1 = 0); nullopt: every method the person has.
  std::array<std::optional<std::vector<ContactMethod>>, 4> methods;
  SmtpConfig smtp;
};

core::Result<PagingConfig> parse_paging_config(const TomlFile& f);

// A mail address as RFC 5321 takes it in MAIL FROM / RCPT TO: local@domain, printable ASCII, no
// spaces, brackets or quotes (display names belong in rota.toml's `name`).
bool valid_email(std::string_view address);
// An http:// or https:// URL with a host and a path (an ntfy topic).
bool valid_topic_url(std::string_view url);

}  // namespace hypercare::config
