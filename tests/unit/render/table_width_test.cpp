// Display width by terminal columns (utf8proc) and tables fitted to a width: wide characters count
// two, combining marks none, escapes none; cutting never splits a character and ends with "…".
#include <gtest/gtest.h>

#include "hypercare/render/table.hpp"

namespace hypercare::render {
namespace {

TEST(DisplayWidth, CountsColumnsNotCodePoints) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("数据库"), 6u);
  EXPECT_EQ(display_width("e\xCC\x81"), 1u) << "e + combining acute";
  EXPECT_EQ(display_width("\x1b[31mred\x1b[0m"), 3u);
  EXPECT_EQ(display_width("🚨"), 2u);
}

TEST(Truncate, CutsByColumnsAndNeverSplitsACharacter) {
  EXPECT_EQ(truncate("数据库宕机", 5), "数据…");
  EXPECT_EQ(truncate("数据库宕机", 6), "数据…") << "a wide character that would not fit is left out";
  EXPECT_EQ(truncate("abcdef", 4), "abc…");
  EXPECT_EQ(truncate("abc", 3), "abc");
}

TEST(TableFit, TheFlexibleColumnGivesWayFirst) {
  Table t({"ID", "TITLE"});
  t.add({"INC-1", "a long title that will not fit"});
  t.fit(20, 1);
  EXPECT_EQ(t.str(), "ID     TITLE\nINC-1  a long title…\n");
  Table wide({"ID", "TITLE"});
  wide.add({"INC-1", "数据库连接池耗尽"});
  wide.fit(15, 1);
  EXPECT_EQ(wide.str(), "ID     TITLE\nINC-1  数据库…\n");
  Table many({"ID", "AGE", "WHO", "TITLE"});
  many.add({"INC-1", "3h", "dev1", "a long title that will not fit anywhere"});
  many.fit(33, 3, {1, 2});
  EXPECT_EQ(many.str(), "ID     WHO   TITLE\nINC-1  dev1  a long title that w…\n") << "AGE goes; WHO stays once it fits";
  Table loose({"ID", "TITLE"});
  loose.add({"INC-1", "short"});
  loose.fit(80, 1);
  EXPECT_EQ(loose.str(), "ID     TITLE\nINC-1  short\n");
}

}  // namespace
}  // namespace hypercare::render
