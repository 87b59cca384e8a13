// Giving each incident that two clones created offline under one id an id of its own.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hypercare/core/ids.hpp"
#include "hypercare/store/jsonl.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::doctor {

// The first incident (in fold order) keeps the file; every other one, with the events that name
// it as their origin, moves to a new file with a new id. Returns the new ids.
core::Result<std::vector<std::string>> split_duplicates(store::WriteSession& session,
                                                        const std::filesystem::path& ops,
                                                        const std::filesystem::path& file,
                                                        const store::JsonlFile& parsed,
                                                        core::TimePoint now, const core::Random& random);

}  // namespace hypercare::doctor
