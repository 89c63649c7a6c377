#pragma once
// The processes that share one run: MPI ranks when rollout is started by mpirun or srun.
// Every process runs the same command; the runner gives each a contiguous block of
// replication indices and then shares the blocks, so every process ends up holding the
// same table a single process would have computed, and takes the same decisions after it
// (precision loops, comparisons, sweeps). Only rank 0 writes and prints.

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace rollout {

class ProcessGroup {
 public:
  virtual ~ProcessGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Every process passes the same layout: rows of `per_row` doubles, of which the process
  // of rank k has filled rows [row_offsets[k], row_offsets[k + 1]). On return every
  // process holds every row. `row_offsets` has size() + 1 entries.
  virtual void share_rows(std::span<double> data, std::size_t per_row,
                          std::span<const std::size_t> row_offsets) const = 0;
  // The smallest of the processes' values, on every process.
  virtual std::uint64_t minimum(std::uint64_t value) const = 0;
  // The text of the process of rank `from`, on every process.
  virtual std::string broadcast(const std::string& text, int from) const = 0;
  // Ends every process of the job with `exit_code`: for a failure only this process saw,
  // which would otherwise leave the others waiting for it forever.
  [[noreturn]] virtual void abort(int exit_code) const = 0;
};

// The MPI job this process was started in, joined (MPI initialised; finalised when the
// group is destroyed), or nullptr when it was started on its own, so that a plain
// `rollout run` never touches MPI. Throws InputError when started by mpirun with more
// than one process in a build without MPI, rather than letting every process run
// everything and write the same files.
std::unique_ptr<ProcessGroup> join_mpi_job_if_launched(int& argc, char**& argv);

// The block of rows [first, end) of `rank` among `size` processes sharing `rows` rows:
// contiguous, in rank order, sizes differing by at most one.
inline std::size_t block_begin(std::size_t rows, int rank, int size) {
  // floor(rows * rank / size) without the product overflowing.
  const auto k = static_cast<std::size_t>(rank), m = static_cast<std::size_t>(size);
  return rows / m * k + rows % m * k / m;
}

}  // namespace rollout
