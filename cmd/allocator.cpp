// How the binary's allocator (jemalloc, linked by cmd/CMakeLists.txt) is set up, read by jemalloc
// when it starts. thp:always: its arenas are advised to use transparent huge pages, so the health
// history and incident lists that report, site and list commands build fault in 2 MiB at a time
// (`hypercare site` over 10 000 incidents and a month of results: 1.8 times faster). A machine
// whose kernel has transparent huge pages off gets ordinary pages. MALLOC_CONF in the environment
// still overrides it.
extern "C" {
// NOLINTNEXTLINE: the name jemalloc looks for.
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
