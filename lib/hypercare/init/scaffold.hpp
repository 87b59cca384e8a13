// `hypercare init`: a new ops dir from one of the compiled-in examples, committed to git.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hypercare/store/write_session.hpp"

namespace hypercare::init {

struct InitRequest {
  std::filesystem::path dir;
  std::string example = "minimal";
  bool force = false;
};

struct InitResult {
  std::vector<std::filesystem::path> written;  // relative to the dir
  bool git_initialised = false;
  bool committed = false;
};

std::vector<std::string> example_names();

// `write` carries the git environment, actor and warning sink; its ops_dir is ignored.
core::Result<InitResult> scaffold(const InitRequest& request, store::WriteOptions write);

}  // namespace hypercare::init
