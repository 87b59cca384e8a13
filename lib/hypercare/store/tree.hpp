// The files under a directory, found in one walk with readdir: names as strings relative to a
// base directory, without a std::filesystem::path built, compared or sorted for each.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hypercare::store {

// Appends to `out` every file under base/dir that is not a directory (a symbolic link to a
// directory counts as one; no link is followed), named "dir/…/name". Hidden files are included.
// A directory that cannot be read is left out, as std::filesystem's iterators leave it.
void files_under(const std::filesystem::path& base, std::string_view dir, std::vector<std::string>& out);

// The order std::filesystem::path compares relative paths in: component by component, so that
// "a/b" comes before "a-c" ('/' sorts before every other character).
bool path_less(std::string_view a, std::string_view b);

}  // namespace hypercare::store
