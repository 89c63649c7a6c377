#pragma once
// Runs replications over threads. Each worker takes contiguous blocks of replication
// indices and writes each replication's row at its index, so the table, and everything
// computed from it in index order, is identical at any thread count.

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "rollout/engine/outcome.hpp"
#include "rollout/model/model.hpp"
#include "rollout/run/process_group.hpp"

namespace rollout {

struct RunSettings {
  std::size_t replications = 0;
  std::size_t first_replication = 0;  // index of the table's first row
  unsigned threads = 1;
  // Called on the calling thread about ten times a second with the number done.
  std::function<void(std::size_t done, std::size_t total)> on_progress;
  // When set and non-zero (a signal number), workers stop after their current
  // replication and the run throws Interrupted: within a second, with nothing kept.
  const std::atomic<int>* stop = nullptr;
  // Edits a replication's input uniforms after the design made them: holding an input
  // at a quantile (tornado), or a Saltelli design's column swaps. Called from workers,
  // so it must be a pure function of its arguments.
  std::function<void(std::uint64_t replication, std::vector<double>& uniforms)> adjust_inputs;
  // When set with more than one process: this process runs its contiguous block of the
  // indices (threads as above), then the processes share their rows, so every process
  // returns the whole table. Every process of the group must make the same call.
  const ProcessGroup* group = nullptr;
  // Replications with an index below this keep their series (OutcomeTable); the others
  // only their KPIs and inputs. The default keeps all.
  std::size_t series_below = std::numeric_limits<std::size_t>::max();
};

// Runs replications first..first+n-1 of `model` into a new table. If a replication
// fails, the first failure by replication index is rethrown after all workers stop (on
// every process of a group; the others get its kind and message).
OutcomeTable run_replications(const Model& model, const RunSettings& settings);

// The default thread count: every core the machine reports (at least 1).
unsigned default_threads();

// The machine's physical memory in bytes (0 if unknown).
std::size_t physical_memory_bytes();
// What this process may allocate: the physical memory, or less under an address-space
// or data rlimit (ulimit -v, -d) or a cgroup v2 memory.max.
std::size_t usable_memory_bytes();

// Refuses, with an InputError saying how many would fit, a run whose results
// (`runs` tables of `replications` rows at once, series kept for at most
// `series_replications` of each) would not fit in 80% of usable_memory_bytes().
void check_memory(const Model& model, std::size_t replications, std::size_t runs = 1,
                  std::size_t series_replications = std::numeric_limits<std::size_t>::max());

}  // namespace rollout
