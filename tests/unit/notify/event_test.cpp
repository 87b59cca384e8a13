// Events and which channels want them: min_priority, events globs, tests go to their channel only.
#include "hypercare/notify/event.hpp"

#include <gtest/gtest.h>

#include "notify_fixture.hpp"

namespace hypercare::notify {
namespace {

using namespace testing;
using config::ChannelKind;
using config::Priority;

Event incident(std::string_view type, Priority p) {
  return incident_event(type, sample_incident(p), team_config(), t0(), "dev1");
}

TEST(NotifyWants, MinPriorityLetsThroughThatPriorityAndHigherOnly) {
  auto pd = channel(ChannelKind::pagerduty, "pd", {"incident.*"}, Priority::P2);
  EXPECT_TRUE(wants(pd, incident("incident.created", Priority::P1)));
  EXPECT_TRUE(wants(pd, incident("incident.created", Priority::P2)));
  EXPECT_FALSE(wants(pd, incident("incident.created", Priority::P3)));
  EXPECT_FALSE(wants(pd, incident("incident.created", Priority::P4)));
  auto all = channel(ChannelKind::slack, "s", {"incident.*"}, Priority::P4);
  for (auto p : {Priority::P1, Priority::P2, Priority::P3, Priority::P4})
    EXPECT_TRUE(wants(all, incident("incident.created", p))) << config::priority_name(p);
  auto p1 = channel(ChannelKind::slack, "s", {"incident.*"}, Priority::P1);
  EXPECT_TRUE(wants(p1, incident("incident.resolved", Priority::P1)));
  EXPECT_FALSE(wants(p1, incident("incident.resolved", Priority::P2)));
}

TEST(NotifyWants, EventsGlobsSelectTheTypes) {
  auto pd = channel(ChannelKind::pagerduty, "pd", {"incident.created", "incident.acknowledged", "incident.resolved"},
                    Priority::P4);
  EXPECT_TRUE(wants(pd, incident("incident.created", Priority::P1)));
  EXPECT_TRUE(wants(pd, incident("incident.acknowledged", Priority::P1)));
  EXPECT_TRUE(wants(pd, incident("incident.resolved", Priority::P1)));
  EXPECT_FALSE(wants(pd, incident("incident.assigned", Priority::P1)));
  EXPECT_FALSE(wants(pd, incident("incident.escalated", Priority::P1)));

  auto slack = channel(ChannelKind::slack, "s", {"incident.*", "health.failed"});
  EXPECT_TRUE(wants(slack, incident("incident.escalated", Priority::P3)));
  EXPECT_TRUE(wants(slack, incident("incident.breached", Priority::P3)));
  health::CheckResult r;
  r.name = "web";
  r.status = health::Status::fail;
  EXPECT_TRUE(wants(slack, health_event("health.failed", r, t0())));
  EXPECT_FALSE(wants(slack, health_event("health.recovered", r, t0())));

  auto everything = channel(ChannelKind::webhook, "w", {"*"});
  EXPECT_TRUE(wants(everything, health_event("health.recovered", r, t0())));
}

TEST(NotifyWants, EventsWithoutAPriorityIgnoreMinPriority) {
  // A check has no priority: a P1-only channel that asks for health.failed still gets it.
  auto p1 = channel(ChannelKind::slack, "s", {"health.*"}, Priority::P1);
  health::CheckResult r;
  r.name = "web";
  r.status = health::Status::fail;
  auto e = health_event("health.failed", r, t0());
  EXPECT_FALSE(e.priority.has_value());
  EXPECT_TRUE(wants(p1, e));
}

TEST(NotifyWants, ATestGoesToTheNamedChannelWhateverItsFilters) {
  auto pd = channel(ChannelKind::pagerduty, "pd", {"incident.created"}, Priority::P1);
  auto other = channel(ChannelKind::slack, "other", {"*"}, Priority::P4);
  auto e = test_event("pd", t0(), "dev1");
  EXPECT_TRUE(wants(pd, e));
  EXPECT_FALSE(wants(other, e)) << "a test of one channel must not reach another";
  auto done = e;
  done.type = "notify.test_done";
  EXPECT_TRUE(wants(pd, done));
  EXPECT_FALSE(wants(other, done));
}

TEST(NotifyEvent, AnIncidentEventNamesItsSubject) {
  auto inc = sample_incident(Priority::P2);
  inc.acknowledged_by = "dev2";
  auto e = incident_event("incident.acknowledged", inc, team_config(), t0(), "dev2", "on it");
  EXPECT_EQ(e.type, "incident.acknowledged");
  EXPECT_EQ(e.key, "INC-20261127-7K2M");
  EXPECT_EQ(e.priority, Priority::P2);
  EXPECT_EQ(e.headline, "P2 incident acknowledged by dev2");
  EXPECT_EQ(e.title, "Payments API down");
  EXPECT_EQ(e.message, "on it");
  EXPECT_EQ(e.source, "api");
  EXPECT_EQ(e.subject_kind, "incident");
  EXPECT_EQ(e.subject["id"], "INC-20261127-7K2M");
  EXPECT_EQ(e.subject["priority_label"], "High");
  EXPECT_EQ(incident("incident.created", Priority::P1).headline, "P1 Critical incident opened");
  EXPECT_EQ(incident("incident.resolved", Priority::P3).headline, "P3 incident resolved");
}

TEST(NotifyEvent, ATestEventIsP4AndKeyedByChannel) {
  auto e = test_event("ops-webhook", t0(), "dev1");
  EXPECT_EQ(e.type, "notify.test");
  EXPECT_EQ(e.key, "test:ops-webhook");
  EXPECT_EQ(e.priority, Priority::P4);
  EXPECT_EQ(e.subject["channel"], "ops-webhook");
}

}  // namespace
}  // namespace hypercare::notify
