// `promtool check rules`, when Debian's prometheus package is installed: PromQL is its to judge.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "hypercare/core/error.hpp"

namespace hypercare::health {

// Problems promtool reports for a rule file (a PrometheusRule object is handed to it as its
// plain `groups:`); empty when it is valid or when promtool is not installed. `display` names the
// file in messages.
std::vector<core::Error> promtool_problems(const std::filesystem::path& file, const std::string& display,
                                           const std::map<std::string, std::string, std::less<>>& env);

struct RuleDirCheck {
  std::vector<std::string> files;     // the rule files read, relative to the ops dir, sorted
  std::vector<core::Error> problems;  // each naming its file
};

// Every alerts/*.yaml (and .yml) of the ops dir, read strictly (config::rule_file_problems) and,
// with `promtool` set and where the strict reading finds nothing, by promtool too.
RuleDirCheck check_rule_dir(const std::filesystem::path& ops_dir, const std::map<std::string, std::string, std::less<>>& env,
                            bool promtool);

}  // namespace hypercare::health
