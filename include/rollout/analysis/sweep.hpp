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

// A combination's two KPI means with their standard errors (NaN or 0: exact).
struct ParetoPoint {
  double x = 0, y = 0;
  double se_x = 0, se_y = 0;
};
// The z of the margin below: differences within 1.96 standard errors of the difference are
// ties.
inline constexpr double kParetoMarginZ = 1.96;
// Whether each point is Pareto-efficient, allowing for noise: point j dominates point i when
// it is better on one KPI by more than the margin and worse on neither by more than it, the
// margin of a KPI being z sqrt(se_i^2 + se_j^2) (docs/outputs.md, sweep.csv). A plan much
// worse on one KPI for a difference on the other that the run cannot tell from noise is
// dominated. With standard errors of 0, the classical rule: no other point is at least as
// good on both and better on one. `better_x`, `better_y`: +1 when higher is better. At
// least one point is always efficient.
std::vector<bool> pareto_efficient(const std::vector<ParetoPoint>& points, int better_x,
                                   int better_y, double z = kParetoMarginZ);
// The standard error of a KPI's mean (of its proportion for a 0/1 KPI); NaN when unavailable.
double kpi_standard_error(const KpiResult& r);

// One row per combination: its lever values, each KPI's summary, and whether it is on the
// Pareto front of the two named KPIs.
std::string sweep_csv(const SweepPlan& plan, const std::vector<std::vector<KpiResult>>& results,
                      const std::vector<bool>& efficient);

// What sweep.csv alone does not say: the sweep's name, levers, the two Pareto KPIs with
// their directions, seed and replications (read back by `rollout report`).

}  // namespace rollout
