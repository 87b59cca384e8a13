// The example ops dirs (examples/<name>/: configs, alert rules, the programs hotfix.toml runs),
// compiled into the binary for `hypercare init`.
#pragma once

#include <string_view>
#include <vector>

namespace hypercare::init {

struct ExampleFile {
  std::string_view example;  // "smart-dairy", "minimal"
  std::string_view name;     // "hypercare.toml"
  std::string_view content;
  bool executable = false;  // written with mode 0755 (stand-in/kubectl, scripts/...)
};

const std::vector<ExampleFile>& example_files();

}  // namespace hypercare::init
