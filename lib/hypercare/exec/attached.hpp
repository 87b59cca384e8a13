// Running a program on the user's own terminal (stdin, stdout and stderr inherited, same process
// group so it can read the keyboard): for $EDITOR. Nothing is captured; Ctrl-C goes to it alone.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hypercare/core/error.hpp"

namespace hypercare::exec {

// The program's exit status (128 + N when signal N ended it). A program that cannot be started is
// ErrorKind::missing.
core::Result<int> run_attached(const std::vector<std::string>& argv, const std::map<std::string, std::string, std::less<>>& env);

}  // namespace hypercare::exec
