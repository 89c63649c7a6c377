// A build without MPI (ROLLOUT_MPI off): every process runs on its own.

#include <fmt/format.h>

#include "rollout/common/error.hpp"
#include "rollout/run/process_group.hpp"
#include "run/launch_environment.hpp"

namespace rollout {

std::unique_ptr<ProcessGroup> join_mpi_job_if_launched(int&, char**&) {
  const std::optional<int> launched = detail::launched_process_count();
  if (launched == 1) return nullptr;
  throw InputError(fmt::format(
      "rollout was started as one of {} MPI processes, but this build has no MPI; install "
      "libboost-mpi-dev and libopenmpi-dev (scripts/install-deps.sh does) and rebuild, or run "
      "it without mpirun",
      launched ? std::to_string(*launched) : std::string("several")));
}

}  // namespace rollout
