// The example ops dirs (examples/<name>/*.toml), compiled into the binary for `hypercare init`.
#pragma once

#include <string_view>
#include <vector>

namespace hypercare::init {

struct ExampleFile {
  std::string_view example;  // "smart-dairy", "minimal"
  std::string_view name;     // "hypercare.toml"
  std::string_view content;
};

const std::vector<ExampleFile>& example_files();

}  // namespace hypercare::init
