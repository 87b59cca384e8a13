// The files under a directory, found in one walk with readdir: names as strings relative to a
// base directory, in path order, without a std::filesystem::path built, compared or sorted for each.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hypercare::store {

// Appends to `out` every file under base/dir that is not a directory (a symbolic link to a
// directory counts as one; no link is followed), named "dir/…/name", in the order
// std::filesystem::path compares them: component by component ("a/b" before "a-c"). Hidden files
// are included. A directory that cannot be read is left out, as std::filesystem's iterators leave it.
void files_under(const std::filesystem::path& base, std::string_view dir, std::vector<std::string>& out);

}  // namespace hypercare::store
