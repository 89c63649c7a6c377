// Runs split across processes: the block split, and the runner's side of it (rows
// shared, failures agreed) with the processes played by threads, so that it is tested in
// every build; tests/mpi/same-outputs.sh checks the same under a real mpirun.

#include <doctest/doctest.h>

#include <algorithm>
#include <barrier>
#include <cstdlib>
#include <exception>
#include <limits>
#include <thread>

#include "engine_helpers.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/summary.hpp"
#include "rollout/run/process_group.hpp"

using namespace rollout;

namespace {

// K "processes" as K threads meeting at a barrier, with MPI's collective semantics.
class ThreadGroup final : public ProcessGroup {
 public:
  struct Meeting {
    explicit Meeting(int size)
        : barrier(size),
          buffers(static_cast<std::size_t>(size)),
          values(static_cast<std::size_t>(size)) {}
    std::barrier<> barrier;
    std::vector<std::span<double>> buffers;
    std::vector<std::uint64_t> values;
    std::string text;
  };

  ThreadGroup(Meeting& meeting, int rank, int size) : meeting_(meeting), rank_(rank), size_(size) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void share_rows(std::span<double> data, std::size_t per_row,
                  std::span<const std::size_t> row_offsets) const override {
    meeting_.buffers[static_cast<std::size_t>(rank_)] = data;
    meeting_.barrier.arrive_and_wait();
    for (std::size_t k = 0; k < meeting_.buffers.size(); ++k) {
      if (static_cast<int>(k) == rank_) continue;
      std::copy(
          meeting_.buffers[k].begin() + static_cast<std::ptrdiff_t>(row_offsets[k] * per_row),
          meeting_.buffers[k].begin() + static_cast<std::ptrdiff_t>(row_offsets[k + 1] * per_row),
          data.begin() + static_cast<std::ptrdiff_t>(row_offsets[k] * per_row));
    }
    meeting_.barrier.arrive_and_wait();
  }

  std::uint64_t minimum(std::uint64_t value) const override {
    meeting_.values[static_cast<std::size_t>(rank_)] = value;
    meeting_.barrier.arrive_and_wait();
    const std::uint64_t least = *std::min_element(meeting_.values.begin(), meeting_.values.end());
    meeting_.barrier.arrive_and_wait();
    return least;
  }

  std::string broadcast(const std::string& text, int from) const override {
    if (rank_ == from) meeting_.text = text;
    meeting_.barrier.arrive_and_wait();
    std::string shared = meeting_.text;
    meeting_.barrier.arrive_and_wait();
    return shared;
  }

  [[noreturn]] void abort(int) const override { std::abort(); }

 private:
  Meeting& meeting_;
  int rank_, size_;
};

struct ProcessResult {
  std::optional<OutcomeTable> table;
  std::string error;  // what() of what it threw
  bool input_error = false;
};

constexpr std::size_t n_all = std::numeric_limits<std::size_t>::max();

// Runs n replications as `size` processes of one thread each.
std::vector<ProcessResult> run_as_processes(const Model& model, std::size_t n, int size,
                                            std::size_t series_below = n_all) {
  ThreadGroup::Meeting meeting(size);
  std::vector<ProcessResult> results(static_cast<std::size_t>(size));
  std::vector<std::thread> processes;
  for (int rank = 0; rank < size; ++rank) {
    processes.emplace_back([&, rank] {
      const ThreadGroup group(meeting, rank, size);
      RunSettings settings;
      settings.replications = n;
      settings.group = &group;
      settings.series_below = series_below;
      ProcessResult& result = results[static_cast<std::size_t>(rank)];
      try {
        result.table.emplace(run_replications(model, settings));
      } catch (const InputError& e) {
        result.error = e.what();
        result.input_error = true;
      } catch (const std::exception& e) {
        result.error = e.what();
      }
    });
  }
  for (std::thread& p : processes)
    p.join();
  return results;
}

std::vector<std::string> output_texts(const Model& model, const OutcomeTable& table) {
  return {summary_json(model, summarize_kpis(model, table), RunInfo{}), series_csv(model, table),
          replications_csv(model, table), regions_csv(model, table),
          region_series_csv(model, table)};
}

}  // namespace

TEST_CASE("block_begin splits rows into contiguous blocks in rank order, sizes within one") {
  for (const std::size_t rows : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{1000},
                                 std::size_t{1'000'000'000'007}}) {
    for (int size = 1; size <= 7; ++size) {
      CAPTURE(rows);
      CAPTURE(size);
      CHECK(block_begin(rows, 0, size) == 0);
      CHECK(block_begin(rows, size, size) == rows);
      std::size_t smallest = rows, largest = 0;
      for (int k = 0; k < size; ++k) {
        const std::size_t count = block_begin(rows, k + 1, size) - block_begin(rows, k, size);
        smallest = std::min(smallest, count);
        largest = std::max(largest, count);
      }
      CHECK(largest - smallest <= 1);
    }
  }
}

TEST_CASE("every process of a group returns the table one process computes alone") {
  const Model model(test::variant("scenarios/china-30k.yaml", "name: processes"));
  const std::vector<std::string> alone = output_texts(model, test::run(model, 61, 1));
  for (const int size : {2, 3}) {
    CAPTURE(size);
    for (const ProcessResult& p : run_as_processes(model, 61, size)) {
      REQUIRE(p.table.has_value());
      CHECK(output_texts(model, *p.table) == alone);
    }
  }
}

TEST_CASE("processes share series rows up to the limit, which may end inside a block") {
  const Model model(test::variant("scenarios/china-30k.yaml", "name: processes-series"));
  RunSettings alone;
  alone.replications = 61;
  alone.series_below = 30;  // with 3 processes the limit falls inside rank 1's block
  const std::vector<std::string> expected = output_texts(model, run_replications(model, alone));
  for (const ProcessResult& p : run_as_processes(model, 61, 3, 30)) {
    REQUIRE(p.table.has_value());
    CHECK(p.table->series_replications() == 30);
    CHECK(output_texts(model, *p.table) == expected);
  }
}

TEST_CASE("a failure in one process's block reaches every process as the same error") {
  // As in test_runner: every replication overflows in month 12; the lowest, replication 0,
  // is rank 0's, so the other ranks learn of it from rank 0.
  const Model model(
      test::variant("tests/data/valid/minimal.yaml", "market: {growth_per_year: 700}"));
  std::string alone;
  try {
    test::run(model, 9, 1);
  } catch (const InputError& e) {
    alone = e.what();
  }
  REQUIRE(alone.find("replication 0, month 12") != std::string::npos);
  for (const ProcessResult& p : run_as_processes(model, 9, 3)) {
    CHECK_FALSE(p.table.has_value());
    CHECK(p.input_error);
    CHECK(p.error.find("replication 0, month 12 (2025-01), region North: market units is inf") !=
          std::string::npos);
  }
}
