// core::Pattern: RE2 syntax, searched anywhere in the text, in time linear in the text — no
// backreferences, no catastrophic backtracking.
#include "hypercare/core/pattern.hpp"

#include <gtest/gtest.h>

namespace hypercare::core {
namespace {

Pattern compiled(std::string_view text) {
  auto p = Pattern::compile(text);
  EXPECT_TRUE(p) << text << ": " << p.error().message;
  return p ? *p : *Pattern::compile("");
}

std::string error_of(std::string_view text) {
  auto p = Pattern::compile(text);
  EXPECT_FALSE(p) << text;
  if (p) return "";
  EXPECT_EQ(p.error().kind, ErrorKind::config);
  return p.error().message;
}

TEST(Pattern, SearchesAnywhereInTheText) {
  auto p = compiled(R"(status:\s*(ok|up))");
  EXPECT_EQ(p.text(), R"(status:\s*(ok|up))");
  EXPECT_TRUE(p.search("health: status: ok"));
  EXPECT_TRUE(p.search("status:up\n"));
  EXPECT_FALSE(p.search("status: down"));
  EXPECT_FALSE(p.search(""));
}

TEST(Pattern, AnchorsAndClassesMeanWhatTheySay) {
  EXPECT_TRUE(compiled("^OK$").search("OK"));
  EXPECT_FALSE(compiled("^OK$").search("NOT OK"));
  EXPECT_TRUE(compiled(R"(^\d+ rows$)").search("42 rows"));
  EXPECT_FALSE(compiled(R"(^\d+ rows$)").search("many rows"));
  EXPECT_TRUE(compiled("(?i)healthy").search("HEALTHY"));
  EXPECT_TRUE(compiled("").search("anything"));
}

TEST(Pattern, AnInvalidPatternIsAConfigError) {
  auto e = error_of("(oops");
  EXPECT_TRUE(e.starts_with("invalid regular expression")) << e;
}

TEST(Pattern, BackreferencesAreRejected) {
  auto e = error_of(R"((a)\1)");
  EXPECT_TRUE(e.starts_with("invalid regular expression")) << e;
  auto p = Pattern::compile(R"((a)\1)");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().hint.find("RE2"), std::string::npos) << p.error().hint;
}

TEST(Pattern, LookaroundsAreRejected) {
  auto e = error_of("foo(?=bar)");
  EXPECT_TRUE(e.starts_with("invalid regular expression")) << e;
}

// A backtracking engine takes exponential time here; RE2 returns.
TEST(Pattern, NestedQuantifiersOverALongTextReturn) {
  EXPECT_FALSE(compiled("(a+)+b").search(std::string(100000, 'a')));
  EXPECT_TRUE(compiled("(a+)+b").search(std::string(100000, 'a') + "b"));
}

TEST(Pattern, AFiveMegabyteBodyMatchesAtItsEnd) {
  std::string body(5 * 1024 * 1024, 'x');
  body += R"({"status":  "ok"})";
  EXPECT_TRUE(compiled(R"("status":\s*"ok")").search(body));
  EXPECT_FALSE(compiled(R"("status":\s*"down")").search(body));
}

}  // namespace
}  // namespace hypercare::core
