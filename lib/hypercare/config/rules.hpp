// Prometheus rule files (alerts/*.yaml): plain `groups:` files and PrometheusRule objects
// (`spec.groups`), read as strictly as `promtool check rules` reads them — unknown fields, rules
// that are both or neither alert and record, bad durations, label names and templates, duplicate
// groups — so that a typo never silently drops a severity. PromQL itself is promtool's to judge:
// check_with_promtool runs it when it is installed.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hypercare/core/error.hpp"

namespace hypercare::config {

struct Rule {
  std::string alert, record, expr, for_;
  std::map<std::string, std::string> labels, annotations;
  int line = 0;  // 1-based
};

struct RuleGroup {
  std::string name, interval;
  std::vector<Rule> rules;
  int line = 0;
};

struct RuleFile {
  std::vector<RuleGroup> groups;
  bool prometheus_rule = false;  // a PrometheusRule object (spec.groups)
};

// Every problem found, each as "FILE:LINE:COL: what" (ErrorKind::config); empty when the file
// is valid. `display` is how the file is named in messages.
std::vector<core::Error> rule_file_problems(std::string_view text, const std::string& display);

// The rules of a valid file; the first problem otherwise.
core::Result<RuleFile> parse_rule_file(std::string_view text, const std::string& display);

// Prometheus' duration syntax: 1h30m, 5m, 30s, 1d, 0 ("5minutes" is not one).
bool is_prometheus_duration(std::string_view text);

}  // namespace hypercare::config
