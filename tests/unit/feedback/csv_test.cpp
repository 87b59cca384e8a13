#include "hypercare/feedback/csv.hpp"

#include <gtest/gtest.h>

namespace hypercare::feedback {
namespace {

std::vector<std::vector<std::string>> fields(const core::Result<std::vector<CsvRecord>>& r) {
  std::vector<std::vector<std::string>> out;
  if (r)
    for (const auto& rec : *r) out.push_back(rec.fields);
  return out;
}

TEST(Csv, Rfc4180QuotingCrlfAndBom) {
  auto r = parse_csv("\xEF\xBB\xBF" "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n,,\r\n", "t.csv");
  ASSERT_TRUE(r) << r.error().message;
  auto f = fields(r);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(f[1], (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(f[2], (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ((*r)[1].line, 2u);
  EXPECT_EQ((*r)[2].line, 4u);  // the quoted line break moved it on
}

TEST(Csv, NoFinalNewlineBlankLinesAndOtherDelimiters) {
  EXPECT_EQ(fields(parse_csv("a;b\n\n1;2", "t.csv", ';')), (std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(fields(parse_csv("a\tb\r1\t2\r", "t.csv", '\t')), (std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(fields(parse_csv("a,\"\"\n", "t.csv")), (std::vector<std::vector<std::string>>{{"a", ""}}));
  EXPECT_TRUE(fields(parse_csv("", "t.csv")).empty());
}

TEST(Csv, ErrorsNameLineAndColumn) {
  struct Case {
    const char* text;
    const char* expect;
  } cases[] = {
      {"a,b\n1,\"open\n", "t.csv:2:3: quoted field is never closed"},
      {"a,b\n\"x\"y,2\n", "t.csv:2:4: unexpected 'y' after a closing quote"},
      {"a,b\nx\"y,2\n", "t.csv:2:2: quote inside an unquoted field"},
  };
  for (const auto& c : cases) {
    auto r = parse_csv(c.text, "t.csv");
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error().kind, core::ErrorKind::data);
    EXPECT_EQ(r.error().message.rfind(c.expect, 0), 0u) << r.error().message;
  }
  std::string wide(k_max_csv_fields + 1, ',');
  EXPECT_FALSE(parse_csv(wide, "t.csv"));
  std::string huge(k_max_csv_bytes + 1, 'x');
  auto big = parse_csv(huge, "t.csv");
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("more than the"), std::string::npos);
}

}  // namespace
}  // namespace hypercare::feedback
