// Writes the site into a directory as it is made: only the files whose bytes changed, each
// atomically; at the end, the files an earlier build wrote and this one did not are removed. A
// manifest (.hypercare-site) names what hypercare wrote, so nothing else in the directory is ever
// touched, with each file's fingerprint where it has one (Options::previous).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "hypercare/core/context.hpp"
#include "hypercare/site/site.hpp"

namespace hypercare::site {

inline constexpr const char* k_manifest = ".hypercare-site";

struct Published {
  std::size_t files = 0, written = 0, unchanged = 0, removed = 0;
};

class Publisher final : public Output {
 public:
  // A directory that is not empty and holds no manifest is refused (ErrorKind::cant_create): it
  // is someone else's. Nothing is created until the first file is written.
  static core::Result<std::unique_ptr<Publisher>> open(const std::filesystem::path& dir);

  // The previous build's fingerprints, of the files still there.
  const std::map<std::string, std::string>& previous() const { return m_previous; }

  void put(const std::string& path, std::string_view bytes,
           std::string_view fingerprint = {}) override;
  void keep(const std::string& path, std::string_view fingerprint) override;

  // Removes what an earlier build wrote and this one did not, and writes the manifest; or the
  // first error a file met, with nothing removed.
  core::Result<Published> finish();

 private:
  explicit Publisher(std::filesystem::path dir) : m_dir(std::move(dir)) {}

  std::filesystem::path m_dir;
  std::map<std::string, std::string>
      m_before;  // the manifest found: path → fingerprint ("" for none)
  std::map<std::string, std::string> m_previous;  // of those, the fingerprinted files still there
  std::map<std::string, std::string> m_listed;    // this build's
  Published m_published;
  std::optional<core::Error> m_error;
};

}  // namespace hypercare::site
