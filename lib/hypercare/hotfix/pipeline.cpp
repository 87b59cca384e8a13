#include "hypercare/hotfix/pipeline.hpp"

#include <fmt/format.h>

namespace hypercare::hotfix {

namespace {

using config::HotfixStep;
using nlohmann::json;
using std::chrono::milliseconds;

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// One line of at most 120 characters, for messages (the full value is kept in its own field).
std::string short_text(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 120)) out += (unsigned char)c < 0x20 ? ' ' : c;
  if (s.size() > 120) out += "…";
  return out;
}

std::string tail_of(std::string text) {
  if (text.size() > k_output_tail) text.erase(0, text.size() - k_output_tail);
  return text;
}

std::string last_line(std::string_view s) {
  auto t = trim(s);
  auto nl = t.rfind('\n');
  return short_text(nl == std::string::npos ? t : t.substr(nl + 1));
}

// "smoke #2" when there are several of a kind, else "smoke".
std::string label(std::string_view name, int index, std::size_t of) {
  return of > 1 ? fmt::format("{} #{}", name, index) : std::string(name);
}

std::string failure(const StepRecord& s, const std::string& what, milliseconds timeout) {
  switch (s.status) {
    case StepStatus::timeout: return fmt::format("{} timed out after {}", what, core::format_duration_ms(timeout));
    case StepStatus::interrupted: return fmt::format("interrupted during {}", what);
    case StepStatus::skipped: return fmt::format("{} was skipped", what);
    default: break;
  }
  if (s.signal) return fmt::format("{} was killed by signal {}", what, *s.signal);
  if (s.exit_code) return fmt::format("{} failed (exit {})", what, *s.exit_code);
  return fmt::format("{} could not run: {}", what, last_line(s.output_tail));
}

struct StepRun {
  StepRecord record;
  std::string out;  // stdout alone, for `current`
  bool out_truncated = false;
};

class Runner {
 public:
  explicit Runner(Pipeline& p) : p(p) {}

  bool interrupted(int threshold) const { return p.interrupts.count() >= threshold; }

  exec::Cancel cancel(int threshold) const {
    auto count = p.interrupts.count;
    return exec::Cancel{p.interrupts.wake_fd, [count, threshold] { return count() >= threshold; }};
  }

  // Runs one command; `threshold` interrupts stop it (1 while deploying, 2 in its rollback).
  StepRun step(HotfixStep kind, const std::string& command, int index, int attempt, const char* phase, int threshold,
               bool separate_stdout = false) {
    std::string name(config::hotfix_step_name(kind));
    auto timeout = p.spec.timeout_of(kind);
    if (p.observer.started) p.observer.started({name, index, attempt, phase, command, timeout});
    exec::Request req;
    req.kill_descendants = true;
    req.argv = {"/bin/sh", "-c", command};
    req.cwd = p.ops_dir;
    req.env = step_env(p.spec, p.ops_dir, p.inherited, p.values);
    req.env["HYPERCARE_STEP"] = name;
    req.timeout = timeout;
    req.kill_grace = p.spec.kill_grace;
    req.cancel = cancel(threshold);
    req.on_output = p.observer.output;
    req.merge_output = !separate_stdout;
    req.output_cap = separate_stdout ? k_max_previous : k_output_tail;
    StepRun run;
    auto& s = run.record;
    s.name = name;
    s.index = index;
    s.attempt = attempt;
    s.phase = phase;
    s.command = command;
    auto o = exec::run(req);
    if (!o) {
      s.status = StepStatus::failed;
      s.output_tail = o.error().message;
    } else {
      s.duration_ms = o->duration.count();
      s.status = o->cancelled ? StepStatus::interrupted
                 : o->timed_out ? StepStatus::timeout
                 : o->exit_code == 0 ? StepStatus::ok
                                     : StepStatus::failed;
      if (o->exit_code >= 0) s.exit_code = o->exit_code;
      if (o->signal) s.signal = o->signal;
      if (separate_stdout) {
        run.out = o->out;
        run.out_truncated = o->out_truncated;
        s.output_tail = tail_of(o->err.empty() ? o->out : o->out + (o->out.ends_with('\n') ? "" : "\n") + o->err);
      } else {
        s.output_tail = o->out;
      }
    }
    finish(s);
    return run;
  }

  StepRecord settle(milliseconds how_long) {
    if (p.observer.started) p.observer.started({"settle", 1, 1, "deploy", "", how_long});
    auto t0 = std::chrono::steady_clock::now();
    bool whole = exec::pause(how_long, cancel(1));
    StepRecord s;
    s.name = "settle";
    s.phase = "deploy";
    s.status = whole ? StepStatus::ok : StepStatus::interrupted;
    s.duration_ms = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - t0).count();
    finish(s);
    return s;
  }

  void skipped(HotfixStep kind, const std::string& command, const char* phase) {
    StepRecord s;
    s.name = std::string(config::hotfix_step_name(kind));
    s.phase = phase;
    s.command = command;
    s.status = StepStatus::skipped;
    finish(s);
  }

  void notice(const std::string& text) const {
    if (p.observer.notice) p.observer.notice(text);
  }

  void keep(core::Status written) {
    if (written) return;
    result.record_errors.push_back(written.error().message);
    notice(fmt::format("could not record this in {}: {}", p.recorder.id(), written.error().message));
  }

  Pipeline& p;
  PipelineResult result;

 private:
  void finish(StepRecord& s) {
    json f = {{"step", s.name},
              {"index", s.index},
              {"attempt", s.attempt},
              {"phase", s.phase},
              {"status", step_status_name(s.status)},
              {"exit_code", s.exit_code ? json(*s.exit_code) : json(nullptr)},
              {"duration_ms", s.duration_ms},
              {"output_tail", s.output_tail},
              {"command", s.command ? json(*s.command) : json(nullptr)}};
    if (s.signal) f["signal"] = *s.signal;
    keep(p.recorder.append(event::step, std::move(f)));
    if (p.observer.finished) p.observer.finished(s);
  }
};

std::string was(const std::string& previous) { return previous.empty() ? "" : " to " + short_text(previous); }

// Something went wrong after the deploy began: undo it. `interrupted`: the cause was Ctrl-C.
PipelineResult roll_back(Runner& r, const std::string& reason, const StepRecord& cause, bool interrupted) {
  auto& res = r.result;
  const auto& spec = r.p.spec;
  const auto& v = r.p.values;
  res.failure_tail = cause.output_tail;
  if (r.interrupted(2)) {
    r.skipped(HotfixStep::rollback, spec.rollback, "rollback");
    res.status = Status::interrupted;
    res.message = fmt::format("{}; the rollback was skipped (second Ctrl-C): {} {} may be live", reason, v.component, v.tag);
    return res;
  }
  r.notice(fmt::format("{}: rolling back{}", reason, interrupted ? " (press Ctrl-C again to skip the rollback)" : ""));
  auto last = r.step(HotfixStep::rollback, spec.rollback, 1, 1, "rollback", 2).record;
  if (last.status == StepStatus::ok && !spec.wait.empty())
    last = r.step(HotfixStep::wait, spec.wait, 1, 1, "rollback", 2).record;
  if (last.status == StepStatus::ok) {
    res.status = interrupted ? Status::interrupted : Status::rolled_back;
    res.message = fmt::format("{}; rolled back{}", reason, was(res.previous));
  } else if (last.status == StepStatus::interrupted) {
    res.status = Status::interrupted;
    res.message = fmt::format("{}; the rollback was interrupted (second Ctrl-C): the state of {} is unknown", reason,
                              v.component);
  } else {
    res.status = Status::failed;
    res.rollback_failed = true;
    std::string what = last.name == "wait" ? "the wait after the rollback" : "the rollback";
    res.message = fmt::format("{}; then {}: the state of {} is unknown", reason,
                              failure(last, what, spec.timeout_of(last.name == "wait" ? HotfixStep::wait : HotfixStep::rollback)),
                              v.component);
    res.failure_tail = last.output_tail;
  }
  return res;
}

PipelineResult stopped_before(Runner& r, const std::string& why, const StepRecord* cause, bool interrupted) {
  auto& res = r.result;
  res.status = interrupted ? Status::interrupted : Status::aborted;
  res.message = fmt::format("{}; nothing was deployed", why);
  if (cause) res.failure_tail = cause->output_tail;
  return res;
}

}  // namespace

PipelineResult run_deploy(Pipeline& p) {
  Runner r(p);
  auto& res = r.result;
  const auto& spec = p.spec;
  for (std::size_t i = 0; i < spec.precheck.size(); ++i) {
    auto what = label("precheck", int(i + 1), spec.precheck.size());
    if (r.interrupted(1)) return stopped_before(r, "interrupted before " + what, nullptr, true);
    auto s = r.step(HotfixStep::precheck, spec.precheck[i], int(i + 1), 1, "deploy", 1).record;
    if (s.status != StepStatus::ok)
      return stopped_before(r, failure(s, what, spec.timeout_of(HotfixStep::precheck)), &s, s.status == StepStatus::interrupted);
  }
  if (!spec.current.empty()) {
    if (r.interrupted(1)) return stopped_before(r, "interrupted before current", nullptr, true);
    auto run = r.step(HotfixStep::current, spec.current, 1, 1, "deploy", 1, true);
    const auto& s = run.record;
    if (s.status != StepStatus::ok)
      return stopped_before(r, failure(s, "current", spec.timeout_of(HotfixStep::current)), &s, s.status == StepStatus::interrupted);
    if (run.out_truncated)
      return stopped_before(r, fmt::format("current printed more than {} KB; it should print the running version",
                                           k_max_previous / 1024), &s, false);
    res.previous = trim(run.out);
    if (res.previous.empty())
      return stopped_before(r, "current printed nothing, so the running version is unknown", &s, false);
    r.keep(p.recorder.append(event::previous, {{"previous", res.previous}}));
    p.values.previous = res.previous;
  }
  if (r.interrupted(1)) return stopped_before(r, "interrupted before deploy", nullptr, true);

  // From here on something may have changed: every failure rolls back.
  auto s = r.step(HotfixStep::deploy, spec.deploy, 1, 1, "deploy", 1).record;
  if (s.status != StepStatus::ok)
    return roll_back(r, failure(s, "deploy", spec.timeout_of(HotfixStep::deploy)), s, s.status == StepStatus::interrupted);
  if (!spec.wait.empty()) {
    if (r.interrupted(1)) return roll_back(r, "interrupted before wait", s, true);
    s = r.step(HotfixStep::wait, spec.wait, 1, 1, "deploy", 1).record;
    if (s.status != StepStatus::ok)
      return roll_back(r, failure(s, "wait", spec.timeout_of(HotfixStep::wait)), s, s.status == StepStatus::interrupted);
  }
  if (spec.settle.count() > 0) {
    if (r.interrupted(1)) return roll_back(r, "interrupted before settle", s, true);
    s = r.settle(spec.settle);
    if (s.status != StepStatus::ok) return roll_back(r, "interrupted during settle", s, true);
  }
  for (std::size_t i = 0; i < spec.smoke.size(); ++i) {
    auto what = label("smoke", int(i + 1), spec.smoke.size());
    int attempts = 1 + spec.smoke_retries;
    for (int attempt = 1; attempt <= attempts; ++attempt) {
      if (r.interrupted(1)) return roll_back(r, "interrupted before " + what, s, true);
      s = r.step(HotfixStep::smoke, spec.smoke[i], int(i + 1), attempt, "deploy", 1).record;
      if (s.status == StepStatus::ok || s.status == StepStatus::interrupted) break;
      if (attempt < attempts) {
        r.notice(fmt::format("{} — trying again in {} (attempt {} of {})", failure(s, what, spec.timeout_of(HotfixStep::smoke)),
                             core::format_duration_ms(spec.smoke_retry_delay), attempt + 1, attempts));
        if (!exec::pause(spec.smoke_retry_delay, r.cancel(1))) return roll_back(r, "interrupted before " + what, s, true);
      }
    }
    if (s.status != StepStatus::ok) {
      auto why = failure(s, what, spec.timeout_of(HotfixStep::smoke));
      if (attempts > 1 && s.status != StepStatus::interrupted) why += fmt::format(" in all {} attempts", attempts);
      return roll_back(r, why, s, s.status == StepStatus::interrupted);
    }
  }
  res.status = Status::succeeded;
  res.message = fmt::format("{} {} is live{}", p.values.component, p.values.tag,
                            res.previous.empty() ? "" : " (was " + short_text(res.previous) + ")");
  return res;
}

PipelineResult run_rollback(Pipeline& p) {
  Runner r(p);
  auto& res = r.result;
  const auto& spec = p.spec;
  const auto& component = p.values.component;
  res.previous = p.values.previous;
  if (r.interrupted(1)) {
    res.status = Status::interrupted;
    res.message = "interrupted before the rollback started; nothing changed";
    return res;
  }
  auto last = r.step(HotfixStep::rollback, spec.rollback, 1, 1, "rollback", 1).record;
  if (last.status == StepStatus::ok && !spec.wait.empty())
    last = r.step(HotfixStep::wait, spec.wait, 1, 1, "rollback", 1).record;
  if (last.status == StepStatus::ok) {
    res.status = Status::rolled_back;
    res.message = fmt::format("{} rolled back{}", component, was(res.previous));
  } else if (last.status == StepStatus::interrupted) {
    res.status = Status::interrupted;
    res.message = fmt::format("the rollback was interrupted (Ctrl-C): the state of {} is unknown", component);
    res.failure_tail = last.output_tail;
  } else {
    res.status = Status::failed;
    res.rollback_failed = true;
    std::string what = last.name == "wait" ? "the wait after the rollback" : "the rollback";
    res.message = fmt::format("{}: the state of {} is unknown",
                              failure(last, what, spec.timeout_of(last.name == "wait" ? HotfixStep::wait : HotfixStep::rollback)),
                              component);
    res.failure_tail = last.output_tail;
  }
  return res;
}

}  // namespace hypercare::hotfix
