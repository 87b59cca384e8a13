#include "hypercare/incident/json.hpp"

#include <gtest/gtest.h>

#include <random>

namespace hypercare::incident {
namespace {

std::string expected(const Incident& inc, const Sla& sla) {
  return to_json(inc, sla, false).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string written(const Incident& inc, const Sla& sla) {
  std::string out = "[";  // appended to what is there already, as `incident list --json` does
  append_summary_json(out, inc, sla);
  return out.substr(1);
}

core::TimePoint at(std::int64_t s) { return core::TimePoint{core::Seconds{s}}; }

TEST(SummaryJson, IsByteForByteWhatTheJsonValueDumps) {
  Incident open;
  open.id = "INC-20261127-7K2M";
  open.title = "Checkout down";
  open.created_at = at(1795834800);
  Sla sla;
  sla.response_due = at(1795835700);
  sla.resolution_due = at(1795849200);
  EXPECT_EQ(written(open, sla), expected(open, sla));

  Incident done = open;
  done.priority = Priority::P1;
  done.status = State::resolved;
  done.tags = {"db", "checkout"};
  done.acknowledged_at = at(1795835000);
  done.acknowledged_by = "asha";
  done.resolved_at = at(1795838000);
  done.root_cause = "disk";
  done.resolution = "cleaned";
  done.resolution_kind = ResolutionKind::duplicate;
  done.duplicate_of = "INC-20261127-AAAA";
  done.maintenance = "MW-1";
  done.runbook_url = "https://runbooks.example/db";
  done.escalation_level = -3;
  sla.response_breached = true;
  sla.response_time = core::Seconds{200};
  sla.resolution_time = core::Seconds{-5};
  EXPECT_EQ(written(done, sla), expected(done, sla));
}

TEST(SummaryJson, EscapesEveryStringAsNlohmannDoes) {
  Sla sla;
  std::vector<std::string> hostile = {"", "\"quoted\" \\back\\", std::string("nul\0byte", 8), "\b\f\n\r\t\x01\x1f\x7f",
                                      "ünïcødé → ✓ 😀", "\xC3\x28 bad", "\xED\xA0\x80 surrogate", "\xF4\x90\x80\x80 big",
                                      "\xE0\x80\xAF overlong", "cut \xE2\x82", "\xC2"};
  for (const auto& s : hostile) {
    Incident inc;
    inc.id = inc.title = inc.component = inc.impact = inc.description = inc.assignee = inc.created_by = s;
    inc.acknowledged_by = inc.root_cause = inc.resolution = inc.duplicate_of = inc.maintenance = inc.runbook_url = s;
    inc.tags = {s, s};
    EXPECT_EQ(written(inc, sla), expected(inc, sla)) << s;
  }
  // Random bytes, weighted to the bytes that need care.
  std::mt19937 random(20);
  const std::string alphabet = "\"\\\b\f\n\r\t\x01\x1f\x7f a\xC2\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xED\xA0\xC3\xFF\x80";
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    for (int n = std::uniform_int_distribution<int>(0, 12)(random); n > 0; --n)
      s += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
    Incident inc;
    inc.title = s;
    inc.tags = {s};
    ASSERT_EQ(written(inc, sla), expected(inc, sla)) << "round " << round;
  }
}

}  // namespace
}  // namespace hypercare::incident
