// libFuzzer target: hypercare.toml and hotfix.toml parsing and validation never crash, whatever
// the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hypercare/config/hotfix_config.hpp"
#include "hypercare/config/hypercare_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = hypercare::config::TomlFile::parse(text, "fuzz.toml");
  if (!file) return 0;
  (void)hypercare::config::parse_hypercare_config(*file);
  (void)hypercare::config::parse_hotfix_config(*file);
  return 0;
}
