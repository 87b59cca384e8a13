// Live progress of a hotfix on stderr: a line when a step starts and when it ends, and the
// step's output as it comes, each line prefixed with the step's name.
#pragma once

#include <ostream>
#include <string>

#include "hypercare/hotfix/pipeline.hpp"
#include "hypercare/render/style.hpp"

namespace hypercare::cli {

class Progress {
 public:
  Progress(std::ostream& err, render::Style style) : m_err(err), m_style(style) {}
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Callbacks that print through this object (which must outlive the run).
  hotfix::Observer observer();

 private:
  void output(std::string_view chunk);
  void emit(std::string_view line);
  void flush();

  std::ostream& m_err;
  render::Style m_style;
  std::string m_label, m_prefix;
  std::string m_partial;  // a line still waiting for its end; never more than a few KB
  bool m_just_split = false;  // a long line was just shown in part: its newline is not a new line
};

}  // namespace hypercare::cli
