// What the fuzz targets share: the input as text and in parts, a scratch ops dir for the readers
// that take a directory, the example configs, a fixed clock.
#pragma once

#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/config/rota_config.hpp"
#include "hypercare/core/time.hpp"
#include "hypercare/init/examples.hpp"

namespace fuzz {

namespace fs = std::filesystem;

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The input cut at its first `n - 1` NUL bytes: targets that read several files take one part
// each (a NUL never occurs in the text files hypercare reads). Missing parts are empty.
inline std::vector<std::string_view> parts(std::string_view text, std::size_t n) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < n) {
    auto nul = text.find('\0');
    if (nul == std::string_view::npos) break;
    out.push_back(text.substr(0, nul));
    text.remove_prefix(nul + 1);
  }
  out.push_back(text);
  out.resize(n);
  return out;
}

// A directory of this process under $TMPDIR, removed at exit; fresh() empties it before each input.
class Scratch {
 public:
  static fs::path fresh() {
    static Scratch s;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(s.m_root, ec)) fs::remove_all(e.path(), ec);
    return s.m_root;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(m_root, ec);
  }

 private:
  Scratch() {
    const char* tmp = std::getenv("TMPDIR");
    std::string name = std::string(tmp && *tmp ? tmp : "/tmp") + "/hypercare-fuzz-XXXXXX";
    if (!::mkdtemp(name.data())) {
      std::perror("mkdtemp");
      std::abort();
    }
    m_root = name;
  }
  fs::path m_root;
};

inline void write(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary).write(content.data(), std::streamsize(content.size()));
}

// 2026-11-27T03:00:00Z, in the middle of the example's hypercare window.
inline hypercare::core::TimePoint now() { return *hypercare::core::parse_rfc3339("2026-11-27T03:00:00Z"); }

inline hypercare::core::Zone zone() {
  static auto z = *hypercare::core::find_zone("Asia/Kolkata");
  return z;
}

// A file of the smart-dairy example ops dir, as `hypercare init --example smart-dairy` writes it.
inline std::string_view example(std::string_view name) {
  for (const auto& f : hypercare::init::example_files())
    if (f.example == "smart-dairy" && f.name == name) return f.content;
  std::fprintf(stderr, "no example file %.*s\n", int(name.size()), name.data());
  std::abort();
}

// The example team, with one channel of each kind (their secrets are never read by the targets).
inline const hypercare::config::HypercareConfig& team() {
  static auto cfg = [] {
    std::string text(example("hypercare.toml"));
    text += R"(
[[notify.channel]]
name = "slack"
kind = "slack"
url_env = "HYPERCARE_SLACK_WEBHOOK"
events = ["*"]

[[notify.channel]]
name = "pagerduty"
kind = "pagerduty"
routing_key_env = "HYPERCARE_PD_ROUTING_KEY"
events = ["*"]
min_priority = "P4"

[[notify.channel]]
name = "webhook"
kind = "webhook"
url_env = "HYPERCARE_WEBHOOK"
events = ["*"]
)";
    auto file = hypercare::config::TomlFile::parse(text, "hypercare.toml");
    auto c = file ? hypercare::config::parse_hypercare_config(*file) : std::unexpected(file.error());
    if (!c) {
      std::fprintf(stderr, "example team: %s\n", c.error().message.c_str());
      std::abort();
    }
    return *c;
  }();
  return cfg;
}

inline const hypercare::config::RotaConfig& rota() {
  static auto cfg = [] {
    auto file = hypercare::config::TomlFile::parse(example("rota.toml"), "rota.toml");
    auto c = file ? hypercare::config::parse_rota_config(*file, team()) : std::unexpected(file.error());
    if (!c) {
      std::fprintf(stderr, "example rota: %s\n", c.error().message.c_str());
      std::abort();
    }
    return *c;
  }();
  return cfg;
}

}  // namespace fuzz
