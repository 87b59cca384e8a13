#include "hotfix_view.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace hypercare::cli {

namespace {

using hotfix::Hotfix;
using hotfix::Status;
using hotfix::StepRecord;
using hotfix::StepStatus;

constexpr std::size_t k_report_lines = 15;  // output lines of a failed step in reports

// The last `n` lines of `text`, each indented and marked, control characters made visible.
std::string output_block(std::string_view text, std::size_t n) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  while (!lines.empty() && lines.back().find_first_not_of(" \t\r") == std::string_view::npos) lines.pop_back();
  std::string out;
  std::size_t first = lines.size() > n ? lines.size() - n : 0;
  if (first) out += fmt::format("    │ … ({} earlier lines)\n", first);
  for (std::size_t i = first; i < lines.size(); ++i) out += fmt::format("    │ {}\n", render::one_line(lines[i]));
  return out;
}

std::string indent(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    out += "  ";
    out += text.substr(pos, nl - pos);
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

std::string step_status_cell(const StepRecord& s, const render::Style& st) {
  std::string text(hotfix::step_status_name(s.status));
  if (s.status == StepStatus::failed) {
    if (s.signal) text += fmt::format(" (signal {})", *s.signal);
    else if (s.exit_code) text += fmt::format(" (exit {})", *s.exit_code);
  }
  switch (s.status) {
    case StepStatus::ok: return st.green(text);
    case StepStatus::skipped: return st.dim(text);
    case StepStatus::interrupted: return st.yellow(text);
    default: return st.red(text);
  }
}

std::string steps_table(const Hotfix& h, const render::Style& st, bool with_command) {
  std::vector<std::string> headers = {"STEP", "STATUS", "TIME"};
  if (with_command) headers.push_back("COMMAND");
  render::Table t(headers);
  for (const auto& s : h.steps) {
    t.cell(step_label(s, h));
    t.cell(step_status_cell(s, st));
    t.cell(s.status == StepStatus::skipped ? "-" : human_ms(s.duration_ms));
    if (with_command) t.cell(s.command ? render::truncate(render::one_line(*s.command), 80) : st.dim("(pause)"));
    t.end_row();
  }
  return indent(t.str());
}

const StepRecord* last_failure(const Hotfix& h) {
  for (auto it = h.steps.rbegin(); it != h.steps.rend(); ++it)
    if (it->status != StepStatus::ok && it->status != StepStatus::skipped && !it->output_tail.empty()) return &*it;
  return nullptr;
}

std::string previous_or(const Hotfix& h, std::string_view fallback) {
  return h.previous ? render::truncate(render::one_line(*h.previous), 100) : std::string(fallback);
}

std::string next_steps(const Hotfix& h, bool manual) {
  std::string id = h.id, comp = shell_word(h.component);
  bool rollback_ran = std::any_of(h.steps.begin(), h.steps.end(), [](const StepRecord& s) {
    return s.phase == "rollback" && s.status == StepStatus::ok && s.name == "rollback";
  });
  bool rollback_stopped = std::any_of(h.steps.begin(), h.steps.end(), [](const StepRecord& s) {
    return s.phase == "rollback" && s.status != StepStatus::ok;
  });
  switch (h.status) {
    case Status::succeeded:
      return fmt::format("Next: keep an eye on it (hypercare health-check, hypercare status). To undo it:\n"
                         "  hypercare hotfix rollback {}\n", id);
    case Status::rolled_back:
      if (manual)
        return fmt::format("Next: {} runs {} again. Check it: hypercare health-check\n", h.component, previous_or(h, "the previous version"));
      return fmt::format("Next: {} runs {} again. Fix what the output above shows, then deploy a new tag:\n"
                         "  hypercare hotfix deploy NEW_TAG {}\n", h.component, previous_or(h, "the previous version"), comp);
    case Status::aborted:
      return fmt::format("Next: nothing was changed. Fix what the failing step reports and run the same command again;\n"
                         "the plan: hypercare hotfix deploy {} {} --dry-run\n", h.tag, comp);
    case Status::failed:
      return fmt::format("Next: {} needs hands now. Check what it really runs, then retry the rollback:\n"
                         "  hypercare hotfix rollback {}{}\n", h.component, id,
                         h.opened_incident ? fmt::format("\nand keep {} up to date (hypercare incident note {} -m ...)", *h.opened_incident, *h.opened_incident) : "");
    case Status::interrupted:
      if (!h.deployed()) return "Next: nothing was changed.\n";
      if (rollback_ran && !rollback_stopped)
        return fmt::format("Next: {} runs {} again.\n", h.component, previous_or(h, "the previous version"));
      return fmt::format("Next: {} may be running {} (the rollback did not finish). Check it, and roll back with:\n"
                         "  hypercare hotfix rollback {}\n", h.component, h.tag, id);
    case Status::running: break;
  }
  return {};
}

}  // namespace

std::string human_ms(long long ms) {
  if (ms < 1000) return fmt::format("{}ms", ms);
  if (ms < 60000) return fmt::format("{:.1f}s", double(ms) / 1000);
  long long s = ms / 1000;
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

std::string shell_word(std::string_view s) {
  bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || std::string_view("._-/:@%+=,").find(c) != std::string_view::npos;
  }) && s.front() != '-';
  if (plain) return std::string(s);
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  out += "'";
  return s.front() == '-' ? "-- " + out : out;
}

std::string step_label(const StepRecord& s, const Hotfix& h) {
  bool several = std::any_of(h.steps.begin(), h.steps.end(), [&](const StepRecord& o) { return o.name == s.name && o.index > 1; });
  std::string out = s.name;
  if (several) out += fmt::format(" #{}", s.index);
  if (s.attempt > 1) out += fmt::format(", attempt {}", s.attempt);
  if (s.phase == "rollback" && s.name != "rollback") out += " (rollback)";
  return out;
}

std::string status_text(const Hotfix& h, std::optional<hotfix::Process> process) {
  if (h.status != Status::running) return std::string(hotfix::status_name(h.status));
  if (!process) return "running";
  switch (*process) {
    case hotfix::Process::alive: return "running";
    case hotfix::Process::gone: return "running (stale?)";
    case hotfix::Process::elsewhere: return fmt::format("running on {}", h.host);
  }
  return "running";
}

std::string status_cell(const Hotfix& h, std::optional<hotfix::Process> process, const render::Style& s) {
  auto text = status_text(h, process);
  switch (h.status) {
    case Status::succeeded: return s.green(text);
    case Status::failed: return s.bold(s.red(text));
    case Status::rolled_back:
    case Status::interrupted: return s.yellow(text);
    case Status::aborted: return text;
    case Status::running: return process == hotfix::Process::gone ? s.red(text) : s.cyan(text);
  }
  return text;
}

std::string outcome_report(const hotfix::Outcome& o, bool manual, const HotfixView& v) {
  const auto& s = v.style;
  // A rollback run reports its own steps, not the deploy's.
  Hotfix h = o.hotfix;
  if (manual && !h.rollbacks.empty()) h.steps.erase(h.steps.begin(), h.steps.begin() + long(std::min(h.steps.size(), h.rollbacks.back().steps_before)));
  bool good = h.status == Status::succeeded || (manual && h.status == Status::rolled_back);
  std::string mark = good ? s.green("✓") : h.status == Status::failed ? s.bold(s.red("✗")) : s.yellow("✗");
  std::string what = fmt::format("{} {}", render::one_line(h.component), h.tag);
  std::string headline;
  switch (h.status) {
    case Status::succeeded: headline = render::one_line(h.message); break;
    case Status::rolled_back: headline = manual ? render::one_line(h.message) : fmt::format("{} was rolled back: {}", what, render::one_line(h.message)); break;
    case Status::aborted: headline = fmt::format("{} was not deployed: {}", what, render::one_line(h.message)); break;
    case Status::failed: headline = fmt::format("{}: {} {}", what, s.bold(s.red("ROLLBACK FAILED:")), render::one_line(h.message)); break;
    case Status::interrupted: headline = fmt::format("{} was interrupted: {}", what, render::one_line(h.message)); break;
    case Status::running: headline = what + " is running"; break;
  }
  std::string out = fmt::format("{} {}  {}\n", mark, s.bold(h.id), headline);
  out += steps_table(h, s, false);
  if (const auto* f = last_failure(h); f && !good)
    out += fmt::format("\n  Output of {}:\n{}", step_label(*f, h), output_block(f->output_tail, k_report_lines));
  for (const auto& id : o.closed)
    out += fmt::format("\n  {} was still marked running from a run that had ended; it is now closed as interrupted.\n", id);
  if (h.opened_incident && h.status == Status::failed)
    out += fmt::format("\n  {} {} is open for it (hypercare incident show {}).\n", s.red("!"), *h.opened_incident, *h.opened_incident);
  out += "\n" + next_steps(h, manual);
  return out;
}

std::string failed_banner(const hotfix::Outcome& o) {
  const auto& h = o.hotfix;
  std::string rule(72, '!');
  std::string out = "\n" + rule + "\n";
  out += fmt::format("!!! ROLLBACK FAILED: {} is in an unknown state\n", render::one_line(h.component));
  out += fmt::format("!!! hotfix {}: tag {}, previous {}\n", h.id, h.tag, previous_or(h, "(not recorded)"));
  out += fmt::format("!!! {}\n", render::one_line(h.message));
  if (h.opened_incident) out += fmt::format("!!! incident {} is open for it\n", *h.opened_incident);
  else out += "!!! no incident was opened: open one now (hypercare incident new ... -p P1)\n";
  out += fmt::format("!!! retry the rollback: hypercare hotfix rollback {}\n", h.id);
  out += rule + "\n\n";
  return out;
}

std::string plan_text(const PlanView& p, const config::ComponentSpec& spec, const HotfixView& v) {
  const auto& s = v.style;
  std::string out = fmt::format("Dry run of {}: nothing is run, nothing is recorded.\n", render::one_line(p.title));
  if (!spec.description.empty()) out += fmt::format("{}: {}\n", render::one_line(spec.name), render::one_line(spec.description));
  if (p.busy)
    out += s.yellow(fmt::format("Note: {} is deploying {} right now ({} by {}); a real deploy would be refused (exit 75).\n",
                                p.busy->hotfix.empty() ? "another run" : p.busy->hotfix, render::one_line(spec.name), p.busy->tag,
                                p.busy->actor));
  out += "\nEvery step runs as sh -c COMMAND in " + p.cwd.string() + ", with your environment and:\n";
  for (const auto& [k, val] : p.env) out += fmt::format("  {}={}\n", k, render::one_line(val));
  out += "\n";
  render::Table t({"#", "STEP", "LIMIT", "COMMAND"});
  int n = 0;
  bool conditional = false;
  for (const auto& st : p.steps) {
    std::string label = st.name;
    if (std::any_of(p.steps.begin(), p.steps.end(), [&](const hotfix::PlannedStep& o) { return o.name == st.name && o.index > 1; }))
      label += fmt::format(" #{}", st.index);
    if (st.attempts > 1) label += fmt::format(" (up to {} attempts, {} apart)", st.attempts, core::format_duration_ms(spec.smoke_retry_delay));
    if (st.phase == "rollback" && p.steps.front().phase != "rollback") {
      label += " *";
      conditional = true;
    }
    t.add({std::to_string(++n), label, st.command ? "timeout " + core::format_duration_ms(st.timeout) : "pause " + core::format_duration_ms(st.timeout),
           st.command ? render::one_line(*st.command) : s.dim("(wait for the new version to settle)")});
  }
  out += t.str();
  if (conditional) out += "* only when deploy, wait, settle or smoke fails, or on Ctrl-C: the automatic rollback\n";
  return out;
}

render::Table list_header() { return render::Table({"ID", "STARTED", "COMPONENT", "TAG", "STATUS", "TOOK", "BY", "INCIDENT"}); }

void add_list_row(render::Table& t, const Hotfix& h, std::optional<hotfix::Process> process, const HotfixView& v) {
  t.cell(h.id);
  t.cell(core::format_local(h.started_at, v.zone, "%F %H:%M"));
  t.cell(render::one_line(h.component));
  t.cell(h.tag);
  t.cell(status_cell(h, process, v.style));
  t.cell(h.finished_at ? core::format_duration(*h.finished_at - h.started_at) : core::format_duration(v.now - h.started_at) + "…");
  t.cell(render::one_line(h.actor));
  std::string inc = h.incident.value_or("");
  if (h.opened_incident) inc += (inc.empty() ? "" : ", ") + v.style.red(*h.opened_incident + " (opened)");
  t.cell(inc.empty() ? v.style.dim("-") : inc);
  t.end_row();
}

std::string detail(const Hotfix& h, std::optional<hotfix::Process> process, bool all_output, const HotfixView& v) {
  const auto& s = v.style;
  std::string out = fmt::format("{}  {} {} — {}\n", s.bold(h.id), render::one_line(h.component), h.tag, status_cell(h, process, s));
  auto local = [&](core::TimePoint t) { return core::format_local(t, v.zone, "%F %H:%M:%S %Z"); };
  std::string who = render::one_line(h.actor);
  if (!h.host.empty()) who += " on " + render::one_line(h.host);
  if (h.pid) who += fmt::format(" (pid {})", *h.pid);
  out += fmt::format("  started   {} ({}) by {}\n", local(h.started_at), core::relative(h.started_at, v.now), who);
  if (h.finished_at)
    out += fmt::format("  finished  {} (took {})\n", local(*h.finished_at), core::format_duration(*h.finished_at - h.started_at));
  out += fmt::format("  previous  {}\n", h.previous ? render::one_line(*h.previous) : s.dim("(not recorded)"));
  if (h.incident) out += fmt::format("  incident  {}\n", *h.incident);
  if (h.opened_incident) out += fmt::format("  opened    {} (for the failed rollback)\n", s.red(*h.opened_incident));
  if (!h.message.empty()) out += fmt::format("  result    {}\n", render::one_line(h.message));
  if (h.status == Status::running && process == hotfix::Process::gone) {
    out += s.red("  the process that ran it is gone: it ended without recording the result (the next deploy of this "
                 "component closes it)\n");
    if (h.deployed())
      out += s.red(fmt::format("  its deploy step ran, so {} may be running {} unverified: roll back with hypercare hotfix "
                               "rollback {}, or deploy again\n",
                               render::one_line(h.component), h.tag, h.id));
  }

  out += "\nTimeline\n";
  render::Table t({"START", "STEP", "STATUS", "TIME", "COMMAND"});
  std::size_t next_request = 0;
  auto add_requests = [&](std::size_t before) {
    for (; next_request < h.rollbacks.size() && h.rollbacks[next_request].steps_before <= before; ++next_request) {
      const auto& r = h.rollbacks[next_request];
      t.add({core::format_local(r.at, v.zone, "%H:%M:%S"), s.bold("rollback requested"), "", "",
             fmt::format("by {}{}", render::one_line(r.actor), r.reason.empty() ? "" : ": " + render::one_line(r.reason))});
    }
  };
  for (std::size_t i = 0; i < h.steps.size(); ++i) {
    add_requests(i);
    const auto& st = h.steps[i];
    auto begun = st.at - std::chrono::duration_cast<core::Seconds>(std::chrono::milliseconds(st.duration_ms));
    t.add({core::format_local(begun, v.zone, "%H:%M:%S"), step_label(st, h), step_status_cell(st, s),
           st.status == StepStatus::skipped ? "-" : human_ms(st.duration_ms),
           st.command ? render::truncate(render::one_line(*st.command), 70) : s.dim("(pause)")});
  }
  add_requests(h.steps.size());
  out += t.str();
  bool any = false;
  for (const auto& st : h.steps) {
    bool bad = st.status != StepStatus::ok && st.status != StepStatus::skipped;
    if (st.output_tail.empty() || (!all_output && !bad)) continue;
    if (!any) out += all_output ? "\nOutput (the last 4 KB of each step)\n" : "\nOutput of the steps that did not pass (--output shows every step)\n";
    any = true;
    out += fmt::format("  {}:\n{}", step_label(st, h), output_block(st.output_tail, all_output ? 10000 : 20));
  }
  return out;
}

}  // namespace hypercare::cli
