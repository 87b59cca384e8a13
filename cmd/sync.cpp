// `hypercare sync [--no-push]`: share this clone's records with the team through git — commit
// what interrupted commands left, pull with rebase, push, and pull again when a push loses a race.
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "hypercare/store/lock.hpp"
#include "hypercare/store/sync.hpp"

namespace hypercare::cli {

namespace {

struct SyncCommandOptions {
  bool no_push = false;
};

std::string commits(std::size_t n) { return fmt::format("{} commit{}", n, n == 1 ? "" : "s"); }

core::Status run_sync(Invocation& inv, const SyncCommandOptions& o) {
  auto write = HC_TRY(inv.write_options());
  store::SyncOptions so;
  so.ops_dir = write.ops_dir;
  so.env = write.env;
  so.actor = write.actor;
  so.push = !o.no_push;
  so.random = inv.ctx().random;
  if (inv.progress_wanted())
    so.progress = [&inv](const std::string& what) { inv.err() << "hypercare: " << what << '\n'; };
  auto lock = HC_TRY(store::OpsLock::acquire(write.ops_dir, write.lock_timeout));
  auto r = HC_TRY(store::sync(so));
  bool configured = !r.pull_rebase_set && store::configure_pull(store::Git(write.ops_dir, write.env)).value_or(false);
  if (inv.json()) {
    inv.print_json({{"remote", r.remote},
                    {"branch", r.branch},
                    {"committed", r.committed},
                    {"pulled", r.pulled},
                    {"pushed", r.pushed},
                    {"waiting", r.waiting},
                    {"push_attempts", r.attempts},
                    {"configured_pull_rebase", configured}});
    return {};
  }
  auto s = inv.style();
  std::string label = fmt::format("{}/{}", r.remote, r.branch);
  if (!r.committed.empty())
    inv.out() << fmt::format("{} committed {} record file{} an interrupted command had left behind\n", s.green("✓"),
                             r.committed.size(), r.committed.size() == 1 ? "" : "s");
  if (configured) inv.out() << fmt::format("{} set pull.rebase = true: a plain `git pull` works here too\n", s.green("✓"));
  std::vector<std::string> parts;
  if (r.pulled) parts.push_back(fmt::format("pulled {}", commits(r.pulled)));
  if (r.pushed) parts.push_back(fmt::format("pushed {}", commits(r.pushed)));
  if (parts.empty()) parts.push_back("already up to date");
  if (o.no_push && r.waiting) parts.push_back(fmt::format("{} waiting to be pushed (--no-push)", commits(r.waiting)));
  inv.out() << fmt::format("{} {}: {}\n", s.green("✓"), label, fmt::join(parts, ", "));
  return {};
}

}  // namespace

void add_sync(CLI::App& root, Invocation& inv, Action& action) {
  auto o = std::make_shared<SyncCommandOptions>();
  auto* sub = root.add_subcommand("sync", "share records with the team: commit leftovers, pull --rebase, push "
                                          "(retried when another clone pushed first)");
  sub->footer(k_exit_status_footer);
  sub->add_flag("--no-push", o->no_push, "pull only; local commits wait for the next sync");
  sub->callback([&inv, &action, o] { action = [&inv, o] { return run_sync(inv, *o); }; });
}

}  // namespace hypercare::cli
