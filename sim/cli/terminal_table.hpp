#pragma once
// The run summary as a terminal table: numbers formatted for people (thousands
// separators, percentages, millions), not for machines (the files have full precision).

#include <iosfwd>
#include <string>
#include <vector>

#include "rollout/results/number_format.hpp"
#include "rollout/results/outputs.hpp"
#include "rollout/results/summary.hpp"

namespace rollout::cli {

void print_run_table(std::ostream& out, const Model& model, const std::vector<KpiResult>& kpis,
                     const std::vector<QuarterStores>& quarters, const RunInfo& run);

}  // namespace rollout::cli
