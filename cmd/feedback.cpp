// `hypercare feedback add | import | list`: user-satisfaction responses in feedback/YYYY-MM.jsonl.
#include <memory>
#include <set>

#include <fmt/format.h>

#include "commands.hpp"
#include "hypercare/feedback/csv.hpp"
#include "hypercare/feedback/import.hpp"
#include "hypercare/feedback/repository.hpp"
#include "hypercare/render/table.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::cli {

namespace {

struct FeedbackOptions {
  int score = 0;
  std::string comment, from, at, file, columns, delimiter = ",", since, until;
  bool skip_bad = false, dry_run = false;
};

nlohmann::json response_json(const feedback::Response& r) {
  return {{"id", r.id}, {"at", core::format_rfc3339(r.at)}, {"score", r.score}, {"comment", r.comment}, {"from", r.from},
          {"source", r.source}, {"positive", r.score >= feedback::k_positive_score}};
}

core::Status run_add(Invocation& inv, const FeedbackOptions& o) {
  if (o.score < feedback::k_min_score || o.score > feedback::k_max_score)
    return core::fail(core::ErrorKind::usage, fmt::format("--score {} is outside 1 to 5", o.score),
                      "hypercare feedback add --score 4 --comment 'faster than before'");
  const auto* cfg = HC_TRY(inv.config());
  feedback::Response r;
  r.at = inv.now();
  if (!o.at.empty()) {
    auto t = core::parse_user_time(o.at, cfg->zone);
    if (!t) return core::fail(core::ErrorKind::usage, "--at: " + t.error().message);
    r.at = *t;
  }
  r.score = o.score;
  r.comment = HC_TRY(message_arg(inv, o.comment));
  r.from = o.from;
  r.source = "cli";
  r.id = core::new_event_id(inv.now(), inv.ctx().random);
  auto rep = HC_TRY(feedback::append_responses({r}, HC_TRY(inv.write_options()), inv.now(),
                                               fmt::format("feedback: score {} from {}", r.score, r.from.empty() ? inv.actor() : r.from)));
  if (inv.json()) {
    auto j = response_json(r);
    j["file"] = rep.files.empty() ? "" : rep.files.front().string();
    inv.print_json(j);
    return {};
  }
  inv.out() << fmt::format("{} feedback recorded: score {} ({}){} in {}\n", inv.style().green("✓"), r.score,
                           r.score >= feedback::k_positive_score ? "positive" : "not positive",
                           r.from.empty() ? "" : " from " + r.from, rep.files.empty() ? "" : rep.files.front().string());
  return {};
}

core::Status run_import(Invocation& inv, const FeedbackOptions& o) {
  const auto* cfg = HC_TRY(inv.config());
  std::filesystem::path path = o.file;
  if (path.is_relative()) path = inv.ctx().cwd / path;
  char delimiter = o.delimiter == "tab" || o.delimiter == "\\t" ? '\t' : o.delimiter.size() == 1 ? o.delimiter[0] : 0;
  if (!delimiter || delimiter == '"' || delimiter == '\n' || delimiter == '\r')
    return core::fail(core::ErrorKind::usage, fmt::format("--delimiter '{}': use one character such as , or ; (or tab)", o.delimiter));
  auto text = store::read_file(path, feedback::k_max_csv_bytes);
  if (!text) {
    auto e = text.error();
    e.message = fmt::format("{} (the survey export to import)", e.message);
    return std::unexpected(e);
  }
  feedback::ImportOptions io;
  io.columns = o.columns;
  io.delimiter = delimiter;
  io.zone = cfg->zone;
  io.source = path.filename().string();
  auto result = HC_TRY(feedback::read_survey(*text, o.file, io));
  std::vector<std::string> bad;
  for (const auto& p : result.problems) bad.push_back(fmt::format("{}:{}: {}", o.file, p.line, p.message));
  if (!bad.empty() && !o.skip_bad) {
    std::string list;
    for (std::size_t i = 0; i < bad.size() && i < 20; ++i) list += "\n  " + bad[i];
    if (bad.size() > 20) list += fmt::format("\n  … and {} more", bad.size() - 20);
    return core::fail(core::ErrorKind::data,
                      fmt::format("{}: {} of {} row(s) cannot be read, so nothing was imported:{}", o.file, bad.size(), result.rows, list),
                      "fix those rows, or import the others: hypercare feedback import " + o.file + " --skip-bad");
  }
  for (const auto& b : bad) inv.warn("skipped " + b);
  auto column_name = [&](std::optional<std::size_t> c) { return c ? "'" + result.headers[*c] + "'" : std::string("-"); };
  std::string mapping = fmt::format("ts={}, score={}, comment={}, from={}", column_name(result.columns.ts),
                                    column_name(result.columns.score), column_name(result.columns.comment),
                                    column_name(result.columns.from));
  feedback::AppendReport rep;
  if (o.dry_run) {
    auto existing = HC_TRY(feedback::read_responses(HC_TRY(inv.ops_dir()), [&inv](const std::string& m) { inv.warn(m); }));
    rep = feedback::plan_append(existing, result.responses);
  } else {
    rep = HC_TRY(feedback::append_responses(result.responses, HC_TRY(inv.write_options()), inv.now(),
                                            fmt::format("feedback: import {}", io.source)));
  }
  if (inv.json()) {
    inv.print_json({{"file", path.string()}, {"rows", result.rows}, {"imported", rep.added}, {"already_recorded", rep.already_recorded},
                    {"recorded_differently", rep.recorded_differently}, {"near_duplicates", rep.near_duplicates},
                    {"skipped", bad}, {"dry_run", o.dry_run}, {"columns", mapping}});
    return {};
  }
  for (const auto& n : rep.near_duplicates) inv.warn(fmt::format("{}{}", o.dry_run ? "would add a near-duplicate: " : "added a near-duplicate: ", n));
  std::string differently = rep.recorded_differently
                                ? fmt::format(", {} of them with another comment or from: imported before under another column mapping",
                                              rep.recorded_differently)
                                : std::string();
  inv.out() << fmt::format("{} {} {} response(s) from {} ({} already recorded{}, {} bad row(s) skipped)\ncolumns: {}\n",
                           inv.style().green("✓"), o.dry_run ? "would import" : "imported", rep.added, o.file,
                           rep.already_recorded, differently, bad.size(), mapping);
  return {};
}

core::Status run_list(Invocation& inv, const FeedbackOptions& o) {
  const auto* cfg = HC_TRY(inv.config());
  auto zone = HC_TRY(inv.zone());
  auto all = HC_TRY(feedback::read_responses(HC_TRY(inv.ops_dir()), [&inv](const std::string& m) { inv.warn(m); }));
  auto bound = [&](const std::string& text, const char* flag, bool end) -> core::Result<std::optional<core::TimePoint>> {
    if (text.empty()) return std::optional<core::TimePoint>{};
    auto d = core::parse_date(text);
    if (!d) return core::fail(core::ErrorKind::usage, fmt::format("{}: {}", flag, d.error().message));
    return std::optional<core::TimePoint>{core::start_of_local_day(*d + std::chrono::days(end ? 1 : 0), cfg->zone)};
  };
  auto since = HC_TRY(bound(o.since, "--since", false));
  auto until = HC_TRY(bound(o.until, "--until", true));
  std::erase_if(all, [&](const feedback::Response& r) { return (since && r.at < *since) || (until && r.at >= *until); });
  std::size_t positive = 0;
  for (const auto& r : all) positive += r.score >= feedback::k_positive_score;
  if (inv.json()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : all) out.push_back(response_json(r));
    inv.print_json(out);
    return {};
  }
  if (all.empty()) {
    inv.out() << "No feedback recorded" << (since || until ? " in that range" : "")
              << ". Add some: hypercare feedback add --score 4, or hypercare feedback import survey.csv\n";
    return {};
  }
  render::Table t({"AT", "SCORE", "FROM", "SOURCE", "COMMENT"});
  for (const auto& r : all)
    t.add({core::format_local(r.at, zone, "%F %H:%M"), std::to_string(r.score), r.from.empty() ? "-" : r.from,
           r.source.empty() ? "-" : r.source, render::one_line(r.comment)});
  inv.out() << t.str()
            << fmt::format("\n{} response(s), {} positive (score 4 or 5): {:.1f}%\n", all.size(), positive,
                           100.0 * double(positive) / double(all.size()));
  return {};
}

}  // namespace

void add_feedback(CLI::App& root, Invocation& inv, Action& action) {
  auto* cmd = root.add_subcommand("feedback", "user-satisfaction responses (scores 1 to 5) for the summary report");
  cmd->footer(k_exit_status_footer);
  auto bind = [&](CLI::App* sub, auto run, std::shared_ptr<FeedbackOptions> o) {
    sub->footer(k_exit_status_footer);
    sub->callback([&inv, &action, run, o] { action = [&inv, run, o] { return run(inv, *o); }; });
  };
  {
    auto o = std::make_shared<FeedbackOptions>();
    auto* sub = cmd->add_subcommand("add", "record one response");
    sub->add_option("--score", o->score, "1 to 5; 4 and 5 count as positive")->required();
    sub->add_option("--comment", o->comment, "what the user said ('-' reads stdin)");
    sub->add_option("--from", o->from, "who answered (a name or an email address)");
    sub->add_option("--at", o->at, "when they answered (default now; '2026-11-27 10:15' in the team zone, or RFC 3339)");
    bind(sub, run_add, o);
  }
  {
    auto o = std::make_shared<FeedbackOptions>();
    auto* sub = cmd->add_subcommand("import", "import a survey export (CSV with a header row); rows already recorded are skipped");
    sub->add_option("file", o->file, "the CSV file")->required();
    sub->add_option("--columns", o->columns,
                    "which columns hold what: ts=NAME,score=NAME[,comment=NAME][,from=NAME] (header names or 1-based "
                    "numbers; default: found by header names)");
    sub->add_flag("--skip-bad", o->skip_bad, "import the good rows of a file with bad ones (each bad row is a warning)");
    sub->add_option("--delimiter", o->delimiter, "field separator: one character (default ,) or tab");
    sub->add_flag("--dry-run", o->dry_run, "read and check the file, say what would be imported, write nothing");
    bind(sub, run_import, o);
  }
  {
    auto o = std::make_shared<FeedbackOptions>();
    auto* sub = cmd->add_subcommand("list", "the recorded responses, oldest first, and the share of positive ones");
    sub->add_option("--since", o->since, "first day (team zone)");
    sub->add_option("--until", o->until, "last day, included");
    bind(sub, run_list, o);
  }
}

}  // namespace hypercare::cli
