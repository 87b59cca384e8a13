// The hotfix rendering helpers: live output split into prefixed lines (long lines in pieces,
// never held whole), durations, shell-quoted words in hints, labels and statuses.
#include <sstream>

#include <gtest/gtest.h>

#include "hotfix_progress.hpp"
#include "hotfix_view.hpp"

namespace hypercare::cli {
namespace {

TEST(HotfixProgress, PrefixesEveryLineWithTheStepWhateverTheChunks) {
  std::ostringstream err;
  Progress p(err, render::Style(false));
  auto o = p.observer();
  o.started({"smoke", 2, 3, "deploy", "./smoke.py", std::chrono::seconds(5)});
  o.output("first li", false);
  o.output("ne\nsecond\nthi", false);
  o.output("rd", false);
  hotfix::StepRecord s;
  s.name = "smoke";
  s.status = hotfix::StepStatus::failed;
  s.exit_code = 1;
  s.duration_ms = 1500;
  o.finished(s);
  EXPECT_EQ(err.str(),
            "▶ smoke #2, attempt 3 ./smoke.py (timeout 5s)\n"
            "  smoke #2, attempt 3 │ first line\n"
            "  smoke #2, attempt 3 │ second\n"
            "  smoke #2, attempt 3 │ third\n"
            "✗ smoke #2, attempt 3 failed (exit 1) 1.5s\n");
}

TEST(HotfixProgress, SaysTheIdAsSoonAsItIsRecorded) {
  std::ostringstream err;
  Progress p(err, render::Style(false));
  hotfix::Hotfix h;
  h.id = "HF-20261127-7K2M";
  h.component = "odoo";
  h.tag = "1.2.3";
  p.observer().begun(h);
  EXPECT_EQ(err.str(), "hypercare: HF-20261127-7K2M: deploying odoo 1.2.3 — follow it from elsewhere: hypercare hotfix show 7K2M\n");
}

TEST(HotfixProgress, ALineWithoutEndIsShownInPiecesNotKept) {
  std::ostringstream err;
  Progress p(err, render::Style(false));
  auto o = p.observer();
  o.started({"deploy", 1, 1, "deploy", "x", std::chrono::seconds(5)});
  std::string chunk(3000, 'z');
  for (int i = 0; i < 4; ++i) o.output(chunk, false);  // 12000 bytes, no newline
  o.output("\n", false);
  std::string text = err.str();
  std::size_t rows = 0;
  for (std::size_t pos = text.find("deploy │ "); pos != std::string::npos; pos = text.find("deploy │ ", pos + 1)) ++rows;
  EXPECT_EQ(rows, 3u) << "4096 + 4096 + 3808 bytes, and no empty row for the newline";
}

TEST(HotfixView, DurationsWordsAndLabels) {
  EXPECT_EQ(human_ms(850), "850ms");
  EXPECT_EQ(human_ms(12400), "12.4s");
  EXPECT_EQ(human_ms(185000), "3m05s");
  EXPECT_EQ(human_ms(7300000), "2h01m");
  EXPECT_EQ(shell_word("odoo"), "odoo");
  EXPECT_EQ(shell_word("odoo web"), "'odoo web'");
  EXPECT_EQ(shell_word("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_word("-x"), "-- '-x'");
  hotfix::Hotfix h;
  hotfix::StepRecord a, b;
  a.name = b.name = "smoke";
  b.index = 2;
  b.attempt = 2;
  h.steps = {a, b};
  EXPECT_EQ(step_label(a, h), "smoke #1");
  EXPECT_EQ(step_label(b, h), "smoke #2, attempt 2");
  hotfix::StepRecord w;
  w.name = "wait";
  w.phase = "rollback";
  EXPECT_EQ(step_label(w, h), "wait (rollback)");
  h.status = hotfix::Status::running;
  h.host = "ops-2";
  EXPECT_EQ(status_text(h, hotfix::Process::gone), "running (stale?)");
  EXPECT_EQ(status_text(h, hotfix::Process::elsewhere), "running on ops-2");
  h.status = hotfix::Status::rolled_back;
  EXPECT_EQ(status_text(h, std::nullopt), "rolled_back");
}

}  // namespace
}  // namespace hypercare::cli
