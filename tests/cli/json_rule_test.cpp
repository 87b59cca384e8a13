// One rule for --json beside --format (issue 17): --json alone prints JSON; --json with a
// document format is 64 with the way out, unless the document goes to a file (-o), and then
// --json describes what was written. Before, `rota export --json` printed iCal and `handover show
// --format md --json` printed JSON.
#include "harness.hpp"

namespace {

using namespace hctest;
using nlohmann::json;

class JsonRule : public CliTest {
 protected:
  void SetUp() override { init_ops(false); }
};

TEST_F(JsonRule, JsonAloneIsJsonAndJsonWithADocumentFormatIs64) {
  auto plain = hc({"rota", "export", "--json", "--days", "1"});
  EXPECT_EXIT_CODE(plain, 0);
  EXPECT_TRUE(json::parse(plain.out, nullptr, false).is_array()) << plain.out;
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"rota", "export", "--json", "--format", "ical"},
           {"handover", "show", "--format", "md", "--json"},
           {"report", "daily", "--format", "md", "--json"}}) {
    auto r = hc(args);
    EXPECT_EXIT_CODE(r, 64);
    EXPECT_NE(r.err.find("--json prints JSON, but --format"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("-o FILE"), std::string::npos) << r.describe();
  }
  auto file = hc({"rota", "export", "--json", "--format", "ical", "-o", (root / "rota.ics").string(), "--days", "1"});
  EXPECT_EXIT_CODE(file, 0);
  auto j = json::parse(file.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << file.describe();
  EXPECT_EQ(j["format"], "ical");
  EXPECT_NE(slurp(root / "rota.ics").find("BEGIN:VCALENDAR"), std::string::npos);
}

TEST_F(JsonRule, APlainNoUnderJsonIsTheAnswerOnStdoutAndNothingOnStderr) {
  new_incident("Checkout down", "P1", {}, {{"HYPERCARE_NOW", "2026-11-24T03:00:00Z"}});
  auto r = hc({"report", "summary", "--check", "--json"}, {{"HYPERCARE_NOW", "2026-11-28T12:00:00Z"}});
  EXPECT_EXIT_CODE(r, 1);
  EXPECT_TRUE(json::parse(r.out, nullptr, false).is_object()) << r.describe();
  EXPECT_EQ(r.err, "") << "the answer is on stdout; exit 1 says it is no";
}

}  // namespace
