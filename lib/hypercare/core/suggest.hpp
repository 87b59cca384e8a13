// "Did you mean …?": the closest of a set of known words to one typed by a person.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hypercare::core {

// Optimal string alignment distance: a swap of two neighbouring letters ("lsit") counts as one.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates close to `word` (case-insensitive; within a third of the candidate's length, at
// least 1, or starting with `word` when it has two or more letters), closest first; empty when none
// is close.
std::vector<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

// "did you mean 'a'?" or "did you mean 'a' or 'b'?" for the first two of `close`; empty for none.
std::string did_you_mean(const std::vector<std::string>& close);

}  // namespace hypercare::core
