// Writes a built site into a directory: only the files whose bytes changed, each atomically; the
// files an earlier build wrote and this one did not are removed. A manifest (.hypercare-site)
// names what hypercare wrote, so nothing else in the directory is ever touched.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>

#include "hypercare/core/context.hpp"
#include "hypercare/site/site.hpp"

namespace hypercare::site {

inline constexpr const char* k_manifest = ".hypercare-site";

struct Published {
  std::size_t files = 0, written = 0, unchanged = 0, removed = 0;
};

// A directory that is not empty and holds no manifest is refused (ErrorKind::cant_create): it is
// someone else's. The manifest lists every file with its fingerprint, if it has one.
core::Result<Published> publish(const std::filesystem::path& dir, const Site& site);

// The fingerprints of the previous build into `dir` (Options::previous), of the files still there.
std::map<std::string, std::string> previous_build(const std::filesystem::path& dir);

}  // namespace hypercare::site
