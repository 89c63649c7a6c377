#pragma once
// Running to a precision instead of a fixed count: replications are added in fixed
// blocks (indices 0..B-1, B..2B-1, ...) until the 95% interval half-width of a KPI is
// below a target or a bound is reached. Blocks are fixed, so the stopping point, and so
// the result, is the same at any thread count.

#include <cstddef>
#include <string>

#include "rollout/engine/outcome.hpp"

namespace rollout {

struct PrecisionTarget {
  Kpi kpi = Kpi::stores_end;
  double half_width = 0;  // in the KPI's unit (a fraction for shares and 0/1 KPIs)
  std::size_t max_replications = 100'000;
  std::size_t block = 1'000;
};

// Parses `KPI=HALFWIDTH`, e.g. `target_by_deadline=0.01`. Throws InputError.
PrecisionTarget parse_precision(const std::string& text);

// The 95% half-width of a KPI over a run: 1.96 se of the mean, or of the Wilson interval
// for 0/1 KPIs; infinite with fewer than two values.
double half_width(const OutcomeTable& table, Kpi kpi);

// The 95% half-width of the paired difference b - a of a KPI.
double paired_half_width(const OutcomeTable& a, const OutcomeTable& b, Kpi kpi);

}  // namespace rollout
