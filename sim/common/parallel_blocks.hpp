#pragma once
// Independent pieces of work over contiguous blocks of indices, one block per thread, for the
// summaries after a run (sim/results/outputs.cpp). Each index's result is computed by one thread
// alone and written at its index, so the outcome does not depend on the thread count. Plain
// std::thread, like the replication runner (docs/design.md, "Written here"): a handful of
// equal blocks needs no scheduler.

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace rollout {

// Calls work(begin, end) for `threads` contiguous blocks covering [0, count), the first on the
// calling thread; rethrows the exception of the lowest block that threw, after all have ended.
template <class Work>
void for_each_block(std::size_t count, unsigned threads, Work work) {
  const std::size_t blocks = std::max<std::size_t>(1, std::min<std::size_t>(threads, count));
  std::vector<std::exception_ptr> failures(blocks);
  auto run_block = [&](std::size_t b) {
    try {
      work(count * b / blocks, count * (b + 1) / blocks);
    } catch (...) {
      failures[b] = std::current_exception();
    }
  };
  std::vector<std::thread> helpers;
  for (std::size_t b = 1; b < blocks; ++b)
    helpers.emplace_back(run_block, b);
  run_block(0);
  for (std::thread& helper : helpers)
    helper.join();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

}  // namespace rollout
