// `hypercare doctor`: validates every config and record file; with fix, repairs what is safe
// (torn tails, conflict markers in append-only logs, incidents created twice with one id).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hypercare/core/context.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::doctor {

struct Problem {
  std::string file;  // relative to the ops dir
  std::size_t line = 0;  // 0: the whole file
  std::string kind;  // config, torn_tail, conflict_marker, malformed, duplicate_incident, misplaced
  std::string message;
  bool fixable = false;
  bool fixed = false;
  bool notice = false;  // for a person to look at, not a failure (lines kept in quarantine/)
};

struct Report {
  std::size_t files_checked = 0;
  std::vector<Problem> problems;
  std::size_t remaining() const;  // problems neither fixed nor notices
  std::size_t notices() const;
};

struct DoctorContext {
  store::WriteOptions write;  // used only with fix
  core::TimePoint now;
  core::Random random;
};

core::Result<Report> run(const DoctorContext& ctx, bool fix);

}  // namespace hypercare::doctor
