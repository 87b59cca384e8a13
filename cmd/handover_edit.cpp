#include "handover_edit.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <fmt/format.h>

#include "hypercare/exec/attached.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::cli {

core::Status require_terminal(Invocation& inv) {
  if (inv.ctx().stdin_is_tty && inv.ctx().stdout_is_tty) return {};
  return core::fail(core::ErrorKind::usage, "--edit needs a terminal (stdin and stdout): there is none to edit in",
                    "give the text with flags instead: --note TEXT (or --note - to read stdin), --watch TEXT, "
                    "--scheduled \"22:30 ACTIVITY\"");
}

core::Result<EditedDraft> edit_draft(Invocation& inv, const std::string& draft) {
  auto ops = HC_TRY(inv.ops_dir());
  auto dir = ops / ".hypercare";
  HC_CHECK(store::make_dirs(dir));
  std::string name = (dir / "handover-draft-XXXXXX.md").string();
  int fd = ::mkstemps(name.data(), 3);
  if (fd < 0) return core::fail(core::ErrorKind::cant_create, fmt::format("{}: {}", name, store::errno_text(errno)));
  ::close(fd);
  std::filesystem::path file = name;
  HC_CHECK(store::atomic_replace(file, draft, 0600));

  std::string editor = "vi";
  if (auto v = inv.ctx().getenv("VISUAL"); v && !v->empty()) editor = *v;
  else if (auto e = inv.ctx().getenv("EDITOR"); e && !e->empty()) editor = *e;
  // Like git: the editor setting is a command line ("code --wait"); the file is its argument.
  auto status = exec::run_attached({"/bin/sh", "-c", editor + " \"$1\"", "sh", file.string()}, inv.ctx().env);
  std::error_code ec;
  if (!status) {
    std::filesystem::remove(file, ec);
    return std::unexpected(status.error());
  }
  if (*status != 0) {
    std::filesystem::remove(file, ec);
    return core::fail(core::ErrorKind::no, fmt::format("the editor ({}) exited with status {}: nothing saved", editor, *status));
  }
  auto text = HC_TRY(store::read_file(file, store::k_max_config_bytes));
  bool empty = text.find_first_not_of(" \t\r\n") == std::string::npos;
  if (empty || text == draft) {
    std::filesystem::remove(file, ec);
    return core::fail(core::ErrorKind::no, empty ? "the draft came back empty: nothing saved"
                                                 : "the draft came back unchanged: nothing saved");
  }
  return EditedDraft{handover::read_edited(draft, text), file};
}

}  // namespace hypercare::cli
