// "Did you mean …?": the closest of a set of known words to one typed by a person.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hypercare::core {

// Optimal string alignment distance: a swap of two neighbouring letters ("lsit") counts as one.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates close to `word` (case-insensitive; within a third of the candidate's length, at
// least 1, or a prefix of two or more letters), closest first; empty when none is close.
std::vector<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace hypercare::core
