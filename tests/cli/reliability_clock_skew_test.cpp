// Clones have clocks that disagree. An engineer whose clock is behind the clone that created an
// incident must not be able to break it: a write either succeeds and stays readable, or fails
// without writing.
#include "harness.hpp"

namespace {

using namespace hctest;
using CliClockSkew = CliTest;

TEST_F(CliClockSkew, AWriteFromASlowClockNeverLeavesAnUnreadableIncident) {
  init_ops(false);
  // Created by a clone whose clock runs 30 s ahead.
  const std::string id = new_incident("Created by a fast clock", "P3", {}, {{"HYPERCARE_NOW", "2026-11-27T03:00:30Z"}});

  for (const auto& args : std::vector<std::vector<std::string>>{
           {"incident", "note", id, "-m", "from a slow clock"},
           {"incident", "ack", id},
           {"incident", "resolve", id, "--root-cause", "a", "--resolution", "b"}}) {
    SCOPED_TRACE(args[1]);
    const std::string file_before = slurp(incident_file(id));
    auto r = hc(args, {{"HYPERCARE_NOW", "2026-11-27T03:00:00Z"}});
    if (r.exit != 0) {
      EXPECT_EQ(slurp(incident_file(id)), file_before)
          << "BUG: the command failed but its event was written: " << r.describe();
    }
    auto shown = hc({"incident", "show", id, "--json"}, {{"HYPERCARE_NOW", "2026-11-27T03:05:00Z"}});
    EXPECT_EXIT_CODE(shown, 0) << "the incident became unreadable after `" << args[1] << "` exited " << r.exit;
    auto listed = hc({"incident", "list", "--all"}, {{"HYPERCARE_NOW", "2026-11-27T03:05:00Z"}});
    EXPECT_EXIT_CODE(listed, 0);
    if (shown.exit != 0) break;
  }
}

}  // namespace
