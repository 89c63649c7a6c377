#pragma once
// Scenario discovery: where in the space of uncertain inputs does a condition (missing
// the target, say) concentrate? PRIM, the patient rule induction method (Friedman and
// Fisher 1999): starting from the box holding every case, repeatedly peel off the
// small slice (a share `alpha` of the cases inside, at the low or high end of one input)
// whose removal raises the share of cases of interest most, until too few cases remain.
// Each step is a candidate box; the user picks one for its trade-off of
//   coverage = cases of interest inside / all cases of interest,
//   density  = cases of interest inside / cases inside.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rollout/engine/outcome.hpp"

namespace rollout {

// A condition on a KPI, as written on the command line: `target_by_deadline == 0`,
// `global_rank_end > 2`, or `< 0.5` with the KPI given apart.
struct Condition {
  enum class Op { eq, ne, lt, le, gt, ge };
  Kpi kpi = Kpi::stores_end;
  Op op = Op::eq;
  double value = 0;

  // Whether a replication's KPI value meets it. A missing value (a target month never
  // reached) counts as beyond every month: +infinity.
  bool holds(double kpi_value) const;
  std::string describe() const;  // "target_by_deadline == 0"
};
// Throws InputError quoting `text` when it is not `[KPI] OP NUMBER`, names no KPI while
// `kpi` is empty, or names a different KPI than `kpi`.
Condition parse_condition(std::string_view text, std::optional<Kpi> kpi);

struct PrimSettings {
  double peel = 0.05;         // alpha: share of the box's cases removed per step
  double min_support = 0.05;  // stop before a box holds less than this share of all cases
};

struct PrimBox {
  std::vector<double> lower, upper;  // per input; +-infinity where not restricted
  std::size_t cases = 0, hits = 0;   // inside, and of interest inside
  double coverage = 0, density = 0, support = 0;
  // Whether input j is restricted (its bound moved off the data's range).
  bool restricts(std::size_t j) const;
};

// The peeling trajectory: box 0 holds every case, each next box one peel more.
// `inputs[j][i]` is input j in case i; `of_interest[i]` whether case i meets the condition.
std::vector<PrimBox> prim_peel(const std::vector<std::vector<double>>& inputs,
                               const std::vector<char>& of_interest,
                               const PrimSettings& settings = {});

// The density of `box` with input j's restriction dropped: how much that restriction adds.
double density_without(const PrimBox& box, std::size_t j,
                       const std::vector<std::vector<double>>& inputs,
                       const std::vector<char>& of_interest);

}  // namespace rollout
