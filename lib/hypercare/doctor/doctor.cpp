#include "hypercare/doctor/doctor.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "hypercare/config/checks_config.hpp"
#include "hypercare/config/hotfix_config.hpp"
#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/config/rota_config.hpp"
#include "hypercare/doctor/split.hpp"
#include "hypercare/handover/fold.hpp"
#include "hypercare/hotfix/fold.hpp"
#include "hypercare/incident/fold.hpp"
#include "hypercare/notify/outbox.hpp"
#include "hypercare/notify/secrets.hpp"
#include "hypercare/rota/changes.hpp"
#include "hypercare/store/fs.hpp"
#include "hypercare/store/ops_dir.hpp"
#include "hypercare/store/jsonl.hpp"
#include "hypercare/store/sync.hpp"

namespace hypercare::doctor {

namespace fs = std::filesystem;

std::size_t Report::remaining() const {
  return std::size_t(std::count_if(problems.begin(), problems.end(), [](const Problem& p) { return !p.fixed; }));
}

namespace {

// The record directories hypercare writes JSONL into.
constexpr std::string_view k_record_dirs[] = {"incidents", "rota", "handovers", "hotfixes", "health", "feedback", "maintenance"};

std::vector<fs::path> files_with(const fs::path& ops, std::string_view ext) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto dir : k_record_dirs) {
    for (auto it = fs::recursive_directory_iterator(ops / dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_regular_file() && it->path().extension() == ext) out.push_back(it->path());
  }
  for (auto it = fs::directory_iterator(ops, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ext) out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::size_t> marker_lines(std::string_view text) {
  std::vector<std::size_t> lines;
  std::size_t no = 0, pos = 0;
  while (pos < text.size()) {
    ++no;
    auto nl = text.find('\n', pos);
    auto line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (store::is_conflict_marker(line)) lines.push_back(no);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return lines;
}

// Keeps complete lines that are not conflict markers: the union of both sides of a merge.
std::string repaired(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;  // torn tail
    auto line = text.substr(pos, nl - pos);
    if (!store::is_conflict_marker(line)) {
      out.append(line);
      out.push_back('\n');
    }
    pos = nl + 1;
  }
  return out;
}

// Messages name files relative to the ops dir, whichever layer produced them.
std::string relative_message(std::string message, const fs::path& ops) {
  std::string prefix = (ops / "").string();
  for (auto pos = message.find(prefix); pos != std::string::npos; pos = message.find(prefix, pos))
    message.erase(pos, prefix.size());
  return message;
}

}  // namespace

// Channels whose secret cannot be read here, and notifications that were given up.
void check_notifications(const config::HypercareConfig& cfg, const DoctorContext& ctx, Report& report) {
  notify::Env env(ctx.write.env.begin(), ctx.write.env.end());
  notify::Secrets secrets(env);
  for (const auto& ch : cfg.notify.channels)
    if (auto s = secrets.resolve(ch.secret); !s)
      report.problems.push_back({store::k_config_file, 0, "secret",
                                 fmt::format("channel {}: {}{}", ch.name, s.error().message,
                                             s.error().hint.empty() ? "" : " (" + s.error().hint + ")")});
  notify::Outbox outbox(ctx.write.ops_dir);
  auto entries = outbox.list([&](const std::string& m) {
    report.problems.push_back({".hypercare/outbox", 0, "outbox", m});
  });
  if (!entries) return;
  std::size_t dead = 0;
  for (const auto& e : *entries) dead += e.state == notify::EntryState::dead;
  if (dead)
    report.problems.push_back({".hypercare/outbox", 0, "notification_dead",
                               fmt::format("{} notification{} could not be delivered and {} given up: see `hypercare notify "
                                           "list --failed`; `hypercare notify flush --all` tries again",
                                           dead, dead == 1 ? "" : "s", dead == 1 ? "was" : "were")});
}

// Git-level health of a clone: conflict markers in any tracked text file (the JSONL and TOML
// files are checked above), record files an interrupted command left uncommitted, and the pull
// setting a plain `git pull` needs.
void check_git(const DoctorContext& ctx, bool fix, Report& report) {
  const fs::path& ops = ctx.write.ops_dir;
  store::Git git(ops, ctx.write.env);
  if (!git.in_work_tree()) return;
  if (auto listed = git.run({"ls-files", "-z", "--", "."}); listed && listed->exit_code == 0) {
    std::string_view rest = listed->out;
    while (!rest.empty()) {
      auto end = rest.find('\0');
      std::string name(rest.substr(0, end));
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
      auto ext = fs::path(name).extension();
      if (name.empty() || ext == ".jsonl" || ext == ".toml") continue;
      auto text = store::read_file(ops / name, store::k_max_config_bytes);
      if (!text || text->find('\0') != std::string::npos) continue;  // gone, too large or binary
      ++report.files_checked;
      for (auto line : marker_lines(*text))
        report.problems.push_back({name, line, "conflict_marker",
                                   fmt::format("{}:{}: git merge-conflict marker; resolve it by hand", name, line)});
    }
  }
  if (auto stray = git.stray_records(); stray && !stray->empty()) {
    Problem p{(*stray)[0], 0, "uncommitted",
              fmt::format("{} record file{} left uncommitted by an interrupted command: {}", stray->size(),
                          stray->size() == 1 ? " was" : "s were", fmt::join(*stray, ", ")),
              true};
    if (fix) {
      if (auto c = store::commit_leftovers(git, ctx.write.actor, "hypercare doctor --fix"); c) p.fixed = true;
      else p.message += fmt::format(" (commit failed: {})", c.error().message);
    }
    report.problems.push_back(std::move(p));
  }
  if (!git.config_value("pull.rebase")) {
    Problem p{".git/config", 0, "git_config",
              "pull.rebase is not set: a plain `git pull` stops when this clone and the remote both moved "
              "(`hypercare sync` works either way)",
              true};
    if (fix) p.fixed = bool(store::configure_pull(git));
    report.problems.push_back(std::move(p));
  }
}

core::Result<Report> run(const DoctorContext& ctx, bool fix) {
  const fs::path& ops = ctx.write.ops_dir;
  Report report;
  auto rel = [&](const fs::path& p) { return p.lexically_relative(ops).string(); };

  for (const auto& path : files_with(ops, ".toml")) {
    ++report.files_checked;
    auto text = store::read_file(path, store::k_max_config_bytes);
    if (!text) {
      report.problems.push_back({rel(path), 0, "config", text.error().message});
      continue;
    }
    for (auto line : marker_lines(*text))
      report.problems.push_back({rel(path), line, "conflict_marker",
                                 fmt::format("{}:{}: git merge-conflict marker; resolve it by hand", rel(path), line)});
  }
  auto cfg = config::load_hypercare_config(ops);
  if (!cfg) {
    report.problems.push_back({store::k_config_file, 0, "config", cfg.error().message});
  } else {
    if (auto rota = config::load_rota_config(ops, *cfg); !rota)
      report.problems.push_back({config::k_rota_file, 0, "config", rota.error().message});
    check_notifications(*cfg, ctx, report);
  }
  if (auto checks = config::load_checks_config(ops); !checks)
    report.problems.push_back({config::k_checks_file, 0, "config", checks.error().message});
  if (auto hotfix = config::load_hotfix_config(ops); !hotfix)
    report.problems.push_back({config::k_hotfix_file, 0, "config", hotfix.error().message});
  std::error_code ec;
  for (auto it = fs::directory_iterator(ops / "alerts", ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    auto ext = it->path().extension();
    if (ext != ".yaml" && ext != ".yml") continue;
    ++report.files_checked;
    auto text = store::read_file(it->path(), store::k_max_config_bytes);
    if (!text) {
      report.problems.push_back({rel(it->path()), 0, "config", text.error().message});
      continue;
    }
    try {
      (void)YAML::Load(*text);
    } catch (const YAML::Exception& e) {
      report.problems.push_back({rel(it->path()), std::size_t(e.mark.line + 1), "config",
                                 fmt::format("{}:{}:{}: {}", rel(it->path()), e.mark.line + 1, e.mark.column + 1, e.msg)});
    }
  }

  std::optional<store::WriteSession> session;
  std::vector<std::string> splits;  // "INC-A → INC-B", for the commit message
  auto begin = [&]() -> core::Status {
    if (!session) session.emplace(HC_TRY(store::WriteSession::begin(ctx.write)));
    return {};
  };

  for (const auto& path : files_with(ops, ".jsonl")) {
    ++report.files_checked;
    auto text = store::read_file(path, store::k_max_record_bytes);
    if (!text) {
      report.problems.push_back({rel(path), 0, "unreadable", text.error().message});
      continue;
    }
    std::size_t before = report.problems.size();
    bool torn = !text->empty() && text->back() != '\n';
    if (torn)
      report.problems.push_back({rel(path), 0, "torn_tail",
                                 fmt::format("{}: the last line is incomplete (a write was cut off)", rel(path)), true});
    for (auto line : marker_lines(*text))
      report.problems.push_back({rel(path), line, "conflict_marker",
                                 fmt::format("{}:{}: git merge-conflict marker in an append-only log "
                                             "(is `*.jsonl merge=union` missing from .gitattributes?)",
                                             rel(path), line),
                                 true});
    std::string clean = repaired(*text);
    auto parsed = store::parse_jsonl(clean, path);
    if (!parsed) {
      report.problems.push_back({rel(path), 0, "malformed", parsed.error().message});
    } else if (path == ops / rota::k_changes_file) {
      if (auto c = rota::fold_changes(*parsed, path); !c)
        report.problems.push_back({rel(path), 0, "malformed", c.error().message});
    } else if (path.parent_path().parent_path().filename() == "hotfixes") {
      if (auto h = hotfix::fold(*parsed, path); !h)
        report.problems.push_back({rel(path), 0, "malformed", h.error().message});
      else if (path.stem() != h->id)
        report.problems.push_back({rel(path), 0, "misplaced",
                                   fmt::format("{}: holds hotfix {}, not {}", rel(path), h->id, path.stem().string())});
      else if (h->duplicate_creations)
        report.problems.push_back({rel(path), 0, "duplicate_hotfix",
                                   fmt::format("{}: two hotfixes were recorded with the id {} (in different clones); "
                                               "list and show use the first",
                                               rel(path), h->id)});
    } else if (path.parent_path().parent_path().filename() == "handovers") {
      if (auto h = handover::fold(*parsed, path); !h)
        report.problems.push_back({rel(path), 0, "malformed", h.error().message});
      else if (path.stem() != h->id)
        report.problems.push_back({rel(path), 0, "misplaced",
                                   fmt::format("{}: holds handover {}, not {}", rel(path), h->id, path.stem().string())});
      else if (h->duplicate_creations)
        report.problems.push_back({rel(path), 0, "duplicate_handover",
                                   fmt::format("{}: two handovers were written with the id {} (in different clones); "
                                               "list and show use the first",
                                               rel(path), h->id)});
    } else if (path.parent_path().parent_path().filename() == "incidents") {
      auto inc = incident::fold(*parsed, path, {.timeline = false});
      if (!inc) {
        report.problems.push_back({rel(path), 0, "malformed", inc.error().message});
      } else {
        if (path.stem() != inc->id)
          report.problems.push_back({rel(path), 0, "misplaced",
                                     fmt::format("{}: holds incident {}, not {}", rel(path), inc->id, path.stem().string())});
        if (inc->duplicate_creations)
          report.problems.push_back({rel(path), 0, "duplicate_incident",
                                     fmt::format("{}: {} incidents were created with the id {} (in different clones)",
                                                 rel(path), inc->duplicate_creations + 1, inc->id),
                                     true});
      }
    }
    if (!fix) continue;
    bool fixable_here = std::any_of(report.problems.begin() + long(before), report.problems.end(),
                                    [](const Problem& p) { return p.fixable; });
    bool malformed = std::any_of(report.problems.begin() + long(before), report.problems.end(),
                                 [](const Problem& p) { return p.kind == "malformed"; });
    if (!fixable_here || malformed) continue;
    HC_CHECK(begin());
    if (clean != *text) HC_CHECK(session->replace(path.lexically_relative(ops), clean));
    for (auto it = report.problems.begin() + long(before); it != report.problems.end(); ++it) {
      if (it->kind == "duplicate_incident") {
        auto split = HC_TRY(split_duplicates(*session, ops, path, *parsed));
        std::vector<std::string> ids;
        for (const auto& sp : split) {
          ids.push_back(sp.to);
          splits.push_back(fmt::format("{} → {}", sp.from, sp.to));
        }
        it->message += fmt::format("; split off as {}", fmt::join(ids, ", "));
      }
      if (it->fixable) it->fixed = true;
    }
  }
  // Doctor has just read every record: the derived index is rebuilt from scratch on the next read,
  // which also picks up any record edited in place by hand.
  fs::remove(ops / ".hypercare" / "cache" / "incidents.idx", ec);
  if (session)
    session->finish(splits.empty() ? std::string("hypercare doctor --fix")
                                   : fmt::format("hypercare doctor --fix: split {}", fmt::join(splits, ", ")));
  check_git(ctx, fix, report);  // after the fix's own commit: what is left uncommitted then is a leftover
  for (auto& p : report.problems) p.message = relative_message(std::move(p.message), ops);
  return report;
}

}  // namespace hypercare::doctor
