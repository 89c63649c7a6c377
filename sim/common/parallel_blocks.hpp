#pragma once
// Independent pieces of work over contiguous blocks of indices, one block per thread, or as
// tasks taken in turn, for the work after a run's replications (sim/results/outputs.cpp). Each
// index's result is computed by one thread alone and written at its index, so the outcome does not
// depend on the thread count. Plain std::thread, like the replication runner (docs/design.md,
// "Written here"): a handful of blocks, or a few dozen tasks claimed through one atomic counter,
// need no scheduler.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace rollout {

// Calls work(task, worker) once for each task in [0, count), the tasks taken in index order by
// whichever of `threads` workers (0 the calling thread) is free first: tasks of unequal cost,
// listed longest first, end together. Each task's result must be written at its own index,
// so that it does not depend on which worker ran it. Rethrows the exception of the lowest
// task that threw, after all have ended (a worker stops taking tasks once one has thrown).
template <class Work>
void for_each_task(std::size_t count, unsigned threads, Work work) {
  const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(threads, count));
  std::vector<std::exception_ptr> failures(count);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto run_worker = [&](std::size_t worker) {
    for (std::size_t task; !failed.load() && (task = next.fetch_add(1)) < count;) {
      try {
        work(task, worker);
      } catch (...) {
        failures[task] = std::current_exception();
        failed.store(true);
      }
    }
  };
  std::vector<std::thread> helpers;
  for (std::size_t w = 1; w < workers; ++w)
    helpers.emplace_back(run_worker, w);
  run_worker(0);
  for (std::thread& helper : helpers)
    helper.join();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

// Calls work(begin, end) for `threads` contiguous blocks covering [0, count), each a task of
// for_each_task (the calling thread one of the workers); rethrows the exception of the lowest
// block that threw, after all that started have ended.
template <class Work>
void for_each_block(std::size_t count, unsigned threads, Work work) {
  const std::size_t blocks = std::max<std::size_t>(1, std::min<std::size_t>(threads, count));
  for_each_task(blocks, threads, [&](std::size_t block, std::size_t) {
    work(count * block / blocks, count * (block + 1) / blocks);
  });
}

}  // namespace rollout
