// Paging people by name: from an event and the person it is for to one outbox entry per contact
// method — an email (RFC 5322, through [paging.smtp]), an ntfy push (title, priority, an
// Acknowledge button) or the person's own JSON webhook. Slack is not an entry: the channel
// message mentions the person. Each page has a key — incident, level, person — and a key already
// queued or sent on this machine is never queued again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hypercare/config/rota_config.hpp"
#include "hypercare/notify/event.hpp"
#include "hypercare/notify/outbox.hpp"

namespace hypercare::notify {

struct Recipient {
  const config::Person* person = nullptr;
  // Where the page sits in what it is about, for its key: "0" (assigned), "2" (the second
  // escalation), "breach-response", "shift-20261204T1630Z", "handover".
  std::string step;
  std::string reason;  // one line for the person: "dev1 did not answer within 15m"
};

struct PageSetup {
  const config::HypercareConfig& cfg;
  core::TimePoint now;
  std::string link_key;  // the resolved [listen] link key; empty: pages carry no ack link
};

// Who an event pages, by the rota: incident.created its assignee; incident.escalated the new
// assignee; incident.breached the assignee and, where the priority escalates to the lead, the lead;
// handover.created the incoming person. Nobody for anything else (shift notices are addressed by
// `watch` itself). People the rota does not know are left out.
std::vector<Recipient> recipients(const Event& e, const config::RotaConfig& rota, const config::HypercareConfig& cfg);

// The methods this person is paged by for an event of `priority`: [paging.Pn] methods (all when
// the priority has none, or the event has no priority) that the person has an address for.
std::vector<config::ContactMethod> methods_for(const config::PagingConfig& paging, std::optional<config::Priority> priority,
                                               const config::Person& person);

// Whether anyone on the rota can be paged other than by a Slack mention: an ntfy topic, a
// webhook, or an email with [paging.smtp] set. When nobody can, there is nothing to page.
bool anyone_pageable(const config::RotaConfig& rota, const config::PagingConfig& paging);

// The page key: "INC-…/2/dev1".
std::string page_key(const Event& e, const Recipient& r);

// One entry per method (slack left out), not yet saved; ids are given by queue_pages.
core::Result<std::vector<Entry>> page_entries(const Event& e, const Recipient& r, const PageSetup& s);

// Saves the entries whose page key is neither queued nor in the delivery log, under a lock so
// that two processes paging at once page once. Returns those saved.
core::Result<std::vector<Entry>> queue_pages(const Outbox& outbox, std::vector<Entry> entries, core::TimePoint now,
                                             const core::Random& random);

// Drops the pages about `key` (an incident) still waiting: it was acknowledged. Returns how many.
std::size_t cancel_pages(const Outbox& outbox, const std::string& key, const core::WarningSink& warn);

// Plain text wrapped at `width` columns (code points); a word longer than that keeps its line.
std::string wrap_text(std::string_view text, std::size_t width = 78);

}  // namespace hypercare::notify
