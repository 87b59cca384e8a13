// Finding the ops directory: -C, $HYPERCARE_OPS, else the nearest ancestor holding hypercare.toml.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "hypercare/core/context.hpp"

namespace hypercare::store {

inline constexpr const char* k_config_file = "hypercare.toml";

core::Result<std::filesystem::path> find_ops_dir(const core::Context& ctx,
                                                 const std::optional<std::string>& explicit_dir);

}  // namespace hypercare::store
