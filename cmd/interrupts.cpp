#include "interrupts.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace hypercare::cli {

namespace {

// Signal handlers can only reach globals; one scope exists at a time.
std::atomic<int> g_count{0};
int g_pipe[2] = {-1, -1};
constexpr int k_messages = 3;
char g_text[k_messages][512];
std::size_t g_len[k_messages];
struct sigaction g_old_int, g_old_term, g_old_hup;

extern "C" void on_interrupt(int) {
  int saved = errno;
  int n = g_count.fetch_add(1) + 1;
  if (g_pipe[1] >= 0) (void)!::write(g_pipe[1], "!", 1);
  int i = n < k_messages ? n - 1 : k_messages - 1;
  if (g_len[i]) (void)!::write(2, g_text[i], g_len[i]);
  errno = saved;
}

}  // namespace

InterruptScope::InterruptScope(std::vector<std::string> messages) {
  g_count = 0;
  for (int i = 0; i < k_messages; ++i) {
    std::string m = messages.empty() ? "" : messages[std::min<std::size_t>(std::size_t(i), messages.size() - 1)];
    g_len[i] = std::min(m.size(), sizeof g_text[i]);
    std::memcpy(g_text[i], m.data(), g_len[i]);
  }
  if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // file writes and waits go on; poll() still wakes through the pipe
  ::sigaction(SIGINT, &sa, &g_old_int);
  ::sigaction(SIGTERM, &sa, &g_old_term);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGHUP, &ignore, &g_old_hup);
}

InterruptScope::~InterruptScope() {
  ::sigaction(SIGINT, &g_old_int, nullptr);
  ::sigaction(SIGTERM, &g_old_term, nullptr);
  ::sigaction(SIGHUP, &g_old_hup, nullptr);
  for (int& fd : g_pipe) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

int InterruptScope::wake_fd() const { return g_pipe[0]; }
int InterruptScope::count() const { return g_count.load(); }

}  // namespace hypercare::cli
