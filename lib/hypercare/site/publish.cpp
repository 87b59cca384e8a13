#include "hypercare/site/publish.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <sstream>

#include <fmt/format.h>

#include "hypercare/store/fs.hpp"

namespace hypercare::site {

namespace fs = std::filesystem;

namespace {

using core::ErrorKind;

// The bytes already there are these: then the file is left alone (its mtime too, so a static
// host's or rsync's idea of what changed stays true).
bool same_bytes(const fs::path& path, std::string_view content) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || std::size_t(st.st_size) != content.size()) return false;
  auto text = store::read_file(path, content.size() + 1);
  return text && *text == content;
}

// Temp file beside it, then rename: a reader (a web server) sees the old page or the new one.
// No fsync: the site is derived, and the next build writes whatever a crash lost.
core::Status write_file(const fs::path& path, std::string_view content) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return core::fail(ErrorKind::cant_create, fmt::format("{}: cannot create the directory: {}", path.parent_path().string(), ec.message()));
  auto tmp = path.parent_path() / fmt::format(".{}.tmp-{}", path.filename().string(), ::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return core::fail(ErrorKind::cant_create, fmt::format("{}: cannot create: {}", path.string(), store::errno_text(errno)));
  std::size_t done = 0;
  while (done < content.size()) {
    auto n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = n < 0 ? errno : ENOSPC;
      ::close(fd);
      ::unlink(tmp.c_str());
      return core::fail(ErrorKind::io, fmt::format("{}: cannot write: {}", path.string(), store::errno_text(e)));
    }
    done += std::size_t(n);
  }
  if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    return core::fail(ErrorKind::io, fmt::format("{}: cannot write: {}", path.string(), store::errno_text(e)));
  }
  return {};
}

// Path → fingerprint ("" for none), one "PATH[\tFINGERPRINT]" a line.
std::map<std::string, std::string> read_manifest(const fs::path& file) {
  std::map<std::string, std::string> out;
  auto text = store::read_file(file, 64u << 20);
  if (!text) return out;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos) out[line];
    else out[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return out;
}

// A path from a manifest that stays inside the site (a hand-edited manifest must not delete
// files elsewhere).
bool inside(std::string_view rel) {
  if (rel.empty() || rel.front() == '/') return false;
  for (const auto& part : fs::path(rel))
    if (part == ".." || part == ".") return false;
  return true;
}

}  // namespace

std::map<std::string, std::string> previous_build(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (auto& [rel, digest] : read_manifest(dir / k_manifest)) {
    struct stat st {};
    if (!digest.empty() && inside(rel) && ::stat((dir / rel).c_str(), &st) == 0 && S_ISREG(st.st_mode)) out[rel] = digest;
  }
  return out;
}

core::Result<Published> publish(const fs::path& dir, const Site& site) {
  const auto& files = site.files;
  std::error_code ec;
  auto manifest = dir / k_manifest;
  bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec))
    return core::fail(ErrorKind::cant_create, fmt::format("{} is a file, not a directory", dir.string()));
  if (exists && !fs::exists(manifest, ec) && !fs::is_empty(dir, ec))
    return core::fail(ErrorKind::cant_create,
                      fmt::format("{} is not empty and holds no {}: it was not written by hypercare site, and nothing in it is "
                                  "overwritten",
                                  dir.string(), k_manifest),
                      "an empty or new directory, e.g. hypercare site -o public");
  fs::create_directories(dir, ec);
  if (ec) return core::fail(ErrorKind::cant_create, fmt::format("{}: cannot create the directory: {}", dir.string(), ec.message()));

  Published p;
  p.files = files.size() + site.kept.size();
  auto before = read_manifest(manifest);
  std::set<std::string> listed;
  for (const auto& [rel, content] : files) listed.insert(rel);
  listed.insert(site.kept.begin(), site.kept.end());
  std::string listing = "# written by hypercare site: rebuilt, rewritten and removed by it\n";
  for (const auto& rel : listed) {
    auto digest = site.fingerprints.find(rel);
    listing += digest == site.fingerprints.end() ? rel + "\n" : rel + "\t" + digest->second + "\n";
  }
  p.unchanged += site.kept.size();
  for (const auto& [rel, content] : files) {
    auto path = dir / rel;
    if (same_bytes(path, content)) {
      ++p.unchanged;
      continue;
    }
    HC_CHECK(write_file(path, content));
    ++p.written;
  }
  for (const auto& [rel, digest] : before) {
    if (listed.contains(rel) || !inside(rel)) continue;
    auto path = dir / rel;
    if (fs::remove(path, ec)) ++p.removed;
    // Directories the site no longer uses, when nothing else is in them.
    for (auto parent = path.parent_path(); parent != dir && parent.string().size() > dir.string().size(); parent = parent.parent_path())
      if (!fs::remove(parent, ec)) break;  // not empty
  }
  if (!same_bytes(manifest, listing)) HC_CHECK(write_file(manifest, listing));
  return p;
}

}  // namespace hypercare::site
