// The incident lifecycle: each operation validates the transition on the folded state, then
// appends one event under the ops lock and commits it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/incident/model.hpp"
#include "hypercare/incident/repository.hpp"
#include "hypercare/rota/schedule.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::incident {

struct ServiceContext {
  const config::HypercareConfig& config;
  const Repository& repo;
  store::WriteOptions write;  // ops dir, git, actor, lock timeout, warnings
  TimePoint now;
  core::Random random;
  const rota::Schedule* schedule = nullptr;  // when the ops dir has a rota: assignment, escalation
};

struct NewIncident {
  std::string title;
  Priority priority = Priority::P3;
  std::string component, impact, description, assignee;
  std::vector<std::string> tags;
  std::map<std::string, std::string> labels;  // from an alert
  std::string fingerprint;                     // Alertmanager's, to find the incident again
  std::string maintenance;                     // the maintenance window it is opened in (pages nobody)
  std::string runbook_url;                     // an alert's annotations.runbook_url
};

// The result of a change. `changed` is false when the request was already true (a second ack,
// the same priority again): nothing was written.
struct Change {
  Incident incident;
  bool changed = true;
};

core::Result<Incident> create(const ServiceContext& ctx, const NewIncident& spec);
core::Result<Change> acknowledge(const ServiceContext& ctx, std::string_view id);
core::Result<Change> set_status(const ServiceContext& ctx, std::string_view id, std::string_view status,
                                const std::string& message);
core::Result<Change> add_note(const ServiceContext& ctx, std::string_view id, const std::string& message);
core::Result<Change> assign(const ServiceContext& ctx, std::string_view id, const std::string& who,
                            const std::string& message);
core::Result<Change> change_priority(const ServiceContext& ctx, std::string_view id, Priority priority,
                                     const std::string& message);
// How it was resolved: fixed (root cause and resolution required), or a duplicate of another
// incident, or a false alarm (both optional then; either takes it out of every metric).
struct Resolution {
  std::string root_cause, resolution;
  ResolutionKind kind = ResolutionKind::fixed;
  std::string duplicate_of;  // an incident id (or unique prefix) when kind is duplicate
};
core::Result<Change> resolve(const ServiceContext& ctx, std::string_view id, const Resolution& how);
core::Result<Change> reopen(const ServiceContext& ctx, std::string_view id, const std::string& message);

// Moves the incident one level up the escalation chain at ctx.now (primary → secondary →
// tertiary where the priority allows the lead). No higher level: ErrorKind::data.
core::Result<Change> escalate(const ServiceContext& ctx, std::string_view id, const std::string& message);

// Every open, unacknowledged incident whose response target has passed is escalated one level;
// level k + 1 is due at created + (k + 1) × response and at least one response period after the
// last escalation, so running this again changes nothing until the next level falls due.
struct Escalation {
  std::string id;
  int level = 0;
  std::string to;
  std::string message;  // why: "no response from dev1 within 15m"
  Incident incident;  // after the escalation
};
core::Result<std::vector<Escalation>> escalate_due(const ServiceContext& ctx);

// Records each SLA clock (response, resolution) of an open incident that has run out, once per
// clock per incident (a `breached` event), so the breach is notified exactly once.
struct Breach {
  Incident incident;
  std::string clock;  // "response" or "resolution"
};
core::Result<std::vector<Breach>> record_breaches(const ServiceContext& ctx);

// Alert ingestion: the alert fired again / was resolved at its source (→ monitoring).
core::Result<Change> alert_firing(const ServiceContext& ctx, std::string_view id, const std::string& message);
core::Result<Change> alert_resolved(const ServiceContext& ctx, std::string_view id, const std::string& message);

}  // namespace hypercare::incident
