#pragma once
// Lever sweeps: a `sweep:` block names lever paths and their values; every combination
// (grid: all of them; zip: the i-th value of each) is a variant of the base scenario,
// validated like one, and all run with the same seed (common random numbers).
//
//   sweep:
//     scenario: ../china-30k.yaml      # in a file of its own; absent inside a scenario
//     mode: grid                       # or zip
//     levers:
//       plan.opening_capacity_per_month: [400, 800, 1200]
//       plan.allocation: [demand, marginal]
//     pareto: [target_by_deadline, units_per_store_end]

#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "rollout/scenario/kpi.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout {

struct SweepPlan {
  std::string name;                                // the base scenario's name
  std::vector<std::string> levers;                 // key paths
  std::vector<std::vector<std::string>> settings;  // [combination][lever]: the value as written
  std::vector<Scenario> scenarios;                 // one per combination
  std::pair<Kpi, Kpi> pareto{Kpi::target_by_deadline, Kpi::units_per_store_end};
};

// Loads a sweep (its own file, or a scenario with a `sweep:` block) and every combination.
// Throws InputError with every problem of every combination, located in its file, and
// Interrupted when `stop` (a signal number, as the runner takes) turns non-zero: validating
// 100,000 combinations takes tens of seconds.
SweepPlan load_sweep(const std::string& path, const std::atomic<int>* stop = nullptr);

// Whether the file's top level has a `sweep:` block (a sweep file, or a scenario carrying one),
// so that `validate` checks it as the sweep it is. False for a file that does not parse: loading
// it as a scenario then reports why, with its location.
bool has_sweep_block(const std::string& path);

}  // namespace rollout
