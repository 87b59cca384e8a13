// `handover new --edit`: the draft in $VISUAL / $EDITOR on the user's terminal, read back.
#pragma once

#include <string>

#include "hypercare/handover/edit.hpp"
#include "invocation.hpp"

namespace hypercare::cli {

// Fails with ErrorKind::usage when stdin or stdout is not a terminal, and with ErrorKind::no
// ("nothing saved") when the file comes back empty or unchanged or the editor fails.
core::Status require_terminal(Invocation& inv);

struct EditedDraft {
  handover::Edited edited;
  std::filesystem::path file;  // kept until the handover is saved, so nothing typed is lost
};
core::Result<EditedDraft> edit_draft(Invocation& inv, const std::string& draft);

}  // namespace hypercare::cli
