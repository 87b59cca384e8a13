// How the binary's allocator (jemalloc, linked by cmd/CMakeLists.txt) is set up.
//
// Transparent huge pages, only for the commands that build a large heap. `site`, `report summary`
// and `incident list --all` touch up to a hundred megabytes of small objects, and faulting that in
// 4 KiB at a time was a third of their time; on 2 MiB pages `hypercare site` over 10 000 incidents
// and a month of results runs 1.8 times faster. A narrow command (`status`, `incident show`) would only
// pay for them in memory: a partly used 2 MiB page counts whole in its resident set. So jemalloc
// starts on ordinary pages, with one arena, and core::use_huge_pages() (lib/core/memory.hpp)
// wraps that arena's extent hooks: from then on each region it maps is advised (madvise
// MADV_HUGEPAGE) before it is touched. oversize_threshold:0 keeps large allocations in that arena
// too, instead of a separate one the hooks would not reach. A kernel with transparent huge pages
// off ignores the advice. MALLOC_CONF in the environment still overrides these settings.
#include <jemalloc/jemalloc.h>
#include <sys/mman.h>

#include <cstddef>

extern "C" {
// NOLINTNEXTLINE: the name jemalloc looks for.
const char* malloc_conf = "narenas:1,oversize_threshold:0";
}

namespace {

extent_hooks_t* system_hooks = nullptr;
extent_hooks_t advised_hooks;

void* alloc_advised(extent_hooks_t*, void* new_addr, std::size_t size, std::size_t alignment, bool* zero,
                    bool* commit, unsigned arena) {
  void* region = system_hooks->alloc(system_hooks, new_addr, size, alignment, zero, commit, arena);
  // Only whole 2 MiB pages inside the region can be huge; the kernel leaves the rest as it is.
  if (region) ::madvise(region, size, MADV_HUGEPAGE);
  return region;
}

}  // namespace

// Called by core::use_huge_pages(); once is enough, and a second call changes nothing.
extern "C" void hypercare_use_huge_pages() {
  if (system_hooks) return;
  extent_hooks_t* current = nullptr;
  std::size_t length = sizeof current;
  if (mallctl("arena.0.extent_hooks", &current, &length, nullptr, 0) != 0 || !current) return;
  advised_hooks = *current;
  advised_hooks.alloc = alloc_advised;
  system_hooks = current;
  extent_hooks_t* wanted = &advised_hooks;
  if (mallctl("arena.0.extent_hooks", nullptr, nullptr, &wanted, sizeof wanted) != 0) system_hooks = nullptr;
}
