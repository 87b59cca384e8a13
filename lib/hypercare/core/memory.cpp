#include "hypercare/core/memory.hpp"

#include <malloc.h>
#include <sys/types.h>

#include <cstddef>
#include <string>

// jemalloc's control interface, when the process has it (weak: null in a process without it),
// and the binary's own use of it (cmd/allocator.cpp, linked only with jemalloc).
extern "C" int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp, std::size_t newlen)
    __attribute__((weak));
extern "C" void hypercare_use_huge_pages() __attribute__((weak));

namespace hypercare::core {

void give_back_pages_as_freed() {
  if (!mallctl) {
    ::mallopt(M_TRIM_THRESHOLD, 0);
    return;
  }
  unsigned arenas = 0;
  std::size_t length = sizeof arenas;
  if (mallctl("arenas.narenas", &arenas, &length, nullptr, 0) != 0) return;
  ssize_t now = 0;
  // An arena not in use yet fails the call; there is nothing of it to give back.
  for (unsigned i = 0; i < arenas; ++i)
    mallctl(("arena." + std::to_string(i) + ".dirty_decay_ms").c_str(), nullptr, nullptr, &now, sizeof now);
}

void give_back_freed_pages() {
  if (!mallctl) {
    ::malloc_trim(0);
    return;
  }
  mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);  // 4096: MALLCTL_ARENAS_ALL, every arena
}

void use_huge_pages() {
  if (hypercare_use_huge_pages) hypercare_use_huge_pages();
}

}  // namespace hypercare::core
