#pragma once
// The run summary as a terminal table: numbers formatted for people (thousands
// separators, percentages, millions), not for machines (the files have full precision).

#include <iosfwd>
#include <string>
#include <vector>

#include "rollout/outputs.hpp"
#include "rollout/summary.hpp"

namespace rollout::cli {

// A KPI value and its standard error as people read them: 12,345, 18.30%, 170.3 M.
std::string format_kpi_value(Kpi k, double x);
std::string format_kpi_error(Kpi k, double se);
std::string format_kpi_difference(Kpi k, double d);  // with its sign: +1,234, -0.22%
std::string with_commas(double x);

void print_run_table(std::ostream& out, const Model& model, const std::vector<KpiResult>& kpis,
                     const std::vector<QuarterStores>& quarters, const RunInfo& run);

}  // namespace rollout::cli
