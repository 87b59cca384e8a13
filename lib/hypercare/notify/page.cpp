#include "hypercare/notify/page.hpp"

#include <algorithm>
#include <set>

#include <date/date.h>
#include <fmt/format.h>

#include "hypercare/core/text.hpp"

#include "hypercare/core/ids.hpp"
#include "hypercare/notify/ack_link.hpp"
#include "hypercare/store/fs.hpp"
#include "hypercare/store/lock.hpp"

namespace hypercare::notify {

namespace {

using config::ContactMethod;
using json = nlohmann::json;

bool has(const config::Person& p, ContactMethod m) {
  switch (m) {
    case ContactMethod::ntfy: return !p.ntfy.empty();
    case ContactMethod::email: return !p.email.empty();
    case ContactMethod::webhook: return !p.webhook.empty();
    case ContactMethod::slack: return !p.slack.empty();
  }
  return false;
}

std::string field(const json& subject, const char* key) {
  auto it = subject.find(key);
  return it != subject.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// ntfy's priorities: 5 max (P1) … 2 low (P4); 3 (default) for what has no priority.
int ntfy_priority(std::optional<config::Priority> p) { return p ? 5 - int(*p) : 3; }


// A header value: ASCII as it is, anything else as RFC 2047 encoded words (UTF-8, base64) of
// whole characters, each word short enough for a 78-column line.
std::string header_text(std::string_view text) {
  bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return c >= ' ' && c < 127; });
  if (ascii) return std::string(text);
  std::string out, chunk;
  auto flush = [&] {
    if (chunk.empty()) return;
    out += (out.empty() ? "" : "\r\n ") + fmt::format("=?UTF-8?B?{}?=", core::base64(chunk));
    chunk.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = 1;
    auto c = (unsigned char)text[i];
    if (c >= 0xF0) n = 4;
    else if (c >= 0xE0) n = 3;
    else if (c >= 0xC0) n = 2;
    n = std::min(n, text.size() - i);
    if (chunk.size() + n > 45) flush();
    char ch = text[i];
    chunk.append(text.substr(i, n));
    if (n == 1 && (ch == '\r' || ch == '\n')) chunk.back() = ' ';
    i += n;
  }
  flush();
  return out;
}

std::string mail_date(core::TimePoint t) {
  return date::format("%a, %d %b %Y %H:%M:%S +0000", std::chrono::floor<std::chrono::seconds>(t));
}

struct Text {
  std::string subject;  // one line
  std::string body;     // plain text, \n line ends
  std::string link;     // the ack link, empty when none
};

core::Result<Text> compose(const Event& e, const Recipient& r, const PageSetup& s) {
  Text t;
  bool incident = e.subject_kind == "incident";
  t.subject = incident ? fmt::format("{} {}: {}", e.key, e.headline, e.title) : fmt::format("{}: {}", e.headline, e.title);
  const auto& listen = s.cfg.listen;
  if (incident && !s.link_key.empty() && listen.signs_links() && field(e.subject, "status") != "resolved" &&
      !e.type.ends_with("acknowledged"))
    if (auto url = ack_url(listen.public_url, s.link_key, e.key, r.person->id, s.now + s.cfg.paging.link_ttl)) t.link = *url;
    // else: no libcrypto to sign with; the page still goes, without a link.
  std::string b = fmt::format("{}\n\n", wrap_text(r.reason.empty() ? e.headline : fmt::format("{} — {}", e.headline, r.reason)));
  if (incident) {
    b += wrap_text(fmt::format("{}  {}", e.key, e.title)) + "\n";
    b += wrap_text(fmt::format("Priority: {} {} · Status: {} · Assignee: {}", field(e.subject, "priority"),
                               field(e.subject, "priority_label"), field(e.subject, "status"),
                               field(e.subject, "assignee").empty() ? "nobody" : field(e.subject, "assignee"))) + "\n";
    if (auto c = field(e.subject, "component"); !c.empty()) b += "Component: " + c + "\n";
    if (!e.message.empty()) b += "\n" + wrap_text(e.message) + "\n";
    if (!t.link.empty())
      b += fmt::format("\nAcknowledge (this link works once, for {}):\n{}\n", core::format_duration(s.cfg.paging.link_ttl), t.link);
    b += fmt::format("\nOr from a shell: hypercare incident ack {}\n", e.key);
    if (auto rb = field(e.subject, "runbook_url"); !rb.empty()) b += "Runbook: " + rb + "\n";
  } else if (!e.message.empty()) {
    b += wrap_text(e.message) + "\n";
  }
  b += fmt::format("\n-- \nhypercare{}\n", s.cfg.team_name.empty() ? "" : " · " + s.cfg.team_name);
  t.body = std::move(b);
  return t;
}

// One page, one Message-ID, the same on every retry (a mail client shows a resend once).
std::string message_id_part(std::string text) {
  for (char& c : text)
    if (!std::isalnum((unsigned char)c) && c != '-' && c != '.' && c != '_') c = '_';
  return text;
}

std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

Entry base_entry(const Event& e, const Recipient& r, ContactMethod m) {
  Entry x;
  x.channel = std::string(config::contact_method_name(m));
  x.kind = x.channel;
  x.event = e.type;
  x.key = e.key;
  x.component = e.source;
  x.person = r.person->id;
  x.page = page_key(e, r);
  x.summary = fmt::format("{}{}: {}", e.key.starts_with("INC-") ? e.key + " " : "", e.headline, e.title);
  return x;
}

}  // namespace

std::vector<Recipient> recipients(const Event& e, const config::RotaConfig& rota, const config::HypercareConfig& cfg) {
  std::vector<Recipient> out;
  auto add = [&](const std::string& who, std::string step, std::string reason) {
    const auto* p = who.empty() ? nullptr : rota.person(who);
    if (!p) return;
    for (const auto& r : out)
      if (r.person == p) return;
    out.push_back({p, std::move(step), std::move(reason)});
  };
  std::string assignee = field(e.subject, "assignee");
  if (e.type == "incident.created") {
    add(assignee, "0", "assigned to you");
  } else if (e.type == "incident.escalated") {
    int level = e.subject.value("escalation_level", 0);
    add(assignee, std::to_string(level),
        e.message.empty() ? fmt::format("escalated to you (level {})", level)
                          : fmt::format("escalated to you (level {}): {}", level, e.message));
  } else if (e.type == "incident.breached") {
    std::string clock = e.message.find("resolution") != std::string::npos ? "resolution" : "response";
    add(assignee, "breach-" + clock, e.message.empty() ? "SLA breached" : e.message);
    if (e.priority && cfg.level(*e.priority).escalate_to_lead && rota.lead)
      add(rota.lead->id, "breach-" + clock, fmt::format("{}; {} has it", e.message.empty() ? "SLA breached" : e.message,
                                                        assignee.empty() ? "nobody" : assignee));
  } else if (e.type == "handover.created") {
    add(field(e.subject, "to"), "handover", fmt::format("a handover is waiting for you: hypercare handover accept {}", e.key));
  }
  return out;
}

std::vector<ContactMethod> methods_for(const config::PagingConfig& paging, std::optional<config::Priority> priority,
                                       const config::Person& person) {
  std::vector<ContactMethod> out;
  const auto& chosen = priority ? paging.methods[std::size_t(*priority)] : std::nullopt;
  for (auto m : chosen ? *chosen : std::vector<ContactMethod>(config::k_contact_methods.begin(), config::k_contact_methods.end()))
    if (has(person, m)) out.push_back(m);
  return out;
}

bool anyone_pageable(const config::RotaConfig& rota, const config::PagingConfig& paging) {
  auto reachable = [&](const config::Person& p) {
    return !p.ntfy.empty() || !p.webhook.empty() || (!p.email.empty() && paging.smtp.configured());
  };
  return std::any_of(rota.members.begin(), rota.members.end(), reachable) || (rota.lead && reachable(*rota.lead));
}

std::string page_key(const Event& e, const Recipient& r) { return fmt::format("{}/{}/{}", e.key, r.step, r.person->id); }

core::Result<std::vector<Entry>> page_entries(const Event& e, const Recipient& r, const PageSetup& s) {
  std::vector<Entry> out;
  auto methods = methods_for(s.cfg.paging, e.priority, *r.person);
  methods.erase(std::remove(methods.begin(), methods.end(), ContactMethod::slack), methods.end());
  if (methods.empty()) return out;
  auto text = HC_TRY(compose(e, r, s));
  for (auto m : methods) {
    Entry x = base_entry(e, r, m);
    const auto& p = *r.person;
    if (m == ContactMethod::email) {
      if (!s.cfg.paging.smtp.configured()) continue;  // no relay: the person's other methods still page them
      x.target = p.email;
      const auto& from = s.cfg.paging.smtp.from;
      std::string message = fmt::format(
          "From: {}\nTo: {}\nSubject: {}\nDate: {}\nMessage-ID: <{}.{}@{}>\nMIME-Version: 1.0\n"
          "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n"
          "X-Hypercare-Event: {}\n\n{}",
          s.cfg.team_name.empty() ? from : fmt::format("{} <{}>", header_text("hypercare · " + s.cfg.team_name), from),
          p.name.empty() ? p.email : fmt::format("{} <{}>", header_text(p.name), p.email), header_text(text.subject),
          mail_date(s.now), message_id_part(e.key + "." + r.step), message_id_part(p.id), from.substr(from.find('@') + 1),
          e.type, text.body);
      x.body = {{"to", p.email}, {"message", crlf(message)}};
    } else if (m == ContactMethod::ntfy) {
      auto slash = p.ntfy.rfind('/');
      x.target = p.ntfy.substr(0, slash + 1);
      json body = {{"topic", p.ntfy.substr(slash + 1)},
                   {"title", text.subject},
                   {"message", r.reason.empty() ? e.headline : r.reason},
                   {"priority", ntfy_priority(e.priority)},
                   {"tags", json::array({e.subject_kind == "incident" ? "rotating_light" : "calendar"})}};
      if (!text.link.empty())
        body["actions"] = json::array({{{"action", "view"}, {"label", "Acknowledge"}, {"url", text.link}, {"clear", true}}});
      if (auto rb = field(e.subject, "runbook_url"); !rb.empty()) body["click"] = rb;
      x.body = std::move(body);
    } else {
      x.target = p.webhook;
      json body = {{"version", 1},
                   {"type", "page"},
                   {"event", e.type},
                   {"at", core::format_rfc3339(s.now)},
                   {"person", {{"id", p.id}, {"name", p.name}, {"phone", p.phone}}},
                   {"page", page_key(e, r)},
                   {"title", text.subject},
                   {"text", r.reason.empty() ? e.headline : r.reason},
                   {"subject_kind", e.subject_kind},
                   {"subject", e.subject}};
      body["ack_url"] = text.link.empty() ? json(nullptr) : json(text.link);
      x.body = std::move(body);
    }
    out.push_back(std::move(x));
  }
  return out;
}

core::Result<std::vector<Entry>> queue_pages(const Outbox& outbox, std::vector<Entry> entries, core::TimePoint now,
                                             const core::Random& random) {
  std::vector<Entry> out;
  if (entries.empty()) return out;
  HC_CHECK(store::make_dirs(outbox.dir()));
  auto lock = HC_TRY(store::OpsLock::acquire_file(outbox.dir() / ".pages.lock", std::chrono::seconds(10),
                                                  "another hypercare process is queueing pages"));
  std::set<std::string> paged;  // page key + method
  auto ignore = [](const std::string&) {};
  for (const auto& e : HC_TRY(outbox.list(ignore)))
    if (!e.page.empty()) paged.insert(e.page + '\n' + e.channel);
  for (const auto& r : HC_TRY(outbox.sent(ignore)))
    if (!r.page.empty()) paged.insert(r.page + '\n' + r.channel);
  std::string last = outbox.last_id();
  for (auto& e : entries) {
    if (!paged.insert(e.page + '\n' + e.channel).second) continue;
    e.id = last.empty() ? core::new_event_id(now, random) : core::next_event_id(last);
    e.created_at = e.next_at = now;
    HC_CHECK(outbox.save(e));
    last = e.id;
    out.push_back(std::move(e));
  }
  return out;
}

std::size_t cancel_pages(const Outbox& outbox, const std::string& key, const core::WarningSink& warn) {
  auto entries = outbox.list(warn);
  if (!entries) return 0;
  std::size_t n = 0;
  for (const auto& e : *entries)
    if (!e.person.empty() && e.key == key && e.event != "incident.acknowledged" && e.state != EntryState::sending) {
      if (auto s = outbox.remove(e.id); s) ++n;
      else warn(s.error().message);
    }
  return n;
}

std::string wrap_text(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    std::size_t col = 0;
    bool first = true;
    std::size_t i = 0;
    while (i < line.size()) {
      auto sp = line.find(' ', i);
      std::string_view word = line.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i);
      std::size_t w = std::count_if(word.begin(), word.end(), [](char c) { return (c & 0xC0) != 0x80; });
      if (!first && col + 1 + w > width) {
        out += '\n';
        col = 0;
        first = true;
      }
      if (!first) {
        out += ' ';
        ++col;
      }
      out += word;
      col += w;
      first = false;
      i = sp == std::string_view::npos ? line.size() : sp + 1;
    }
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

}  // namespace hypercare::notify
