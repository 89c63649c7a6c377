#pragma once
// Numbers as people read them (thousands separators, percentages, millions), for the
// terminal tables and the HTML report; the output files keep full precision instead.

#include <string>

#include "rollout/engine/outcome.hpp"

namespace rollout {

// A KPI value and its standard error as people read them: 12,345, 18.30%, 170.3 M.
std::string format_kpi_value(Kpi k, double x);
std::string format_kpi_error(Kpi k, double se);
std::string format_kpi_difference(Kpi k, double d);  // with its sign: +1,234, -0.22%
std::string with_commas(double x);                   // rounded to a whole number

// Whether a KPI is a share (a fraction printed as a percentage).
bool is_share_kpi(Kpi k);

}  // namespace rollout
