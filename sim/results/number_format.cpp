#include "rollout/results/number_format.hpp"

#include <fmt/format.h>
#include <cmath>
#include <cstdlib>

namespace rollout {

std::string with_commas(double x) {
  const auto rounded = static_cast<long long>(std::llround(x));
  const std::string digits = std::to_string(std::llabs(rounded));
  std::string out = rounded < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

namespace {

// How a KPI's values read best.
enum class Display { share, millions, decimal, count };

Display display_of(Kpi k) {
  switch (k) {
    case Kpi::offline_mix_end:
    case Kpi::china_share_end:
    case Kpi::global_share_end:
      return Display::share;
    case Kpi::china_units_total:
    case Kpi::global_units_total:
      return Display::millions;
    case Kpi::units_per_store_end:
    case Kpi::target_month:
    case Kpi::global_rank_end:
    case Kpi::quarters_at_rank1:
      return Display::decimal;
    default:
      return Display::count;
  }
}

}  // namespace

std::string format_kpi_value(Kpi k, double x) {
  if (std::isnan(x)) return "-";
  switch (display_of(k)) {
    case Display::share:
      return fmt::format("{:.2f}%", 100 * x);
    case Display::millions:
      return fmt::format("{:.1f} M", x / 1e6);
    case Display::decimal:
      return fmt::format("{:.1f}", x);
    case Display::count:
      return with_commas(x);
  }
  return "";
}

std::string format_kpi_difference(Kpi k, double d) {
  if (std::isnan(d)) return "-";
  switch (display_of(k)) {
    case Display::share:
      return fmt::format("{:+.2f}%", 100 * d);
    case Display::millions:
      return fmt::format("{:+.1f} M", d / 1e6);
    case Display::decimal:
      return fmt::format("{:+.3g}", d);
    case Display::count:
      return fmt::format("{}{}", d >= 0 ? "+" : "", with_commas(d));
  }
  return "";
}

// A standard error, one digit finer than its value.
std::string format_kpi_error(Kpi k, double se) {
  if (std::isnan(se)) return "";
  switch (display_of(k)) {
    case Display::share:
      return fmt::format("{:.2g}%", 100 * se);
    case Display::millions:
      return fmt::format("{:.2f} M", se / 1e6);
    default:
      return se >= 100 ? with_commas(se) : fmt::format("{:.2g}", se);
  }
}

bool is_share_kpi(Kpi k) {
  return display_of(k) == Display::share;
}

}  // namespace rollout
