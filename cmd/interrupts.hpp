// Ctrl-C during a long operation (a hotfix): SIGINT and SIGTERM are counted instead of ending the
// process, each one makes a pipe readable so that a poll() wakes up, and a line on stderr says
// what happens next. SIGHUP is ignored: a dropped SSH session does not stop a deploy halfway (it
// runs to the end and is recorded). The previous dispositions come back when the scope ends.
#pragma once

#include <string>
#include <vector>

namespace hypercare::cli {

class InterruptScope {
 public:
  // messages[i] is written to stderr on the (i+1)-th interrupt; the last one repeats.
  explicit InterruptScope(std::vector<std::string> messages);
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  int wake_fd() const;
  int count() const;
};

}  // namespace hypercare::cli
