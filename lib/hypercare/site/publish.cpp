#include "hypercare/site/publish.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sstream>
#include <vector>

#include "hypercare/core/parallel.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::site {

namespace fs = std::filesystem;

namespace {

using core::ErrorKind;

// The bytes already there are these: then the file is left alone (its mtime too, so a static
// host's or rsync's idea of what changed stays true).
bool same_bytes(const fs::path& path, std::string_view content) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
      std::size_t(st.st_size) != content.size())
    return false;
  auto text = store::read_file(path, content.size() + 1);
  return text && *text == content;
}

// Temp file beside it, then rename: a reader (a web server) sees the old page or the new one.
// No fsync: the site is derived, and the next build writes whatever a crash lost.
core::Status write_file(const fs::path& path, std::string_view content) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec)
    return core::fail(ErrorKind::cant_create,
                      fmt::format("{}: cannot create the directory: {}",
                                  path.parent_path().string(), ec.message()));
  auto tmp = path.parent_path() / fmt::format(".{}.tmp-{}", path.filename().string(), ::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return core::fail(ErrorKind::cant_create, fmt::format("{}: cannot create: {}", path.string(),
                                                          store::errno_text(errno)));
  std::size_t done = 0;
  while (done < content.size()) {
    auto n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = n < 0 ? errno : ENOSPC;
      ::close(fd);
      ::unlink(tmp.c_str());
      return core::fail(ErrorKind::io,
                        fmt::format("{}: cannot write: {}", path.string(), store::errno_text(e)));
    }
    done += std::size_t(n);
  }
  if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    return core::fail(ErrorKind::io,
                      fmt::format("{}: cannot write: {}", path.string(), store::errno_text(e)));
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
    if (tab == std::string::npos)
      out[line];
    else
      out[line.substr(0, tab)] = line.substr(tab + 1);
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

core::Result<std::unique_ptr<Publisher>> Publisher::open(const fs::path& dir) {
  std::error_code ec;
  auto manifest = dir / k_manifest;
  bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec))
    return core::fail(ErrorKind::cant_create,
                      fmt::format("{} is a file, not a directory", dir.string()));
  if (exists && !fs::exists(manifest, ec) && !fs::is_empty(dir, ec))
    return core::fail(ErrorKind::cant_create,
                      fmt::format("{} is not empty and holds no {}: it was not written by "
                                  "hypercare site, and nothing in it is "
                                  "overwritten",
                                  dir.string(), k_manifest),
                      "an empty or new directory, e.g. hypercare site -o public");
  std::unique_ptr<Publisher> p(new Publisher(dir));
  p->m_before = read_manifest(manifest);
  // Of the fingerprinted files, those still there (ten thousand pages: looked at on every core).
  std::vector<const std::pair<const std::string, std::string>*> listed;
  for (const auto& entry : p->m_before)
    if (!entry.second.empty() && inside(entry.first)) listed.push_back(&entry);
  std::vector<char> there(listed.size(), 0);
  core::parallel_for(listed.size(), 256, [&](std::size_t i) {
    struct stat st {};
    there[i] = ::stat((dir / listed[i]->first).c_str(), &st) == 0 && S_ISREG(st.st_mode);
  });
  for (std::size_t i = 0; i < listed.size(); ++i)
    if (there[i])
      p->m_previous.emplace_hint(p->m_previous.end(), listed[i]->first, listed[i]->second);
  return p;
}

void Publisher::put(const std::string& rel, std::string_view bytes, std::string_view fingerprint) {
  m_listed[rel] = fingerprint;
  if (m_error) return;
  auto path = m_dir / rel;
  if (same_bytes(path, bytes)) {
    ++m_published.unchanged;
    return;
  }
  if (auto w = write_file(path, bytes); !w)
    m_error = w.error();
  else
    ++m_published.written;
}

void Publisher::keep(const std::string& rel, std::string_view fingerprint) {
  m_listed[rel] = fingerprint;
  ++m_published.unchanged;
}

core::Result<Published> Publisher::finish() {
  if (m_error) return std::unexpected(*m_error);
  std::error_code ec;
  fs::create_directories(m_dir, ec);  // a site of no files at all
  m_published.files = m_listed.size();
  std::string listing = "# written by hypercare site: rebuilt, rewritten and removed by it\n";
  for (const auto& [rel, digest] : m_listed)
    listing += digest.empty() ? rel + "\n" : rel + "\t" + digest + "\n";
  for (const auto& [rel, digest] : m_before) {
    if (m_listed.contains(rel) || !inside(rel)) continue;
    auto path = m_dir / rel;
    if (fs::remove(path, ec)) ++m_published.removed;
    // Directories the site no longer uses, when nothing else is in them.
    for (auto parent = path.parent_path();
         parent != m_dir && parent.string().size() > m_dir.string().size();
         parent = parent.parent_path())
      if (!fs::remove(parent, ec)) break;  // not empty
  }
  if (!same_bytes(m_dir / k_manifest, listing)) HC_CHECK(write_file(m_dir / k_manifest, listing));
  return m_published;
}

}  // namespace hypercare::site
