#include "hypercare/store/tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace hypercare::store {

namespace {

// `fd` is an open directory (closed here); `rel` names it relative to the walk's base. Each
// directory's names are sorted and its subdirectories walked in their place, so that the whole
// comes out in path order without sorting 100 000 paths at the end.
void walk(int fd, std::string& rel, std::vector<std::string>& out) {
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return;
  }
  std::vector<std::pair<std::string, bool>> entries;  // name, is a directory to walk
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
    entries.emplace_back(name, dir);
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& [name, dir] : entries) {
    auto size = rel.size();
    rel += '/';
    rel += name;
    if (!dir) {
      out.push_back(rel);
    } else if (int child = ::openat(::dirfd(d), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
               child >= 0) {
      walk(child, rel, out);
    }
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

}  // namespace hypercare::store
