#pragma once
// What the launcher (mpirun, srun) told this process through its environment.

#include <cstdlib>
#include <optional>
#include <string>

namespace rollout::detail {

// The number of processes the launcher started, 1 when there is no launcher, and
// nullopt when a launcher is there but does not say (PMIx under srun).
inline std::optional<int> launched_process_count() {
  // Open MPI's mpirun, then PMI (MPICH's hydra, srun --mpi=pmi2). SLURM_NTASKS is not
  // asked: a batch script sees it without being one of the tasks.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    const char* value = std::getenv(name);
    if (value == nullptr) continue;
    try {
      const int n = std::stoi(value);
      if (n >= 1) return n;
    } catch (const std::exception&) {
      // Not a number: says nothing; try the next launcher's variable.
    }
  }
  if (std::getenv("PMIX_RANK") != nullptr) return std::nullopt;
  return 1;
}

}  // namespace rollout::detail
