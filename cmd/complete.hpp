// `hypercare __complete WORD… CURRENT`: what the shell should offer for the word being typed. The
// scripts `hypercare completion` prints call it on every TAB, as gh and kubectl do, so completion
// follows the command tree and the ops dir as they are, never a copy of them.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "complete_values.hpp"
#include "invocation.hpp"

namespace hypercare::cli {

inline constexpr const char* k_complete_verb = "__complete";

struct Completion {
  std::vector<Candidate> candidates;  // only those starting with the word typed
  Fallback fallback = Fallback::none;
};

// `words` are the arguments after `hypercare`, the last one the word being completed ("" after a
// space). A -C/--ops among them is applied to `globals`, so values come from that ops dir.
Completion complete(CLI::App& root, Invocation& inv, Globals& globals, const std::vector<std::string>& words);

// The protocol the scripts read: "value<TAB>description" lines, then ":none", ":files" or ":dirs".
std::string render_completion(const Completion& completion);

}  // namespace hypercare::cli
