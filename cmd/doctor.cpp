// `hypercare doctor [--fix]`.
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "hypercare/doctor/doctor.hpp"

namespace hypercare::cli {

namespace {

core::Status run_doctor(Invocation& inv, bool fix) {
  auto ops = HC_TRY(inv.ops_dir());
  doctor::DoctorContext dc;
  if (auto w = inv.write_options()) dc.write = *w;
  else {
    // A broken hypercare.toml is one of the things doctor reports; it can still check records.
    dc.write.ops_dir = ops;
    dc.write.autocommit = false;
    dc.write.actor = inv.actor();
    dc.write.warn = [&inv](const std::string& m) { inv.warn(m); };
  }
  dc.now = inv.now();
  dc.random = inv.ctx().random;
  auto report = HC_TRY(doctor::run(dc, fix));
  if (inv.json()) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : report.problems)
      problems.push_back({{"file", p.file}, {"line", p.line ? nlohmann::json(p.line) : nlohmann::json(nullptr)},
                          {"kind", p.kind}, {"message", p.message}, {"fixable", p.fixable}, {"fixed", p.fixed},
                          {"notice", p.notice}});
    inv.print_json({{"ops", ops.string()}, {"files_checked", report.files_checked}, {"problems", problems},
                    {"remaining", report.remaining()}});
  } else {
    auto s = inv.style();
    for (const auto& p : report.problems) {
      std::string mark = p.notice  ? s.yellow("note")
                         : p.fixed ? s.green("fixed")
                                   : (p.fixable ? s.yellow("fixable") : s.red("problem"));
      inv.out() << fmt::format("{:<8} {}\n", mark, p.message);
    }
    std::size_t notes = report.notices();
    std::size_t problems = report.problems.size() - notes;
    std::size_t fixed = problems - report.remaining();
    std::string note_text = notes ? fmt::format("{} note{}", notes, notes == 1 ? "" : "s") : "";
    if (problems == 0)
      inv.out() << fmt::format("{} {} files checked, no problems{}\n", s.green("✓"), report.files_checked,
                               notes ? "; " + note_text : "");
    else
      inv.out() << fmt::format("{} files checked: {} problem(s){}{}\n", report.files_checked, problems,
                               fixed ? fmt::format(", {} fixed", fixed) : "", notes ? "; " + note_text : "");
  }
  if (report.remaining()) {
    bool fixable_left = std::any_of(report.problems.begin(), report.problems.end(),
                                    [](const doctor::Problem& p) { return p.fixable && !p.fixed; });
    return core::fail(core::ErrorKind::no, fmt::format("{} problem(s) remain", report.remaining()),
                      fixable_left ? "hypercare doctor --fix" : "");
  }
  return {};
}

}  // namespace

void add_doctor(CLI::App& root, Invocation& inv, Action& action) {
  auto fix = std::make_shared<bool>(false);
  auto* sub = root.add_subcommand("doctor", "validate every config and record file: torn tails, malformed "
                                            "lines, duplicate ids, merge-conflict markers");
  sub->add_flag("--fix", *fix, "repair what is safe: torn tails, conflict markers in logs, duplicate incidents");
  sub->footer(k_exit_status_footer);
  sub->callback([&inv, &action, fix] { action = [&inv, fix] { return run_doctor(inv, *fix); }; });
}

}  // namespace hypercare::cli
