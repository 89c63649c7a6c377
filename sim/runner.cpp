#include "rollout/runner.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "rollout/replication.hpp"
#include "rollout/sampling_design.hpp"

namespace rollout {

unsigned default_threads() {
  return std::max(1u, std::thread::hardware_concurrency());
}

std::size_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(page)
                               : 0;
}

void check_memory(const Model& model, std::size_t replications, std::size_t runs) {
  const std::size_t memory = physical_memory_bytes();
  if (memory == 0) return;
  const double per_replication =
      static_cast<double>(OutcomeTable::bytes_per_row(model) + 16) * static_cast<double>(runs);
  const double needed = per_replication * static_cast<double>(replications);
  const double allowed = 0.8 * static_cast<double>(memory);
  if (needed <= allowed) return;
  throw InputError(fmt::format(
      "{} replications of {} need about {:.1f} GB for their results, but this machine has {:.1f} "
      "GB of memory; "
      "use at most about {} replications here",
      replications, model.scenario().name, needed / 1e9, static_cast<double>(memory) / 1e9,
      static_cast<std::size_t>(allowed / per_replication)));
}

// Plain std::thread workers over a shared block counter: replications cost about the
// same, so no work-stealing pool (TBB) is needed to keep the cores busy.
OutcomeTable run_replications(const Model& model, const RunSettings& settings) {
  const std::size_t n = settings.replications;
  OutcomeTable table(model, n);
  constexpr std::size_t kBlock = 16;
  std::atomic<std::size_t> next_block{0}, done{0};
  // The lowest failing index so far: blocks above it are skipped, blocks below still run,
  // so the failure reported is the first by index whatever the thread count.
  std::atomic<std::size_t> failure_index{n};
  std::mutex failure_mutex;
  std::exception_ptr failure;

  auto stopped = [&settings] { return settings.stop != nullptr && settings.stop->load() != 0; };
  const InputDesign design(model, settings.first_replication, n);
  auto work = [&] {
    Replication replication(model);
    std::vector<double> uniforms, scratch;
    for (;;) {
      const std::size_t begin = next_block.fetch_add(1) * kBlock;
      if (begin >= n || stopped()) return;
      if (begin > failure_index.load()) continue;
      const std::size_t end = std::min(n, begin + kBlock);
      for (std::size_t i = begin; i < end && !stopped(); ++i) {
        try {
          const std::uint64_t index = settings.first_replication + i;
          design.uniforms(index, uniforms, scratch);
          if (settings.adjust_inputs) settings.adjust_inputs(index, uniforms);
          replication.run_with_uniforms(index, uniforms, table.row(i));
        } catch (...) {
          const std::lock_guard<std::mutex> lock(failure_mutex);
          if (i < failure_index.load()) {
            failure_index.store(i);
            failure = std::current_exception();
          }
          break;
        }
        done.fetch_add(1);
      }
    }
  };

  const unsigned threads = std::max(1u, settings.threads);
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (unsigned i = 0; i < threads; ++i)
    workers.emplace_back(work);
  if (settings.on_progress) {
    while (done.load() < n && failure_index.load() == n && !stopped()) {
      settings.on_progress(done.load(), n);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  for (std::thread& w : workers)
    w.join();
  if (stopped()) throw Interrupted(settings.stop->load());
  if (failure) std::rethrow_exception(failure);
  if (settings.on_progress) settings.on_progress(n, n);
  return table;
}

}  // namespace rollout
