#include "hypercare/store/tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace hypercare::store {

namespace {

// `fd` is an open directory (closed here); `rel` names it relative to the walk's base.
void walk(int fd, std::string& rel, std::vector<std::string>& out) {
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return;
  }
  std::vector<std::string> subdirs;
  while (auto* de = ::readdir(d)) {
    std::string_view name = de->d_name;
    if (name == "." || name == "..") continue;
    bool dir = de->d_type == DT_DIR;
    if (de->d_type == DT_UNKNOWN || de->d_type == DT_LNK) {
      // Not followed below, but a link to a directory is no file (as directory_entry::is_directory says).
      struct stat st {};
      dir = ::fstatat(::dirfd(d), de->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode);
      if (dir && de->d_type == DT_LNK) continue;
    }
    if (dir) subdirs.emplace_back(name);
    else out.push_back(rel + '/' + std::string(name));
  }
  for (const auto& sub : subdirs) {
    int child = ::openat(::dirfd(d), sub.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (child < 0) continue;
    auto size = rel.size();
    rel += '/';
    rel += sub;
    walk(child, rel, out);
    rel.resize(size);
  }
  ::closedir(d);
}

}  // namespace

void files_under(const std::filesystem::path& base, std::string_view dir, std::vector<std::string>& out) {
  std::string rel(dir);
  int fd = ::open((base / rel).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) walk(fd, rel, out);
}

bool path_less(std::string_view a, std::string_view b) {
  auto [x, y] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  if (y == b.end()) return false;
  if (x == a.end()) return true;
  auto rank = [](char c) { return c == '/' ? 0 : int(static_cast<unsigned char>(c)) + 1; };
  return rank(*x) < rank(*y);
}

}  // namespace hypercare::store
