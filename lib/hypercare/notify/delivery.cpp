#include "hypercare/notify/delivery.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hypercare/store/jsonl.hpp"

namespace hypercare::notify {

namespace {

using Clock = std::chrono::steady_clock;
using What = Outcome::What;

struct Verdict {
  What what = What::dead;
  std::string error;
  long retry_after_s = -1;
  bool channel_down = false;  // stop trying this channel in this run (network, rate limit)
};

std::string trim(std::string s) {
  auto ws = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!s.empty() && ws(s.back())) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && ws(s[i])) ++i;
  return s.substr(i);
}

// The service's own words for a rejection: PagerDuty's errors[], else the body's first line.
std::string service_text(config::ChannelKind kind, const std::string& body) {
  if (kind == config::ChannelKind::pagerduty) {
    auto j = store::parse_json(body, "PagerDuty answer");
    if (j && j->is_object()) {
      std::string text = j->value("message", "");
      if (j->contains("errors") && (*j)["errors"].is_array())
        for (const auto& e : (*j)["errors"])
          if (e.is_string()) text += (text.empty() ? "" : ": ") + e.get<std::string>();
      if (!text.empty()) return text;
    }
  }
  std::string t = trim(body.substr(0, body.find('\n')));
  if (t.size() > 300) t = t.substr(0, 300) + "…";
  return t.empty() ? "(empty answer)" : t;
}

Verdict judge(config::ChannelKind kind, const core::Result<http::Response>& r, const http::SendInfo& info,
              const std::string& secret) {
  if (!r) {
    // libcurl's message starts with the URL, which for Slack and webhooks is the secret.
    std::string why = redact(r.error().message, secret);
    if (auto at = why.find("***: "); at == 0) why = why.substr(5);
    if (kind == config::ChannelKind::slack && info.request_sent)
      return {What::dead,
              fmt::format("no answer after the message was sent ({}): Slack may have posted it, so it is not "
                          "re-posted (Slack does not deduplicate)", why),
              -1, true};
    return {What::retrying, why, -1, true};
  }
  long s = r->status;
  std::string body = redact(r->body, secret);
  bool ok = kind == config::ChannelKind::slack ? s == 200 && trim(body) == "ok" : s >= 200 && s < 300;
  if (ok) return {What::delivered, "", -1, false};
  if (s == 429) return {What::retrying, fmt::format("HTTP 429 {}", service_text(kind, body)), r->retry_after_s, true};
  if (s >= 500) return {What::retrying, fmt::format("HTTP {} {}", s, service_text(kind, body)), r->retry_after_s, false};
  if (kind == config::ChannelKind::webhook && s == 408) return {What::retrying, "HTTP 408 request timeout", -1, false};
  if (kind == config::ChannelKind::slack && s == 200)
    return {What::dead, fmt::format("Slack answered 200 but not \"ok\" ({}): not re-posted", service_text(kind, body))};
  return {What::dead, fmt::format("rejected with HTTP {}: {}", s, service_text(kind, body))};
}

std::string hint_for(const config::Channel& ch, long status) {
  if (status == 404 || status == 403 || status == 410)
    return fmt::format("check the webhook of channel {} ({}), then: hypercare notify test {}", ch.name,
                       ch.secret.describe(), ch.name);
  if (status == 400 && ch.kind == config::ChannelKind::pagerduty)
    return fmt::format("check the routing key of channel {} ({})", ch.name, ch.secret.describe());
  return {};
}

struct PageAttempt {
  Verdict verdict;
  long status = 0;
  std::string hint;
  std::optional<core::Error> setup;  // hypercare's configuration, not an attempt
};

// A page (an entry with a person): by mail through [paging.smtp], or an HTTP POST to the person's
// ntfy server or webhook (judged like a webhook channel: 2xx delivered, 408/429/5xx retried).
PageAttempt send_page(const Delivery& d, Entry& e, std::chrono::milliseconds remaining) {
  PageAttempt a;
  auto timeout = std::min<std::chrono::milliseconds>(std::chrono::seconds(10), remaining);
  if (e.kind == "email") {
    if (!d.paging || !d.paging->smtp.configured()) {
      a.verdict = {What::dead, "no [paging.smtp] in hypercare.toml: nowhere to send mail"};
      return a;
    }
    const auto& smtp = d.paging->smtp;
    http::Mail mail{smtp.url, smtp.from, {e.target}, e.body.value("message", ""), "", "", timeout};
    if (!smtp.user.secret_key.empty()) {
      auto user = d.secrets.resolve(smtp.user);
      auto password = user ? d.secrets.resolve(smtp.password) : user;
      if (!user || !password) {
        a.setup = user ? password.error() : user.error();
        return a;
      }
      mail.user = *user;
      mail.password = *password;
    }
    ++e.attempts;
    long code = 0;
    auto sent = d.mail ? d.mail(mail, &code) : http::send_mail(mail, &code);
    a.status = code;
    if (sent) a.verdict = {What::delivered, "", -1, false};
    else if (code >= 500) a.verdict = {What::dead, fmt::format("the mail server refused it: {}", redact(sent.error().message, mail.password))};
    else a.verdict = {What::retrying, redact(sent.error().message, mail.password), -1, code == 0};
    if (code >= 500) a.hint = fmt::format("check {}'s email in rota.toml and [paging.smtp] in hypercare.toml", e.person);
    return a;
  }
  http::Request req;
  req.method = "POST";
  req.headers = {{"Content-Type", "application/json"}};
  req.body = e.body.dump();
  req.timeout = req.connect_timeout = timeout;
  req.max_body = 64 * 1024;
  std::string secret;
  if (e.kind == "webhook") {
    config::SecretRef ref;
    ref.secret_key = e.target;
    auto url = d.secrets.resolve(ref);
    if (!url) {
      a.setup = url.error();
      return a;
    }
    secret = req.url = *url;
  } else {
    req.url = e.target;
  }
  ++e.attempts;
  http::SendInfo info;
  auto response = d.transport(req, &info);
  a.verdict = judge(config::ChannelKind::webhook, response, info, secret);
  a.status = response ? response->status : 0;
  if (a.verdict.what == What::dead)
    a.hint = fmt::format("check {}'s {} in rota.toml{}", e.person, e.kind, e.kind == "webhook" ? " and its key in the secrets store" : "");
  return a;
}

}  // namespace

Transport real_transport() {
  return [](const http::Request& r, http::SendInfo* info) { return http::send(r, info); };
}

std::size_t DeliveryReport::count(What w) const {
  return std::size_t(std::count_if(outcomes.begin(), outcomes.end(), [&](const Outcome& o) { return o.what == w; }));
}

std::chrono::seconds backoff(const config::RetryPolicy& policy, int attempts, long retry_after_s,
                             const core::Random& random) {
  auto ceiling = policy.base.count();
  for (int i = 1; i < attempts && ceiling < policy.cap.count(); ++i) ceiling *= 2;
  ceiling = std::min(ceiling, policy.cap.count());
  long long delay = ceiling > 0 ? (long long)(random() % std::uint64_t(ceiling + 1)) : 0;
  delay = std::max<long long>(delay, 1);
  if (retry_after_s >= 0) delay = std::max<long long>(delay, std::min<long long>(retry_after_s, policy.max_retry_after.count()));
  return std::chrono::seconds(delay);
}

DeliveryReport deliver(const Delivery& d, const DeliveryOptions& o) {
  DeliveryReport report;
  auto lock = d.outbox.lock_for_delivery();
  if (!lock) {
    report.busy = true;
    return report;
  }
  auto entries = d.outbox.list(d.warn);
  if (!entries) {
    d.warn(entries.error().message);
    return report;
  }
  auto deadline = Clock::now() + o.budget;
  std::set<std::string> blocked;  // channel + key with an earlier notification still undelivered
  std::set<std::string> down;     // channels that failed at the network level in this run
  auto selected = [&](const Entry& e) { return o.only.empty() || std::find(o.only.begin(), o.only.end(), e.id) != o.only.end(); };

  for (auto& e : *entries) {
    std::string order_key = e.channel + '\n' + e.person + '\n' + e.key;
    Outcome out{What::waiting, e.id, e.channel, e.event, e.summary, e.last_status, e.last_error, "", e.next_at, std::nullopt, e.person};
    if (e.state == EntryState::dead) {
      if (!(o.ignore_schedule && selected(e))) continue;
      e.state = EntryState::pending;  // flush --all: a person asked for another try
      e.attempts = 0;
    }
    if (!selected(e) || (!o.ignore_schedule && e.state == EntryState::pending && e.next_at > d.now) || (o.hold && o.hold(e))) {
      blocked.insert(order_key);
      continue;
    }
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (remaining < std::chrono::milliseconds(200)) {
      report.out_of_time = true;
      report.outcomes.push_back(out);
      blocked.insert(order_key);
      continue;
    }
    if (blocked.contains(order_key) || down.contains(e.channel)) {
      if (blocked.contains(order_key)) out.error = fmt::format("waits for an earlier notification about {}", e.key);
      report.outcomes.push_back(out);
      blocked.insert(order_key);
      continue;
    }
    auto finish_dead = [&](std::string why, long status) {
      e.state = EntryState::dead;
      e.last_error = why;
      e.last_status = status;
      if (auto s = d.outbox.save(e); !s) d.warn(s.error().message);
      out.what = What::dead;
      out.error = std::move(why);
      out.status = status;
      report.outcomes.push_back(out);
    };
    // Not the service's fault and not an attempt (a secret unset): it stays queued for after the fix.
    auto setup_failed = [&](const core::Error& err) {
      e.last_error = err.message;
      e.last_status = 0;
      if (auto s = d.outbox.save(e); !s) d.warn(s.error().message);
      out.what = What::retrying;
      out.error = err.message;
      out.hint = err.hint;
      out.setup_error = err.kind;
      report.outcomes.push_back(out);
      down.insert(e.channel);
      blocked.insert(order_key);
    };
    auto settle = [&](Verdict v, long status, const std::string& hint) {
      if (v.channel_down) down.insert(e.channel);
      out.status = status;
      if (v.what == What::delivered) {
        if (auto s = d.outbox.delivered(e, d.now, status); !s) d.warn(s.error().message);
        out.what = What::delivered;
        out.error.clear();
        report.outcomes.push_back(out);
        return;
      }
      if (v.what == What::retrying && e.attempts >= d.config.retry.max_attempts)
        v = {What::dead, fmt::format("gave up after {} attempts: {}", e.attempts, v.error)};
      if (v.what == What::dead) {
        out.hint = hint;
        finish_dead(v.error, status);
        return;
      }
      e.state = EntryState::pending;
      e.last_error = v.error;
      e.last_status = status;
      e.next_at = d.now + backoff(d.config.retry, e.attempts, v.retry_after_s, d.random);
      if (auto s = d.outbox.save(e); !s) d.warn(s.error().message);
      out.what = What::retrying;
      out.error = v.error;
      out.next_at = e.next_at;
      report.outcomes.push_back(out);
      blocked.insert(order_key);
    };
    if (!e.person.empty()) {
      auto attempt = send_page(d, e, remaining);
      if (attempt.setup) {
        setup_failed(*attempt.setup);
        continue;
      }
      settle(attempt.verdict, attempt.status, attempt.hint);
      continue;
    }
    const config::Channel* ch = d.config.find(e.channel);
    if (!ch) {
      finish_dead(fmt::format("channel {} is no longer in hypercare.toml", e.channel), 0);
      continue;
    }
    if (e.state == EntryState::sending && ch->kind == config::ChannelKind::slack) {
      finish_dead("an earlier attempt was cut off after sending: Slack may have posted it, so it is not re-posted", 0);
      continue;
    }
    auto secret = d.secrets.resolve(ch->secret);
    if (!secret) {
      setup_failed(secret.error());
      continue;
    }
    http::Request req;
    req.method = "POST";
    req.headers = {{"Content-Type", "application/json"}};
    nlohmann::json body = e.body;
    if (ch->kind == config::ChannelKind::pagerduty) {
      body["routing_key"] = *secret;
      req.url = ch->url;
    } else {
      req.url = *secret;
    }
    req.body = body.dump();
    req.timeout = std::min(ch->timeout, remaining);
    req.connect_timeout = std::min(ch->connect_timeout, remaining);
    req.max_body = 64 * 1024;
    if (ch->kind == config::ChannelKind::slack) {
      // Recorded before sending: a sender killed mid-request must not post twice.
      e.state = EntryState::sending;
      if (auto s = d.outbox.save(e); !s) d.warn(s.error().message);
    }
    ++e.attempts;
    http::SendInfo info;
    auto response = d.transport(req, &info);
    auto v = judge(ch->kind, response, info, *secret);
    long status = response ? response->status : 0;
    settle(v, status, v.what == What::dead ? hint_for(*ch, status) : std::string());
  }
  return report;
}

}  // namespace hypercare::notify
