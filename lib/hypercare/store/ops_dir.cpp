#include "hypercare/store/ops_dir.hpp"

#include <fmt/format.h>

namespace hypercare::store {

namespace fs = std::filesystem;

core::Result<fs::path> find_ops_dir(const core::Context& ctx,
                                    const std::optional<std::string>& explicit_dir) {
  auto absolute = [&](const fs::path& p) { return p.is_absolute() ? p : ctx.cwd / p; };
  auto check = [&](const fs::path& dir, const std::string& how) -> core::Result<fs::path> {
    std::error_code ec;
    if (fs::is_regular_file(dir / k_config_file, ec)) return dir.lexically_normal();
    return core::fail(core::ErrorKind::missing,
                      fmt::format("{} ({}) is not an ops dir: it has no {}", dir.string(), how,
                                  k_config_file),
                      fmt::format("hypercare init {}", dir.string()));
  };
  if (explicit_dir) return check(absolute(*explicit_dir), "from -C/--ops");
  if (auto env = ctx.getenv("HYPERCARE_OPS"); env && !env->empty())
    return check(absolute(*env), "from HYPERCARE_OPS");
  for (fs::path dir = ctx.cwd;; dir = dir.parent_path()) {
    std::error_code ec;
    if (fs::is_regular_file(dir / k_config_file, ec)) return dir;
    if (dir == dir.parent_path() || dir.empty()) break;
  }
  return core::fail(core::ErrorKind::missing,
                    fmt::format("no ops dir found: neither {} nor any parent holds {}",
                                ctx.cwd.string(), k_config_file),
                    "hypercare init   (or pass -C DIR / set HYPERCARE_OPS)");
}

}  // namespace hypercare::store
