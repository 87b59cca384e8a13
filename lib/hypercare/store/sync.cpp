#include "hypercare/store/sync.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "hypercare/core/text.hpp"

namespace hypercare::store {

namespace {

using core::ErrorKind;
using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// One sync: the git calls it makes share one deadline.
class Run {
 public:
  Run(const SyncOptions& o) : m_o(o), m_git(o.ops_dir, o.env), m_deadline(SteadyClock::now() + o.timeout) {}

  const Git& git() const { return m_git; }

  core::Result<exec::Outcome> call(const std::vector<std::string>& args) const {
    auto left = std::chrono::duration_cast<milliseconds>(m_deadline - SteadyClock::now());
    auto r = HC_TRY(m_git.run(args, std::max(left, milliseconds(1000))));
    return r;
  }
  core::Result<std::string> value(const std::vector<std::string>& args) const {
    auto r = HC_TRY(call(args));
    if (r.exit_code != 0) return std::string{};
    return trimmed(r.out);
  }
  core::Result<std::size_t> count(const std::string& range) const {
    auto v = HC_TRY(value({"rev-list", "--count", range}));
    return v.empty() ? std::size_t(0) : std::size_t(std::stoull(v));
  }
  void progress(const std::string& what) const {
    if (m_o.progress) m_o.progress(what);
  }

 private:
  const SyncOptions& m_o;
  Git m_git;
  SteadyClock::time_point m_deadline;
};

core::Error unreachable(const SyncOptions& o, const std::string& remote, const std::string& why, std::size_t waiting) {
  std::string waits = waiting == 0 ? "nothing local waits to be pushed"
                                   : fmt::format("{} local commit{} wait{} to be pushed", waiting, waiting == 1 ? "" : "s",
                                                 waiting == 1 ? "s" : "");
  return core::Error{ErrorKind::unavailable,
                     fmt::format("could not reach {}: {}; {} — your work is saved in {}", remote, why, waits,
                                 o.ops_dir.string()),
                     "hypercare sync (again, once the network is back)"};
}

bool rejected(const exec::Outcome& push) {
  const auto& e = push.err;
  return e.find("[rejected]") != std::string::npos || e.find("non-fast-forward") != std::string::npos ||
         e.find("fetch first") != std::string::npos || e.find("Updates were rejected") != std::string::npos ||
         e.find("cannot lock ref") != std::string::npos || e.find("failed to update ref") != std::string::npos;
}

}  // namespace

core::Result<std::vector<std::string>> commit_leftovers(const Git& git, const std::string& actor, const std::string& why) {
  auto stray = HC_TRY(git.stray_records());
  if (stray.empty()) return stray;
  std::vector<std::filesystem::path> files(stray.begin(), stray.end());
  HC_CHECK(git.commit(files, fmt::format("{}: {} record file{} left uncommitted by an interrupted command", why,
                                         stray.size(), stray.size() == 1 ? "" : "s"),
                      actor));
  return stray;
}

core::Result<bool> configure_pull(const Git& git) {
  if (git.config_value("pull.rebase")) return false;
  HC_CHECK(git.set_config("pull.rebase", "true"));
  return true;
}

namespace {

core::Result<SyncTarget> locate(const Run& run, const std::string& where) {
  SyncTarget t;
  // One call for where the repository is and which branch is checked out.
  auto head = HC_TRY(run.call({"rev-parse", "--absolute-git-dir", "--abbrev-ref", "HEAD"}));
  if (head.exit_code != 0)
    return core::fail(ErrorKind::config, fmt::format("{} is not in a git work tree: there is nothing to sync", where),
                      fmt::format("git -C {} init, then add a remote: git -C {} remote add origin URL", where, where));
  t.git_dir = core::first_line(head.out);
  t.branch = core::first_line(head.out.substr(std::min(head.out.size(), head.out.find('\n') + 1)));
  if (t.branch.empty() || t.branch == "HEAD")
    return core::fail(ErrorKind::config, fmt::format("{}: HEAD is not on a branch (detached)", where),
                      fmt::format("git -C {} switch main", where));
  // The branch's upstream, the remotes and pull.rebase, in one call.
  auto cfg = HC_TRY(
      run.call({"config", "--get-regexp", "^(branch\\.[^ ]*\\.(remote|merge)|remote\\.[^ ]*\\.url|pull\\.rebase)$"}));
  std::string upstream, remotes;
  for (std::string_view rest = cfg.out; !rest.empty();) {
    auto nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    auto space = line.find(' ');
    if (space == std::string_view::npos) continue;
    std::string_view key = line.substr(0, space), value = line.substr(space + 1);
    std::string mine = "branch." + t.branch + ".";
    if (key == mine + "remote") t.remote = value;
    else if (key == mine + "merge") upstream = value;
    else if (key == "pull.rebase") t.pull_rebase_set = true;
    else if (key.starts_with("remote.") && key.ends_with(".url"))
      remotes += std::string(key.substr(7, key.size() - 11)) + "\n";
  }
  t.tracked = !t.remote.empty() && !upstream.empty();
  if (t.remote.empty()) {
    if (remotes.empty())
      return core::fail(ErrorKind::config, fmt::format("{} has no git remote to sync with", where),
                        fmt::format("git -C {} remote add origin URL && hypercare sync", where));
    t.remote = remotes.find("origin\n") != std::string::npos ? "origin" : core::first_line(remotes);
  }
  t.remote_branch = upstream.starts_with("refs/heads/") ? upstream.substr(11) : t.branch;
  t.tracking = fmt::format("refs/remotes/{}/{}", t.remote, t.remote_branch);
  return t;
}

}  // namespace

core::Result<SyncReport> sync(const SyncOptions& o) {
  Run run(o);
  const Git& git = run.git();
  SyncReport report;
  auto where = o.ops_dir.string();
  SyncTarget target;
  if (o.target && *o.target) target = **o.target;
  else target = HC_TRY(locate(run, where));
  if (o.target) *o.target = target;
  for (const char* busy : {"rebase-merge", "rebase-apply", "MERGE_HEAD"})
    if (std::error_code ec; std::filesystem::exists(std::filesystem::path(target.git_dir) / busy, ec))
      return core::fail(ErrorKind::config, fmt::format("{}: a git merge or rebase is in progress", where),
                        fmt::format("finish it (git -C {} status) or abort it (git -C {} rebase --abort), then sync", where,
                                    where));
  report.branch = target.branch;
  report.remote = target.remote;
  report.pull_rebase_set = target.pull_rebase_set;
  const std::string& tracking = target.tracking;
  std::string label = fmt::format("{}/{}", target.remote, target.remote_branch);

  if (o.leftovers) report.committed = HC_TRY(commit_leftovers(git, o.actor, "hypercare sync"));

  // Commits only here and only there, in one call; nullopt when there is no remote-tracking ref.
  auto divergence = [&]() -> core::Result<std::optional<std::pair<std::size_t, std::size_t>>> {
    auto r = HC_TRY(run.call({"rev-list", "--left-right", "--count", "HEAD..." + tracking}));
    if (r.exit_code != 0) return std::nullopt;
    std::size_t ahead = 0, behind = 0;
    if (std::sscanf(r.out.c_str(), "%zu %zu", &ahead, &behind) != 2) return std::nullopt;
    return std::pair{ahead, behind};
  };
  auto local_only = [&]() -> core::Result<std::size_t> {
    auto d = HC_TRY(divergence());
    return d ? d->first : HC_TRY(run.count("HEAD"));
  };
  std::optional<std::size_t> ahead;  // known after a pull: the push needs no look of its own
  // Fetches and rebases onto what the remote has; false when the remote has no such branch yet.
  auto pull = [&]() -> core::Result<bool> {
    ahead.reset();
    run.progress(fmt::format("pulling from {}…", label));
    if (o.quick) {
      // The remote's head, and whether this clone has it already: a third of a fetch.
      auto ls = HC_TRY(run.call({"ls-remote", "--heads", target.remote, "refs/heads/" + target.remote_branch}));
      if (ls.exit_code == 0) {
        std::string theirs = ls.out.substr(0, ls.out.find_first_of(" \t\n"));
        if (theirs.empty()) return false;  // no such branch there yet
        auto known = HC_TRY(run.call({"merge-base", "--is-ancestor", theirs, "HEAD"}));
        if (known.exit_code == 0) return true;
      }
    }
    auto f = HC_TRY(run.call({"fetch", "--quiet", "--no-tags", target.remote,
                              fmt::format("+refs/heads/{}:{}", target.remote_branch, tracking)}));
    if (f.exit_code != 0) {
      if (f.err.find("couldn't find remote ref") != std::string::npos) return false;
      std::string why = f.timed_out ? "timed out" : core::first_line(f.err);
      return std::unexpected(unreachable(o, target.remote, why, HC_TRY(local_only())));
    }
    auto d = HC_TRY(divergence());
    std::size_t incoming = d ? d->second : 0;
    if (d) ahead = d->first;  // a rebase replays the same commits on top
    if (incoming == 0) return true;
    auto r = HC_TRY(git.run_as({"-c", "rebase.autoStash=true", "rebase", "--quiet", tracking}, o.actor));
    if (r.exit_code != 0) {
      auto conflicted = HC_TRY(run.value({"diff", "--name-only", "--diff-filter=U"}));
      (void)run.call({"rebase", "--abort"});
      std::string files = conflicted.empty() ? std::string("a file") : conflicted;
      for (auto& c : files)
        if (c == '\n') c = ',';
      return core::fail(ErrorKind::data,
                        fmt::format("sync stopped: {} was changed both here and on {}; the rebase was undone and your "
                                    "work is untouched{}",
                                    files, label, conflicted.empty() ? fmt::format(" ({})", core::first_line(r.err)) : ""),
                        fmt::format("merge it by hand: git -C {} pull --rebase, edit {}, git add it, git rebase --continue; "
                                    "then hypercare sync",
                                    where, files));
    }
    report.pulled += incoming;
    return true;
  };

  bool remote_has_branch = true;
  if (o.pull) remote_has_branch = HC_TRY(pull());
  if (!o.push) {
    if (!o.quick) report.waiting = HC_TRY(local_only());
    return report;
  }
  bool tracked = target.tracked;
  for (int attempt = 1; attempt <= o.push_attempts; ++attempt) {
    // A quick push does not count first: it follows a commit, so there is something to push.
    std::optional<std::size_t> outgoing = ahead;
    if (!outgoing && !(o.quick && attempt == 1)) outgoing = HC_TRY(local_only());
    if (outgoing == std::size_t(0) && remote_has_branch) break;
    run.progress(outgoing ? fmt::format("pushing {} commit{} to {}…", *outgoing, *outgoing == 1 ? "" : "s", label)
                          : fmt::format("pushing to {}…", label));
    std::vector<std::string> args = {"push", "--quiet"};
    if (!tracked) args.push_back("--set-upstream");
    args.insert(args.end(), {target.remote, fmt::format("HEAD:refs/heads/{}", target.remote_branch)});
    auto p = HC_TRY(run.call(args));
    report.attempts = attempt;
    if (p.exit_code == 0) {
      report.pushed += outgoing.value_or(0);
      // Keep the remote-tracking ref in step (git does this for configured upstreams only).
      if (!tracked) (void)run.call({"update-ref", tracking, "HEAD"});
      if (o.target && *o.target) (*o.target)->tracked = true;
      return report;  // nothing waits now
    }
    if (!rejected(p)) {
      std::string why = p.timed_out ? "timed out" : core::first_line(p.err);
      return std::unexpected(unreachable(o, target.remote, why, outgoing ? *outgoing : HC_TRY(local_only())));
    }
    if (attempt == o.push_attempts) {
      auto waiting = outgoing ? *outgoing : HC_TRY(local_only());
      return core::fail(ErrorKind::busy,
                        fmt::format("{} kept moving: {} pushes lost the race with other clones; {} local commit{} wait",
                                    label, attempt, waiting, waiting == 1 ? "" : "s"),
                        "hypercare sync");
    }
    // Another clone pushed first: take its commits and try again, after a pause that differs per
    // clone so that two racing clones do not collide again.
    auto pause = milliseconds(20 * attempt + (o.random ? std::int64_t(o.random() % 100) : 0) * attempt);
    std::this_thread::sleep_for(pause);
    remote_has_branch = HC_TRY(pull());
    if (o.quick) ahead = HC_TRY(local_only());
  }
  return report;
}

}  // namespace hypercare::store
