#pragma once
// Lever sweeps after loading (loader/sweep_file.hpp): the Pareto front of two KPIs and the
// files that describe a sweep's results.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "rollout/loader/sweep_file.hpp"
#include "rollout/results/summary.hpp"

namespace rollout {

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

}  // namespace rollout
