// `hypercare init [DIR] [--example NAME] [--force]`.
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "hypercare/init/scaffold.hpp"

namespace hypercare::cli {

namespace {

struct InitOptions {
  std::string dir = ".";
  std::string example = "minimal";
  bool force = false;
};

core::Status run_init(Invocation& inv, const InitOptions& o) {
  init::InitRequest req;
  std::filesystem::path dir = o.dir;
  req.dir = (dir.is_absolute() ? dir : inv.ctx().cwd / dir).lexically_normal();
  req.example = o.example;
  req.force = o.force;
  store::WriteOptions w;
  w.autocommit = !inv.globals().no_commit;
  w.env = store::Env(inv.ctx().env.begin(), inv.ctx().env.end());
  w.actor = inv.globals().as.empty() ? inv.ctx().getenv("HYPERCARE_USER").value_or(inv.ctx().getenv("USER").value_or("hypercare"))
                                     : inv.globals().as;
  w.warn = [&inv](const std::string& m) { inv.warn(m); };
  auto r = HC_TRY(init::scaffold(req, w));
  if (inv.json()) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : r.written) files.push_back(f.string());
    inv.print_json({{"dir", req.dir.string()}, {"example", o.example}, {"files", files},
                    {"git_initialised", r.git_initialised}, {"committed", r.committed}});
    return {};
  }
  auto s = inv.style();
  inv.out() << fmt::format("{} Created an ops dir in {} ({} example)\n", s.green("✓"), req.dir.string(), o.example);
  for (const auto& f : r.written) inv.out() << "  " << f.string() << '\n';
  if (r.git_initialised) inv.out() << "  git repository initialised\n";
  if (r.committed) inv.out() << "  committed\n";
  inv.out() << fmt::format("\nNext: edit {}/hypercare.toml, then try\n  hypercare -C {} incident new \"Login page slow\" -p P3\n",
                           o.dir, o.dir);
  return {};
}

}  // namespace

void add_init(CLI::App& root, Invocation& inv, Action& action) {
  auto o = std::make_shared<InitOptions>();
  auto* sub = root.add_subcommand("init", "create an ops dir: commented hypercare.toml, .gitattributes, "
                                          ".gitignore, git init and a first commit");
  sub->add_option("dir", o->dir, "where (default: the current directory)");
  sub->add_option("--example", o->example, "start from an example: minimal or smart-dairy (the seed's team)")
      ->check(CLI::IsMember({"minimal", "smart-dairy"}));
  sub->add_flag("--force", o->force, "overwrite the config files of an existing ops dir (records are kept)");
  sub->footer(k_exit_status_footer);
  sub->callback([&inv, &action, o] { action = [&inv, o] { return run_init(inv, *o); }; });
}

}  // namespace hypercare::cli
