// `feedback add | import | list`: the CSV import of survey exports, its column mapping, bad rows
// and re-imports.
#include "report_fixture.hpp"

namespace hctest {
namespace {

using nlohmann::json;

class Feedback : public CliTest {
 protected:
  void SetUp() override { init_ops(true); }
  std::vector<json> lines() {
    std::vector<json> out;
    if (!fs::exists(ops / "feedback")) return out;
    for (const auto& f : jsonl_files(ops / "feedback"))
      for (auto& j : parse_every_line(f)) out.push_back(j);
    return out;
  }
};

TEST_F(Feedback, AddRecordsOneResponseAndCommitsIt) {
  auto r = hc({"feedback", "add", "--score", "4", "--comment", "much faster", "--from", "ravi"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("feedback recorded: score 4 (positive) from ravi in feedback/2026-11.jsonl"), std::string::npos) << r.out;
  auto ls = lines();
  ASSERT_EQ(ls.size(), 1u);
  EXPECT_EQ(ls[0]["type"], "response");
  EXPECT_EQ(ls[0]["score"], 4);
  EXPECT_EQ(ls[0]["at"], k_now);
  EXPECT_EQ(ls[0]["actor"], "dev1");
  EXPECT_TRUE(is_rfc3339_z(ls[0]["ts"]));
  auto log = git({"log", "-1", "--name-only", "--format=%s"});
  EXPECT_NE(log.out.find("feedback: score 4 from ravi"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("feedback/2026-11.jsonl"), std::string::npos);
  for (const char* bad : {"0", "6", "x"}) {
    auto b = hc({"feedback", "add", "--score", bad});
    EXPECT_EXIT_CODE(b, 64);
  }
  EXPECT_EQ(lines().size(), 1u);
}

TEST_F(Feedback, ImportReadsARealSurveyExport) {
  spit(root / "survey.csv", survey_csv());
  auto r = hc({"feedback", "import", "survey.csv"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("imported 4 response(s) from survey.csv (0 already recorded, 0 bad row(s) skipped)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ts='Timestamp', score='How satisfied are you? (rating 1-5)', comment='Any comments?', from='Email'"),
            std::string::npos) << r.out;
  auto ls = lines();
  ASSERT_EQ(ls.size(), 4u);
  std::map<std::string, json> by_from;
  for (auto& j : ls) by_from[j["from"]] = j;
  EXPECT_EQ(by_from["a@example.com"]["comment"], "Fast, and \"just works\"");  // quoted comma, doubled quotes
  EXPECT_EQ(by_from["c@example.com"]["comment"], "slow reports\nsometimes");   // a line break inside quotes
  EXPECT_EQ(by_from["a@example.com"]["at"], "2026-11-23T06:30:00Z");           // 12:00 IST
  EXPECT_EQ(by_from["c@example.com"]["at"], "2026-11-25T13:10:00Z");           // 2026/11/25 18:40 IST
  EXPECT_EQ(by_from["a@example.com"]["source"], "survey.csv");
  // Feedback of Nov and of the 20th both land in 2026-11.jsonl; the month follows the answer.
  EXPECT_TRUE(fs::exists(ops / "feedback" / "2026-11.jsonl"));
  // The same file again, and a later export that repeats every row plus one new: nothing twice.
  auto again = hc({"feedback", "import", "survey.csv", "--json"});
  ASSERT_EXIT_CODE(again, 0);
  auto j = json::parse(again.out);
  EXPECT_EQ(j["imported"], 0);
  EXPECT_EQ(j["already_recorded"], 4);
  spit(root / "later.csv", survey_csv() + "2026-11-26 08:00,2,meh,e@example.com\r\n");
  auto later = hc({"feedback", "import", "later.csv", "--json"});
  EXPECT_EQ(json::parse(later.out)["imported"], 1);
  EXPECT_EQ(lines().size(), 5u);
  auto list = hc({"feedback", "list"});
  EXPECT_NE(list.out.find("5 response(s), 2 positive (score 4 or 5): 40.0%"), std::string::npos) << list.out;
  auto since = hc({"feedback", "list", "--since", "2026-11-23", "--json"});
  EXPECT_EQ(json::parse(since.out).size(), 4u);
}

// Issue 14, bug 5: a survey with two comment columns, imported once with --columns naming the
// second and once with its headers found (which picks the first): the same three answers. Nothing
// counts twice, the second import says why it added nothing, and satisfaction stays 2 of 3.
TEST_F(Feedback, AResponseIsTheSameWhateverTheColumnMapping) {
  spit(root / "survey.csv",
       "Timestamp,Score,Comment,Other feedback,Email\n"
       "2026-11-24 10:00,5,great,great,a@example.com\n"
       "2026-11-24 11:00,4,,faster reports please,b@example.com\n"
       "2026-11-24 12:00,2,slow,slow,c@example.com\n");
  auto first = hc({"feedback", "import", "survey.csv", "--columns", "comment=Other feedback", "--json"});
  ASSERT_EXIT_CODE(first, 0);
  EXPECT_EQ(json::parse(first.out)["imported"], 3);
  auto before = hc({"feedback", "list"});
  EXPECT_NE(before.out.find("3 response(s), 2 positive (score 4 or 5): 66.7%"), std::string::npos) << before.out;
  auto second = hc({"feedback", "import", "survey.csv"});
  ASSERT_EXIT_CODE(second, 0);
  EXPECT_NE(second.out.find("imported 0 response(s) from survey.csv (3 already recorded, 1 of them with another comment or "
                            "from: imported before under another column mapping, 0 bad row(s) skipped)"),
            std::string::npos)
      << second.out;
  EXPECT_EQ(lines().size(), 3u);
  EXPECT_EQ(hc({"feedback", "list"}).out, before.out);
}

// A row that is new by its time but has the score, comment and from of a response recorded
// within a day — the same export read in another time zone, say — is added, and the import says so.
TEST_F(Feedback, ANearDuplicateIsAddedAndNamed) {
  spit(root / "a.csv", "Timestamp,Score,Comment,Email\n2026-11-24 10:00,2,too slow,ravi@example.com\n");
  ASSERT_EXIT_CODE(hc({"feedback", "import", "a.csv"}), 0);
  spit(root / "b.csv", "Timestamp,Score,Comment,Email\n2026-11-24T10:00:00Z,2,Too  slow,Ravi@example.com\n");
  auto r = hc({"feedback", "import", "b.csv"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("imported 1 response(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("hypercare: warning: added a near-duplicate: the response answered 2026-11-24T10:00:00Z (score 2, "
                       "from Ravi@example.com) looks like the one recorded as answered 2026-11-24T04:30:00Z: same score, "
                       "comment and from, 5h30m apart (a different time zone or timestamp column?)"),
            std::string::npos)
      << r.err;
  auto j = hc({"feedback", "import", "b.csv", "--dry-run", "--json"});
  EXPECT_EQ(json::parse(j.out)["imported"], 0) << j.out;
}

TEST_F(Feedback, IdenticalRowsInOneFileAreTwoAnswers) {
  spit(root / "dup.csv", "date,score\n2026-11-24 10:00,5\n2026-11-24 10:00,5\n");
  auto r = hc({"feedback", "import", "dup.csv", "--json"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_EQ(json::parse(r.out)["imported"], 2);
  EXPECT_EQ(json::parse(hc({"feedback", "import", "dup.csv", "--json"}).out)["imported"], 0);
}

TEST_F(Feedback, BadRowsAreReportedByLineAndNothingIsImported) {
  spit(root / "bad.csv",
       "Submitted At,Rating,Feedback\n"
       "2026-11-24 10:00,5,good\n"
       "2026-11-24 11:00,great,\"multi\nline\"\n"
       "yesterday,4,x\n"
       "2026-11-24 12:00,7,x\n"
       "2026-11-24 13:00\n");
  auto r = hc({"feedback", "import", "bad.csv"});
  EXPECT_EXIT_CODE(r, 65);
  EXPECT_NE(r.err.find("bad.csv: 4 of 5 row(s) cannot be read, so nothing was imported"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.csv:3: score 'great' is not a whole number from 1 to 5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.csv:5: timestamp 'yesterday' is not one hypercare reads"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.csv:6: score '7' is not a whole number from 1 to 5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.csv:7: has 1 field(s); the header has 3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: fix those rows, or import the others: hypercare feedback import bad.csv --skip-bad"), std::string::npos);
  EXPECT_FALSE(fs::exists(ops / "feedback"));
  auto skip = hc({"feedback", "import", "bad.csv", "--skip-bad"});
  ASSERT_EXIT_CODE(skip, 0);
  EXPECT_NE(skip.err.find("warning: skipped bad.csv:3:"), std::string::npos) << skip.err;
  EXPECT_EQ(lines().size(), 1u);
}

TEST_F(Feedback, ColumnsByNameOrNumberAndClearErrors) {
  spit(root / "odd.csv", "when;stars;note\n2026-11-24T10:00:00Z;4.0;ok\n2026-11-24T11:00:00+05:30;3/5;\n");
  auto r = hc({"feedback", "import", "odd.csv", "--delimiter", ";", "--columns", "ts=when,score=2,comment=note", "--dry-run"});
  ASSERT_EXIT_CODE(r, 0);
  EXPECT_NE(r.out.find("would import 2 response(s)"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(ops / "feedback"));
  auto unknown = hc({"feedback", "import", "odd.csv", "--delimiter", ";"});
  EXPECT_EXIT_CODE(unknown, 64);
  EXPECT_NE(unknown.err.find("no timestamp column found among 'when', 'stars', 'note'"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("hint: name the columns: --columns ts=COLUMN,score=COLUMN"), std::string::npos);
  auto nocol = hc({"feedback", "import", "odd.csv", "--delimiter", ";", "--columns", "ts=when,score=rating"});
  EXPECT_EXIT_CODE(nocol, 64);
  EXPECT_NE(nocol.err.find("--columns: no column 'rating' in the header"), std::string::npos) << nocol.err;
  auto role = hc({"feedback", "import", "odd.csv", "--columns", "stars=2"});
  EXPECT_EXIT_CODE(role, 64);
  spit(root / "broken.csv", "date,score\n2026-11-24,\"5\n");
  auto broken = hc({"feedback", "import", "broken.csv"});
  EXPECT_EXIT_CODE(broken, 65);
  EXPECT_NE(broken.err.find("broken.csv:2:12: quoted field is never closed"), std::string::npos) << broken.err;
  auto missing = hc({"feedback", "import", "nope.csv"});
  EXPECT_EXIT_CODE(missing, 66);
}

}  // namespace
}  // namespace hctest
