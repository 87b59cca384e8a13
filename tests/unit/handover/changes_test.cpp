// "What changed during the shift" for checks and incidents, from records around the range.
#include "hypercare/handover/changes.hpp"

#include <gtest/gtest.h>

namespace hypercare::handover {
namespace {

core::TimePoint T(const char* s) { return *core::parse_rfc3339(s); }

health::Recorded rec(const char* at, const char* check, health::Status s) {
  health::Recorded r;
  r.at = T(at);
  r.check = check;
  r.service = "svc";
  r.status = s;
  return r;
}

TEST(CheckChanges, RedAndRecoveredAgainstTheStateBeforeTheRange) {
  using S = health::Status;
  std::vector<health::Recorded> results = {
      rec("2026-11-27T07:00:00Z", "a", S::fail),   // red before the shift
      rec("2026-11-27T07:00:00Z", "b", S::ok),
      rec("2026-11-27T09:00:00Z", "a", S::ok),     // recovered in it
      rec("2026-11-27T09:00:00Z", "b", S::error),  // went red in it
      rec("2026-11-27T10:00:00Z", "b", S::fail),   // still red: no new entry
      rec("2026-11-27T11:00:00Z", "c", S::fail),   // first seen red
      rec("2026-11-27T12:00:00Z", "c", S::warn),   // a warning is not red
      rec("2026-11-27T20:00:00Z", "a", S::fail),   // after the range
  };
  auto j = check_changes(results, T("2026-11-27T08:30:00Z"), T("2026-11-27T16:30:00Z"));
  ASSERT_EQ(j["checks_red"].size(), 2u) << j.dump();
  EXPECT_EQ(j["checks_red"][0]["check"], "b");
  EXPECT_EQ(j["checks_red"][0]["status"], "error");
  EXPECT_EQ(j["checks_red"][1]["check"], "c");
  ASSERT_EQ(j["checks_recovered"].size(), 2u) << j.dump();
  EXPECT_EQ(j["checks_recovered"][0]["check"], "a");
  EXPECT_EQ(j["checks_recovered"][0]["at"], "2026-11-27T09:00:00Z");
  EXPECT_EQ(j["checks_recovered"][1]["check"], "c");
}

TEST(IncidentChanges, OpenedResolvedEscalatedInTheRange) {
  incident::Incident a, b;
  a.id = "INC-A";
  a.created_at = T("2026-11-27T09:00:00Z");
  a.escalated_at = T("2026-11-27T09:30:00Z");
  a.escalation_level = 1;
  a.assignee = "dev1";
  b.id = "INC-B";
  b.created_at = T("2026-11-26T09:00:00Z");
  b.status = incident::State::resolved;
  b.resolved_at = T("2026-11-27T10:00:00Z");
  auto j = incident_changes({a, b}, T("2026-11-27T08:30:00Z"), T("2026-11-27T16:30:00Z"));
  ASSERT_EQ(j["incidents_opened"].size(), 1u);
  EXPECT_EQ(j["incidents_opened"][0]["id"], "INC-A");
  ASSERT_EQ(j["incidents_resolved"].size(), 1u);
  EXPECT_EQ(j["incidents_resolved"][0]["id"], "INC-B");
  ASSERT_EQ(j["incidents_escalated"].size(), 1u);
  EXPECT_EQ(j["incidents_escalated"][0]["level"], 1);
  EXPECT_EQ(j["incidents_escalated"][0]["assignee"], "dev1");
  auto none = incident_changes({a, b}, T("2026-11-27T11:00:00Z"), T("2026-11-27T16:30:00Z"));
  EXPECT_TRUE(none["incidents_opened"].empty());
  EXPECT_TRUE(none["incidents_resolved"].empty());
}

}  // namespace
}  // namespace hypercare::handover
