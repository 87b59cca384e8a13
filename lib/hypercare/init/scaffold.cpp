#include "hypercare/init/scaffold.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/init/examples.hpp"
#include "hypercare/store/fs.hpp"
#include "hypercare/store/ops_dir.hpp"
#include "hypercare/store/sync.hpp"

namespace hypercare::init {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_gitattributes =
    "# Record files are append-only event logs: git keeps both sides' lines when merging and\n"
    "# hypercare orders them by time, so concurrent edits in two clones never conflict.\n"
    "*.jsonl merge=union\n";
constexpr std::string_view k_gitignore =
    "# Machine-local: the write lock, derived caches, the notification outbox.\n.hypercare/\n";

}  // namespace

std::vector<std::string> example_names() {
  std::vector<std::string> names;
  for (const auto& f : example_files())
    if (std::find(names.begin(), names.end(), f.example) == names.end()) names.emplace_back(f.example);
  return names;
}

core::Result<InitResult> scaffold(const InitRequest& request, store::WriteOptions write) {
  auto names = example_names();
  if (std::find(names.begin(), names.end(), request.example) == names.end())
    return core::fail(core::ErrorKind::usage,
                      fmt::format("unknown example '{}': choose one of {}", request.example,
                                  fmt::join(names, ", ")));
  std::error_code ec;
  if (fs::exists(request.dir / store::k_config_file, ec) && !request.force)
    return core::fail(core::ErrorKind::cant_create,
                      fmt::format("{} is already an ops dir (it has {})", request.dir.string(),
                                  store::k_config_file),
                      fmt::format("hypercare init {} --force   (overwrites the config files; records are kept)",
                                  request.dir.string()));
  HC_CHECK(store::make_dirs(request.dir));

  store::Git git(request.dir, write.env);
  InitResult result;
  if (!git.in_work_tree()) {
    if (auto r = git.init(); r) result.git_initialised = true;
    else write.warn(fmt::format("{}; the ops dir works without git, but nothing will be shared", r.error().message));
  }
  // A plain `git pull` rebases, as `hypercare sync` does (git 2.39 stops on divergent branches otherwise).
  if (result.git_initialised || git.in_work_tree())
    if (auto c = store::configure_pull(git); !c) write.warn(c.error().message);

  write.ops_dir = request.dir;
  auto session = HC_TRY(store::WriteSession::begin(write));
  for (const auto& f : example_files()) {
    if (f.example != request.example) continue;
    HC_CHECK(session.replace(f.name, f.content, f.executable ? 0755 : 0644));
  }
  HC_CHECK(session.replace(".gitattributes", k_gitattributes));
  HC_CHECK(session.replace(".gitignore", k_gitignore));
  result.written = session.touched();
  result.committed = session.finish(fmt::format("hypercare init ({} example)", request.example));
  return result;
}

}  // namespace hypercare::init
