// Work spread over the cores: reading and folding thousands of record files is most of what a
// cold index and `doctor` cost.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace hypercare::core {

// Calls f(i) for every i in [0, n), on up to 8 threads (one when n < min_items, where starting
// threads would cost more than they save). Items are dealt out in turn, so neighbours, which tend
// to cost alike, go to different threads. f must be safe to call concurrently for different i.
template <class F>
void parallel_for(std::size_t n, std::size_t min_items, F f) {
  unsigned workers = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
  if (n < min_items) workers = 1;
  if (workers == 1) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back([&, w] {
      for (std::size_t i = w; i < n; i += workers) f(i);
    });
  for (auto& t : pool) t.join();
}

}  // namespace hypercare::core
