// When memory a command freed should go back to the system, told to whichever allocator the
// process runs on: jemalloc in the `hypercare` binary (cmd/allocator.cpp), glibc's in the test
// binaries and the sanitizer builds. Freed pages are normally kept for reuse, and count in the
// command's resident memory until then.
#pragma once

namespace hypercare::core {

// From now on, pages freed go back to the system as they are freed: for a pass that frees much
// more than it keeps (a cold index build reads every record file and keeps a summary of each).
void give_back_pages_as_freed();

// Gives back the pages freed so far.
void give_back_freed_pages();

// From now on, the heap grows on transparent huge pages: for a command that builds a large one
// (`site`, `report summary`, `incident list --all`). Nothing without jemalloc (see cmd/allocator.cpp).
void use_huge_pages();

}  // namespace hypercare::core
