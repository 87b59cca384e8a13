// The keys each TOML file may hold, so that a typo (`max_p1s`, `[leed]`) is an error naming
// file:line:col and the key it resembles, not a setting silently ignored.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "hypercare/config/toml_reader.hpp"
#include "hypercare/core/error.hpp"

namespace hypercare::config {

class Schema {
 public:
  // A value (any type: the parser checks types).
  Schema() = default;
  // A table (or an array of tables) with these keys. A key named "*" stands for any key.
  Schema(std::initializer_list<std::pair<std::string, Schema>> keys);
  static Schema any();  // a table whose keys are data (a severity map, HTTP headers)

  // Every unknown key below `node`, in file order; `path` names `node` ("" at the root).
  void unknown(const TomlFile& f, const toml::node& node, const std::string& path, std::vector<core::Error>& out) const;

 private:
  std::vector<std::pair<std::string, std::shared_ptr<Schema>>> m_keys;
  bool m_table = false, m_any = false;
};

// The first unknown key of the file, as an ErrorKind::config error; for parsers.
core::Status check_schema(const TomlFile& f, const Schema& schema);
// All of them; for doctor.
std::vector<core::Error> unknown_keys(const TomlFile& f, const Schema& schema);

}  // namespace hypercare::config
