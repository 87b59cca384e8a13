#include "hotfix_progress.hpp"

#include <fmt/format.h>

#include "hotfix_view.hpp"
#include "hypercare/render/terminal.hpp"

namespace hypercare::cli {

namespace {

constexpr std::size_t k_max_partial = 4096;

}  // namespace

hotfix::Observer Progress::observer() {
  hotfix::Observer o;
  o.begun = [this](const hotfix::Hotfix& h) {
    bool rollback = !h.rollbacks.empty();
    m_err << fmt::format("{} {}: {} {} {} — follow it from elsewhere: hypercare hotfix show {}\n", m_style.cyan("hypercare:"),
                         m_style.bold(h.id), rollback ? "rolling back" : "deploying", render::one_line(h.component), h.tag,
                         h.id.substr(h.id.size() - 4));
    m_err.flush();
  };
  o.started = [this](const hotfix::StepStart& s) {
    std::string label = s.name;
    if (s.index > 1) label += fmt::format(" #{}", s.index);
    if (s.attempt > 1) label += fmt::format(", attempt {}", s.attempt);
    if (s.phase == "rollback" && s.name != "rollback") label += " (rollback)";
    m_label = label;
    m_prefix = fmt::format("  {} │ ", label);
    if (s.name == "settle")
      m_err << fmt::format("{} {} {}\n", m_style.cyan("▶"), m_style.bold(label),
                           m_style.dim(fmt::format("pausing {} for the new version to settle", core::format_duration_ms(s.timeout))));
    else
      m_err << fmt::format("{} {} {}\n", m_style.cyan("▶"), m_style.bold(label),
                           m_style.dim(fmt::format("{} (timeout {})", render::one_line(s.command), core::format_duration_ms(s.timeout))));
    m_err.flush();
  };
  o.output = [this](std::string_view chunk, bool) { output(chunk); };
  o.finished = [this](const hotfix::StepRecord& s) {
    flush();
    bool ok = s.status == hotfix::StepStatus::ok;
    std::string what(hotfix::step_status_name(s.status));
    if (s.exit_code && !ok) what += fmt::format(" (exit {})", *s.exit_code);
    if (s.signal) what += fmt::format(" (signal {})", *s.signal);
    m_err << fmt::format("{} {} {} {}\n", ok ? m_style.green("✓") : m_style.red("✗"), m_label,
                         ok ? what : m_style.red(what), m_style.dim(human_ms(s.duration_ms)));
    m_err.flush();
  };
  o.notice = [this](const std::string& text) {
    flush();
    m_err << fmt::format("{} {}\n", m_style.yellow("hypercare:"), render::one_line(text));
    m_err.flush();
  };
  return o;
}

void Progress::output(std::string_view chunk) {
  // A line longer than k_max_partial is shown in pieces of that size.
  while (!chunk.empty()) {
    auto nl = chunk.find('\n');
    auto piece = chunk.substr(0, nl);
    if (piece.empty() && nl == 0 && m_just_split) {
      m_just_split = false;
      chunk.remove_prefix(1);
      continue;
    }
    std::size_t take = std::min(piece.size(), k_max_partial - m_partial.size());
    m_partial.append(piece.substr(0, take));
    chunk.remove_prefix(take);
    m_just_split = false;
    if (m_partial.size() >= k_max_partial) {
      emit(m_partial);
      m_partial.clear();
      m_just_split = true;
    } else if (nl != std::string_view::npos) {
      emit(m_partial);
      m_partial.clear();
      chunk.remove_prefix(1);
    }
  }
  m_err.flush();
}

void Progress::emit(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  m_err << m_style.dim(m_prefix) << render::terminal_safe(line) << '\n';
}

void Progress::flush() {
  if (m_partial.empty()) return;
  emit(m_partial);
  m_partial.clear();
}

}  // namespace hypercare::cli
