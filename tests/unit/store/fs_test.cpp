#include "hypercare/store/fs.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace hypercare::store {
namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(AppendLine, CutsATornTailBeforeAppending) {
  auto dir = fs::temp_directory_path() / ("hc-fs-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto file = dir / "a" / "x.jsonl";
  ASSERT_TRUE(append_line(file, "{\"n\":1}\n", true));
  { std::ofstream(file, std::ios::app) << "{\"n\":2, \"cut"; }
  auto r = append_line(file, "{\"n\":3}\n", false);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->repaired_torn_tail);
  EXPECT_EQ(slurp(file), "{\"n\":1}\n{\"n\":3}\n");
  auto again = append_line(file, "{\"n\":4}\n", false);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->repaired_torn_tail);
  auto exists = append_line(file, "{}\n", true);
  ASSERT_FALSE(exists);
  EXPECT_EQ(exists.error().kind, core::ErrorKind::cant_create);
  fs::remove_all(dir);
}

TEST(AtomicReplace, WritesWholeContent) {
  auto dir = fs::temp_directory_path() / ("hc-fs-r-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  ASSERT_TRUE(atomic_replace(dir / "doc.md", "one"));
  ASSERT_TRUE(atomic_replace(dir / "doc.md", "two"));
  EXPECT_EQ(slurp(dir / "doc.md"), "two");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1) << "no temp files left";
  fs::remove_all(dir);
}

TEST(ReadFile, CapsAndMissing) {
  auto dir = fs::temp_directory_path() / ("hc-fs-c-" + std::to_string(::getpid()));
  ASSERT_TRUE(atomic_replace(dir / "big", std::string(100, 'x')));
  EXPECT_EQ(read_file(dir / "big", 10).error().kind, core::ErrorKind::data);
  EXPECT_EQ(read_file(dir / "nope", 10).error().kind, core::ErrorKind::missing);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace hypercare::store
