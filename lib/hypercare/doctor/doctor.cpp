#include "hypercare/doctor/doctor.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "hypercare/config/checks_config.hpp"
#include "hypercare/config/hotfix_config.hpp"
#include "hypercare/config/hypercare_config.hpp"
#include "hypercare/config/rota_config.hpp"
#include "hypercare/config/rules.hpp"
#include "hypercare/core/parallel.hpp"
#include "hypercare/kickoff/readiness.hpp"
#include "hypercare/config/schema.hpp"
#include "hypercare/doctor/records.hpp"
#include "hypercare/health/promtool.hpp"
#include "hypercare/incident/index.hpp"
#include "hypercare/notify/outbox.hpp"
#include "hypercare/notify/secrets.hpp"
#include "hypercare/store/fs.hpp"
#include "hypercare/store/ops_dir.hpp"
#include "hypercare/store/jsonl.hpp"
#include "hypercare/store/sync.hpp"
#include "hypercare/store/tree.hpp"

namespace hypercare::doctor {

namespace fs = std::filesystem;

std::size_t Report::remaining() const {
  return std::size_t(
      std::count_if(problems.begin(), problems.end(), [](const Problem& p) { return !p.fixed && !p.notice; }));
}

std::size_t Report::notices() const {
  return std::size_t(std::count_if(problems.begin(), problems.end(), [](const Problem& p) { return p.notice; }));
}

namespace {

// The record directories hypercare writes JSONL into.
constexpr std::string_view k_record_dirs[] = {"incidents", "rota",        "handovers", "hotfixes",
                                              "health",    "feedback",    "maintenance", "kickoff"};

// The files doctor looks at, relative to the ops dir and in path order, from one walk of the
// record directories (100 000 incidents are 100 000 names: one walk, and no path object each).
struct Files {
  std::vector<std::string> toml, jsonl;
  std::vector<std::string> leftovers;  // temporary files of a write that never finished
};

Files find_files(const fs::path& ops) {
  // The ops dir's own files and its record directories, by name: each directory's files then come
  // in its place, as the paths compare.
  std::vector<std::pair<std::string, bool>> top;  // name, is a record directory
  for (auto dir : k_record_dirs) top.emplace_back(dir, true);
  std::error_code ec;
  for (auto it = fs::directory_iterator(ops, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (!it->is_directory()) top.emplace_back(it->path().filename().string(), false);
  std::sort(top.begin(), top.end());
  std::vector<std::string> all;
  for (auto& [name, dir] : top)
    if (dir) store::files_under(ops, name, all);
    else all.push_back(std::move(name));
  Files out;
  for (auto& rel : all) {
    std::string_view name = rel;
    bool top = name.find('/') == std::string_view::npos;
    name.remove_prefix(name.rfind('/') + 1);  // npos + 1 is 0
    if (!top && name.starts_with(".") &&
        (name.find(".new-") != std::string_view::npos || name.find(".tmp-") != std::string_view::npos))
      out.leftovers.push_back(rel);
    else if (name.ends_with(".jsonl") && name.size() > 6)
      out.jsonl.push_back(std::move(rel));
    else if (name.ends_with(".toml") && name.size() > 5)
      out.toml.push_back(std::move(rel));
  }
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

// What a crash can leave besides a torn line (temporary files of a write that never finished,
// which readers ignore), and lines kept in quarantine/ for a person to look at.
void check_leftovers(const fs::path& ops, const std::vector<std::string>& leftovers, bool fix, Report& report) {
  std::error_code ec;
  for (const auto& rel : leftovers) {
    Problem p{rel, 0, "temporary_file", fmt::format("{}: a temporary file of a write that never finished", rel), true};
    if (fix) p.fixed = fs::remove(ops / rel, ec);
    report.problems.push_back(std::move(p));
  }
  for (auto it = fs::recursive_directory_iterator(ops / "quarantine", ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    auto rel = it->path().lexically_relative(ops);
    auto record = rel.lexically_relative("quarantine");
    auto text = store::read_file(it->path(), store::k_max_record_bytes);
    std::size_t n = text ? std::size_t(std::count(text->begin(), text->end(), '\n')) : 0;
    report.problems.push_back(
        {rel.string(), 0, "quarantined",
         fmt::format("{}: {} line{} that could not be read from {}, kept here: fix and append them back (cat {} >> {}), "
                     "or delete the file once reviewed",
                     rel.string(), n, n == 1 ? "" : "s", record.string(), rel.string(), record.string()),
         false, false, true});
  }
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
  // The derived index is held to the record files, file by file (which picks up a record edited
  // in place by hand), and kept, so the next command starts warm. First, so that its mapping is
  // gone before the record files are listed and read; what --fix changes below moves directories,
  // as any write.
  if (auto kept = incident::verify_index(ops); !kept) {
    std::error_code ec;
    fs::remove(ops / ".hypercare" / "cache" / "incidents.idx", ec);  // rebuilt by the next read
    ctx.write.warn(fmt::format("the incident index was dropped: {}", kept.error().message));
  }
  auto files = find_files(ops);

  for (const auto& rel : files.toml) {
    ++report.files_checked;
    auto text = store::read_file(ops / rel, store::k_max_config_bytes);
    if (!text) {
      report.problems.push_back({rel, 0, "config", text.error().message});
      continue;
    }
    for (auto line : marker_lines(*text))
      report.problems.push_back({rel, line, "conflict_marker",
                                 fmt::format("{}:{}: git merge-conflict marker; resolve it by hand", rel, line)});
  }
  // Every unknown key of every file at once (a load stops at the first); then what loading says.
  auto typos = [&](const char* name, const config::Schema& schema) {
    std::error_code missing;
    if (!fs::exists(ops / name, missing)) return false;
    auto file = config::TomlFile::load(ops / name);
    if (!file) return false;  // the load below reports it
    auto unknown = config::unknown_keys(*file, schema);
    for (const auto& e : unknown) report.problems.push_back({name, 0, "config", e.message});
    return !unknown.empty();
  };
  bool hypercare_typos = typos(store::k_config_file, config::hypercare_schema());
  bool rota_typos = typos(config::k_rota_file, config::rota_schema());
  bool checks_typos = typos(config::k_checks_file, config::checks_schema());
  auto cfg = config::load_hypercare_config(ops);
  if (!cfg) {
    if (!hypercare_typos) report.problems.push_back({store::k_config_file, 0, "config", cfg.error().message});
  } else {
    if (auto rota = config::load_rota_config(ops, *cfg); !rota && !rota_typos)
      report.problems.push_back({config::k_rota_file, 0, "config", rota.error().message});
    check_notifications(*cfg, ctx, report);
    if (auto kickoff = config::load_kickoff_config(ops, kickoff::verified_ids()); !kickoff && !hypercare_typos)
      report.problems.push_back({store::k_config_file, 0, "config", kickoff.error().message});
  }
  if (auto checks = config::load_checks_config(ops); !checks && !checks_typos)
    report.problems.push_back({config::k_checks_file, 0, "config", checks.error().message});
  if (auto hotfix = config::load_hotfix_config(ops); !hotfix)
    report.problems.push_back({config::k_hotfix_file, 0, "config", hotfix.error().message});
  std::error_code ec;
  // Rule files, as strictly as promtool reads them, and by promtool itself when it is installed.
  auto rules = health::check_rule_dir(ops, ctx.write.env, true);
  report.files_checked += rules.files.size();
  for (const auto& p : rules.problems) {
    auto file = std::find_if(rules.files.begin(), rules.files.end(), [&](const std::string& f) { return p.message.starts_with(f); });
    report.problems.push_back({file == rules.files.end() ? std::string("alerts") : *file, 0, "config", p.message});
  }

  std::optional<store::WriteSession> session;
  std::vector<std::string> splits;  // "INC-A → INC-B", for the commit message
  auto begin = [&]() -> core::Status {
    if (!session) session.emplace(HC_TRY(store::WriteSession::begin(ctx.write)));
    return {};
  };

  std::vector<std::string> quarantined;
  RecordFix how{fix,
                [&]() -> core::Result<store::WriteSession*> {
                  HC_CHECK(begin());
                  return &*session;
                },
                &splits, &quarantined};
  const auto& records = files.jsonl;
  report.files_checked += records.size();
  if (fix) {
    for (const auto& path : records) check_record(ops, path, how, report);
  } else {
    // Reading every record is most of what doctor costs: without --fix nothing is written, and the
    // records are checked in parallel, their problems reported in file order all the same.
    std::vector<Report> each(records.size());
    core::parallel_for(records.size(), 64, [&](std::size_t i) { check_record(ops, records[i], how, each[i]); });
    for (auto& r : each) std::move(r.problems.begin(), r.problems.end(), std::back_inserter(report.problems));
  }
  check_leftovers(ops, files.leftovers, fix, report);
  if (session) {
    std::string message = "hypercare doctor --fix";
    if (!splits.empty()) message += fmt::format(": split {}", fmt::join(splits, ", "));
    if (!quarantined.empty())
      message += fmt::format("{} unreadable lines moved to {}", splits.empty() ? ":" : ";", fmt::join(quarantined, ", "));
    session->finish(message);
  }
  check_git(ctx, fix, report);  // after the fix's own commit: what is left uncommitted then is a leftover
  for (auto& p : report.problems) p.message = relative_message(std::move(p.message), ops);
  return report;
}

}  // namespace hypercare::doctor
