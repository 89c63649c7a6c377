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

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "rollout/outcome.hpp"
#include "rollout/scenario.hpp"
#include "rollout/summary.hpp"

namespace rollout {

struct SweepPlan {
  std::string name;                                // the base scenario's name
  std::vector<std::string> levers;                 // key paths
  std::vector<std::vector<std::string>> settings;  // [combination][lever]: the value as written
  std::vector<Scenario> scenarios;                 // one per combination
  std::pair<Kpi, Kpi> pareto{Kpi::target_by_deadline, Kpi::units_per_store_end};
};

// Loads a sweep (its own file, or a scenario with a `sweep:` block) and every combination.
// Throws InputError with every problem of every combination, located in its file.
SweepPlan load_sweep(const std::string& path);

// Whether each point is Pareto-efficient: no other point is at least as good on both
// coordinates and better on one. `better_x`, `better_y`: +1 when higher is better.
std::vector<bool> pareto_efficient(const std::vector<std::pair<double, double>>& points,
                                   int better_x, int better_y);

// One row per combination: its lever values, each KPI's summary, and whether it is on the
// Pareto front of the two named KPIs.
std::string sweep_csv(const SweepPlan& plan, const std::vector<std::vector<KpiResult>>& results,
                      const std::vector<bool>& efficient);

// What sweep.csv alone does not say: the sweep's name, levers, the two Pareto KPIs with
// their directions, seed and replications (read back by `rollout report`).
std::string sweep_json(const SweepPlan& plan, std::uint64_t seed, std::size_t replications);

}  // namespace rollout
