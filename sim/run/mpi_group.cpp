// ProcessGroup over MPI. Boost.MPI owns initialisation and finalisation and carries the
// strings; the row exchange calls MPI_Allgatherv directly because it needs MPI_IN_PLACE
// and a row datatype (counts in rows stay far below INT_MAX where counts in doubles
// would not at a million replications), which Boost.MPI 1.74 does not expose.

#include <fmt/format.h>
#include <mpi.h>
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <climits>
#include <cstdlib>
#include <vector>

#include "rollout/common/error.hpp"
#include "rollout/run/process_group.hpp"
#include "run/launch_environment.hpp"

namespace rollout {
namespace {

class MpiGroup final : public ProcessGroup {
 public:
  MpiGroup(int& argc, char**& argv) : environment_(argc, argv, false) {}

  int rank() const override { return world_.rank(); }
  int size() const override { return world_.size(); }

  void share_rows(std::span<double> data, std::size_t per_row,
                  std::span<const std::size_t> row_offsets) const override {
    if (row_offsets.size() != static_cast<std::size_t>(size()) + 1 ||
        row_offsets.back() * per_row != data.size())
      throw InternalError(
          fmt::format("share_rows: {} offsets ending at {} rows of {} for {} "
                      "values among {} processes",
                      row_offsets.size(), row_offsets.back(), per_row, data.size(), size()));
    if (per_row == 0 || data.empty()) return;
    std::vector<int> counts(static_cast<std::size_t>(size())), displacements(counts.size());
    for (std::size_t k = 0; k < counts.size(); ++k) {
      if (row_offsets[k + 1] > static_cast<std::size_t>(INT_MAX))
        throw InternalError(
            fmt::format("share_rows: {} rows exceed MPI's int counts", row_offsets[k + 1]));
      counts[k] = static_cast<int>(row_offsets[k + 1] - row_offsets[k]);
      displacements[k] = static_cast<int>(row_offsets[k]);
    }
    MPI_Datatype row;
    check(MPI_Type_contiguous(static_cast<int>(per_row), MPI_DOUBLE, &row), "MPI_Type_contiguous");
    check(MPI_Type_commit(&row), "MPI_Type_commit");
    const int status = MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, data.data(),
                                      counts.data(), displacements.data(), row, world_);
    MPI_Type_free(&row);
    check(status, "MPI_Allgatherv");
  }

  std::uint64_t minimum(std::uint64_t value) const override {
    return boost::mpi::all_reduce(world_, value, boost::mpi::minimum<std::uint64_t>());
  }

  std::string broadcast(const std::string& text, int from) const override {
    std::string shared = text;
    boost::mpi::broadcast(world_, shared, from);
    return shared;
  }

  [[noreturn]] void abort(int exit_code) const override {
    boost::mpi::environment::abort(exit_code);
    std::abort();  // not reached: MPI_Abort does not return
  }

 private:
  static void check(int status, const char* call) {
    if (status != MPI_SUCCESS) throw InternalError(fmt::format("{} failed ({})", call, status));
  }

  boost::mpi::environment environment_;
  boost::mpi::communicator world_;
};

}  // namespace

std::unique_ptr<ProcessGroup> join_mpi_job_if_launched(int& argc, char**& argv) {
  const std::optional<int> launched = detail::launched_process_count();
  if (launched == 1) return nullptr;  // on its own (or mpirun -np 1): MPI is not needed
  return std::make_unique<MpiGroup>(argc, argv);
}

}  // namespace rollout
