#include "hypercare/store/tree.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

namespace hypercare::store {
namespace {

namespace fs = std::filesystem;

// What doctor's walk used to be: std::filesystem's recursive iterator, its non-directories, sorted as paths.
std::vector<std::string> walked_by_std(const fs::path& base, const std::string& dir) {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(base / dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (!it->is_directory()) paths.push_back(it->path().lexically_relative(base));
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> out;
  for (const auto& p : paths) out.push_back(p.string());
  return out;
}

TEST(FilesUnder, FindsWhatStdFilesystemFindsInTheSameOrder) {
  auto base = fs::temp_directory_path() / ("hc-tree-" + std::to_string(::getpid()));
  fs::remove_all(base);
  for (const char* d : {"incidents/2026-11", "incidents/2026-11-x", "incidents/2026-11/deeper", "incidents/.hidden"})
    fs::create_directories(base / d);
  for (const char* f : {"incidents/2026-11/INC-b.jsonl", "incidents/2026-11/INC-a.jsonl", "incidents/2026-11-x/a",
                        "incidents/2026-11/deeper/z", "incidents/.hidden/.INC-a.jsonl.new-1x2y3z",
                        "incidents/2026-11/ünïcode", "incidents/top.toml", "incidents/2026-11.toml"})
    std::ofstream(base / f) << "x\n";
  fs::create_directory_symlink(base / "incidents/2026-11", base / "incidents/link-to-dir");  // not followed, not a file
  fs::create_symlink(base / "incidents/top.toml", base / "incidents/link-to-file");           // a file (doctor refuses it)

  std::vector<std::string> found;
  files_under(base, "incidents", found);
  EXPECT_EQ(found, walked_by_std(base, "incidents")) << "the same files, in the same order";
  EXPECT_EQ(found.size(), 9u);
  EXPECT_LT(std::find(found.begin(), found.end(), "incidents/2026-11/deeper/z"),
            std::find(found.begin(), found.end(), "incidents/2026-11-x/a"))
      << "components compare first: 2026-11/… before 2026-11-x/…";

  std::vector<std::string> none;
  files_under(base, "missing", none);
  EXPECT_TRUE(none.empty());
  fs::remove_all(base);
}

}  // namespace
}  // namespace hypercare::store
