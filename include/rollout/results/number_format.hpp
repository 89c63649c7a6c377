#pragma once
// Numbers as people read them (thousands separators, percentages, millions), for the
// terminal tables and the HTML report; the output files keep full precision instead.

#include <string>

#include "rollout/engine/outcome.hpp"

namespace rollout {

// A KPI value and its standard error as people read them, by the KPI's display kind
// (scenario/kpi.hpp): 12,345, 18.30%, 170.3 M, and 0.950 for a proportion (terminal).
std::string format_kpi_value(Kpi k, double x);
std::string format_kpi_error(Kpi k, double se);
std::string format_kpi_difference(Kpi k, double d);  // with its sign: +1,234, -0.22 pp
std::string with_commas(double x);                   // rounded to a whole number
// The same for pages, where a proportion reads as a percentage: 95.0%, +2.5 pp.
std::string format_kpi_percent(Kpi k, double x);
std::string format_kpi_percent_difference(Kpi k, double d);
std::string format_kpi_percent_error(Kpi k, double se);

// Whether a KPI is a fraction (a proportion or a share): charts use a percent scale.
bool is_fraction_kpi(Kpi k);

}  // namespace rollout
