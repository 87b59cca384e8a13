// Reading back an edited draft: free-text sections replace the flags' text, added lines under
// generated sections are kept, generated lines are not, comments are dropped.
#include "hypercare/handover/edit.hpp"

#include <gtest/gtest.h>

namespace hypercare::handover {
namespace {

const std::string k_draft =
    "<!-- hypercare handover draft. -->\n"
    "# Shift Handover (draft)\n\n"
    "### Active Incidents\n"
    "| ID | Priority |\n|----|----------|\n| INC-1 | P1 |\n\n"
    "### Issues to Monitor\n1. from the flag\n\n"
    "### Scheduled Activities\n_None._\n\n"
    "### Notes for Next Shift\n_None._\n\n"
    "### Handover Confirmation\n- [ ] Access verified\n";

TEST(ReadEdited, TakesTheFreeTextSections) {
  std::string edited =
      "# Shift Handover (draft)\n\n"
      "### Active Incidents\n"
      "| ID | Priority |\n|----|----------|\n| INC-1 | P1 |\n\nINC-1: vendor fix at 02:00\n\n"
      "### Issues to Monitor\n1. from the flag\n2. the error rate\n- disk on db1\n\n"
      "### Scheduled Activities\n- 02:00: backups\n* 2026-11-28 09:00 IST: vendor call\n\n"
      "### Notes for Next Shift\nFirst note\nstill first.\n\n<!-- a comment\nspanning lines -->\nSecond note.\n\n"
      "### Handover Confirmation\n- [x] Access verified\n\n"
      "### Contacts\nvendor: +91 80 0000\n";
  auto e = read_edited(k_draft, edited);
  EXPECT_EQ(e.watch, (std::vector<std::string>{"from the flag", "the error rate", "disk on db1"}));
  EXPECT_EQ(e.scheduled, (std::vector<std::string>{"02:00: backups", "2026-11-28 09:00 IST: vendor call"}));
  EXPECT_EQ(e.notes, (std::vector<std::string>{"First note\nstill first.", "Second note."}));
  ASSERT_EQ(e.sections.size(), 2u);
  EXPECT_EQ(e.sections[0].heading, "Active Incidents");
  EXPECT_EQ(e.sections[0].text, "INC-1: vendor fix at 02:00");
  EXPECT_EQ(e.sections[1].heading, "Contacts");
  EXPECT_EQ(e.sections[1].text, "vendor: +91 80 0000");
}

TEST(ReadEdited, EmptySectionsAndRemovedLines) {
  // The person removed the flag's watch item and the incident row: generated rows are data, not text.
  std::string edited =
      "### Active Incidents\n| ID | Priority |\n|----|----------|\n\n"
      "### Issues to Monitor\n_None._\n\n"
      "### Scheduled Activities\n_None._\n\n"
      "### Notes for Next Shift\n_None._\n";
  auto e = read_edited(k_draft, edited);
  EXPECT_TRUE(e.watch.empty());
  EXPECT_TRUE(e.scheduled.empty());
  EXPECT_TRUE(e.notes.empty());
  EXPECT_TRUE(e.sections.empty());
}

}  // namespace
}  // namespace hypercare::handover
