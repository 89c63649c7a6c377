#include "rollout/run/runner.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <exception>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/replication.hpp"
#include "rollout/common/error.hpp"
#include "rollout/inputs/sampling_design.hpp"

namespace rollout {

unsigned default_threads() {
  return std::max(1u, std::thread::hardware_concurrency());
}

std::size_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(page)
                               : 0;
}

std::size_t usable_memory_bytes() {
  std::size_t memory = physical_memory_bytes();
  auto lower = [&memory](std::size_t limit) {
    if (limit > 0 && (memory == 0 || limit < memory)) memory = limit;
  };
  // ulimit -v and -d: allocations fail with bad_alloc beyond them, whatever the machine has.
  for (const int resource : {RLIMIT_AS, RLIMIT_DATA}) {
    rlimit limit{};
    if (::getrlimit(resource, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
      lower(static_cast<std::size_t>(limit.rlim_cur));
  }
  // A cgroup v2 limit (containers, systemd, Slurm): "max" or a byte count.
  std::ifstream cgroup("/sys/fs/cgroup/memory.max");
  std::string text;
  if (cgroup && std::getline(cgroup, text) && !text.empty() && text != "max") {
    std::size_t bytes = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), bytes);
    if (ec == std::errc() && end == text.data() + text.size()) lower(bytes);
  }
  return memory;
}

void check_memory(const Model& model, std::size_t replications, std::size_t runs,
                  std::size_t series_replications) {
  const std::size_t memory = usable_memory_bytes();
  if (memory == 0) return;
  // Per run: every row its KPIs (with the statistics' working copies), the first
  // `series_replications` rows their series too.
  const double kpi_row = static_cast<double>(OutcomeTable::bytes_per_kpi_row(model) + 16);
  const double full_row = kpi_row + static_cast<double>(OutcomeTable::bytes_per_series_row(model));
  const double series_rows = static_cast<double>(series_replications);
  auto needed = [&](double n) {
    return (full_row * std::min(n, series_rows) + kpi_row * std::max(0.0, n - series_rows)) *
           static_cast<double>(runs);
  };
  const double allowed = 0.8 * static_cast<double>(memory);
  if (needed(static_cast<double>(replications)) <= allowed) return;
  const double budget = allowed / static_cast<double>(runs);
  const double fits = budget <= full_row * series_rows
                          ? budget / full_row
                          : series_rows + (budget - full_row * series_rows) / kpi_row;
  throw InputError(fmt::format(
      "{} replications of {} need about {:.1f} GB for their results, but this process may use "
      "{:.1f} GB of memory (the machine's, or less under ulimit -v or a cgroup limit); use at "
      "most about {} replications here, or keep series for fewer of them "
      "(--series-replications)",
      replications, model.scenario().name, needed(static_cast<double>(replications)) / 1e9,
      static_cast<double>(memory) / 1e9, static_cast<std::size_t>(fits)));
}

namespace {

// What a process's share of a run ended with; a failure keeps its row index (or the
// run's size when there was none) so that the lowest one wins wherever it happened.
struct LocalOutcome {
  std::size_t failure_index;
  std::exception_ptr failure;
  int stop_signal = 0;
};

// Plain std::thread workers over a shared block counter: replications cost about the
// same, so no work-stealing pool (TBB) is needed to keep the cores busy.
LocalOutcome run_rows(const Model& model, const RunSettings& settings, OutcomeTable& table,
                      std::size_t row_begin, std::size_t row_end) {
  const std::size_t n = settings.replications, local = row_end - row_begin;
  constexpr std::size_t kBlock = 16;
  std::atomic<std::size_t> next_block{0}, done{0};
  // The lowest failing index so far: blocks above it are skipped, blocks below still run,
  // so the failure reported is the first by index whatever the thread count.
  std::atomic<std::size_t> failure_index{n};
  std::mutex failure_mutex;
  std::exception_ptr failure;

  auto stopped = [&settings] { return settings.stop != nullptr && settings.stop->load() != 0; };
  const InputDesign design(model, settings.first_replication, n);
  // A failure outside a replication (a worker's own set-up running out of memory) is
  // recorded like one at the worker's first row: an exception must never leave a thread.
  auto record_failure = [&](std::size_t i) {
    const std::lock_guard<std::mutex> lock(failure_mutex);
    if (i < failure_index.load()) {
      failure_index.store(i);
      failure = std::current_exception();
    }
  };
  auto work_blocks = [&](Replication& replication) {
    std::vector<double> uniforms, scratch, series_scratch;
    for (;;) {
      const std::size_t begin = row_begin + next_block.fetch_add(1) * kBlock;
      if (begin >= row_end || stopped()) return;
      if (begin > failure_index.load()) continue;
      const std::size_t end = std::min(row_end, begin + kBlock);
      for (std::size_t i = begin; i < end && !stopped(); ++i) {
        try {
          const std::uint64_t index = settings.first_replication + i;
          design.uniforms(index, uniforms, scratch);
          if (settings.adjust_inputs) settings.adjust_inputs(index, uniforms);
          replication.run_with_uniforms(index, uniforms, table.row(i, series_scratch));
        } catch (...) {
          record_failure(i);
          break;
        }
        done.fetch_add(1);
      }
    }
  };
  auto work = [&] {
    try {
      Replication replication(model);
      work_blocks(replication);
    } catch (...) {
      record_failure(row_begin);
    }
  };

  const unsigned threads = std::max(1u, settings.threads);
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (unsigned i = 0; i < threads; ++i)
    workers.emplace_back(work);
  if (settings.on_progress) {
    while (done.load() < local && failure_index.load() == n && !stopped()) {
      settings.on_progress(done.load(), local);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  for (std::thread& w : workers)
    w.join();
  return LocalOutcome{failure_index.load(), failure, stopped() ? settings.stop->load() : 0};
}

// The message of a failure, tagged with its kind, for the processes that did not see it.
std::string describe(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const InputError& e) {
    std::string text = "I";
    for (const Diagnostic& d : e.diagnostics())
      text += d.to_string() + '\n';
    return text;
  } catch (const std::exception& e) {
    return std::string("X") + e.what();
  } catch (...) {
    return "Xunknown failure";
  }
}

// Every process learns how the others' blocks ended, so all stop, fail or go on together:
// a process that threw alone would leave the others waiting in the row exchange.
void agree_on_outcome(const ProcessGroup& group, const LocalOutcome& local, std::size_t n) {
  const std::uint64_t stop = group.minimum(local.stop_signal != 0 ? 0 : 1) == 0 ? 1 : 0;
  if (stop != 0) throw Interrupted(local.stop_signal != 0 ? local.stop_signal : SIGINT);
  const std::uint64_t first_failure = group.minimum(local.failure_index);
  if (first_failure == n) return;
  // The owner of the lowest failing row is the lowest rank whose block holds it.
  int owner = 0;
  while (owner + 1 < group.size() &&
         block_begin(n, owner + 1, group.size()) <= static_cast<std::size_t>(first_failure))
    ++owner;
  const std::string text =
      group.broadcast(group.rank() == owner ? describe(local.failure) : "", owner);
  if (group.rank() == owner) std::rethrow_exception(local.failure);
  if (!text.empty() && text.front() == 'I') throw InputError(text.substr(1));
  throw InternalError(text.empty() ? "a replication failed on another process" : text.substr(1));
}

}  // namespace

OutcomeTable run_replications(const Model& model, const RunSettings& settings) {
  const std::size_t n = settings.replications;
  const std::size_t first = settings.first_replication;
  const ProcessGroup* group =
      settings.group != nullptr && settings.group->size() > 1 ? settings.group : nullptr;
  const std::size_t series_rows = settings.series_below > first ? settings.series_below - first : 0;
  if (group == nullptr) {
    OutcomeTable table(model, n, series_rows, settings.stop, std::max(1u, settings.threads));
    const LocalOutcome outcome = run_rows(model, settings, table, 0, n);
    if (outcome.stop_signal != 0) throw Interrupted(outcome.stop_signal);
    if (outcome.failure) std::rethrow_exception(outcome.failure);
    if (settings.on_progress) settings.on_progress(n, n);
    return table;
  }
  // A process stopped while its table is set up still takes part in the agreement, or
  // the others would wait for it in the row exchange.
  std::optional<OutcomeTable> made;
  try {
    made.emplace(model, n, series_rows, settings.stop, std::max(1u, settings.threads));
  } catch (const Interrupted& stopped) {
    agree_on_outcome(*group, LocalOutcome{n, nullptr, stopped.signal_number()}, n);
    throw;  // not reached: the agreement throws for a stopped process
  }
  OutcomeTable& table = *made;
  std::vector<std::size_t> offsets(static_cast<std::size_t>(group->size()) + 1);
  for (int k = 0; k <= group->size(); ++k)
    offsets[static_cast<std::size_t>(k)] = block_begin(n, k, group->size());
  const LocalOutcome outcome =
      run_rows(model, settings, table, offsets[static_cast<std::size_t>(group->rank())],
               offsets[static_cast<std::size_t>(group->rank()) + 1]);
  agree_on_outcome(*group, outcome, n);
  for (const OutcomeTable::RowBlock& block : table.row_blocks()) {
    if (block.per_row == 0) continue;
    // A series block may stop short of the table: each process shares what it has of it.
    std::vector<std::size_t> block_offsets(offsets);
    for (std::size_t& offset : block_offsets)
      offset = std::min(offset, block.data.size() / block.per_row);
    group->share_rows(block.data, block.per_row, block_offsets);
  }
  if (settings.on_progress) settings.on_progress(n, n);
  return std::move(table);
}

}  // namespace rollout
