#include "rollout/results/number_format.hpp"

#include <fmt/format.h>
#include <cmath>
#include <cstdlib>

namespace rollout {

// Written here, not by fmt::group_digits: Debian 12's fmt 9.1 prints a negative value
// through it as its unsigned wrap-around (-1,234,567 as 18,446,744,073,708,317,049).
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
// Millions (of phones, of the currency): whole millions with separators from 100 million on,
// one decimal down to one million, and three significant digits below, so that a small
// difference or error never reads "0.0 M".
std::string millions(double x, bool sign) {
  const double m = x / 1e6;
  if (std::fabs(m) >= 100) return fmt::format("{}{} M", sign && m >= 0 ? "+" : "", with_commas(m));
  if (std::fabs(m) >= 1 || m == 0)
    return sign ? fmt::format("{:+.1f} M", m) : fmt::format("{:.1f} M", m);
  return sign ? fmt::format("{:+.3g} M", m) : fmt::format("{:.3g} M", m);
}
}  // namespace

std::string format_kpi_value(Kpi k, double x) {
  if (std::isnan(x)) return "-";
  switch (info(k).display) {
    case KpiDisplay::proportion:
      return fmt::format("{:.3f}", x);
    case KpiDisplay::share:
      return fmt::format("{:.2f}%", 100 * x);
    case KpiDisplay::millions:
      return fmt::format("{:.1f} M", x / 1e6);
    case KpiDisplay::decimal:
    case KpiDisplay::rank:
      return fmt::format("{:.1f}", x);
    case KpiDisplay::count:
      return with_commas(x);
    case KpiDisplay::money:
      return millions(x, false);
  }
  return "";
}

std::string format_kpi_difference(Kpi k, double d) {
  if (std::isnan(d)) return "-";
  switch (info(k).display) {
    case KpiDisplay::proportion:
      return fmt::format("{:+.3f}", d);
    case KpiDisplay::share:  // a difference of two shares is in percentage points
      return fmt::format("{:+.2f} pp", 100 * d);
    case KpiDisplay::millions:
      return millions(d, true);
    case KpiDisplay::decimal:
    case KpiDisplay::rank:
      return fmt::format("{:+.3g}", d);
    case KpiDisplay::count:
      return fmt::format("{}{}", d >= 0 ? "+" : "", with_commas(d));
    case KpiDisplay::money:
      return millions(d, true);
  }
  return "";
}

// A standard error, one digit finer than its value.
std::string format_kpi_error(Kpi k, double se) {
  if (std::isnan(se)) return "";
  switch (info(k).display) {
    case KpiDisplay::proportion:
      return fmt::format("{:.3f}", se);
    case KpiDisplay::share:  // the error of a share is in percentage points
      return fmt::format("{:.2g} pp", 100 * se);
    case KpiDisplay::millions:
    case KpiDisplay::money:
      return millions(se, false);
    default:
      return se >= 100 ? with_commas(se) : fmt::format("{:.2g}", se);
  }
}

std::string format_kpi_percent(Kpi k, double x) {
  return info(k).binary() ? fmt::format("{:.1f}%", 100 * x) : format_kpi_value(k, x);
}

std::string format_kpi_percent_difference(Kpi k, double d) {
  return info(k).binary() ? fmt::format("{:+.1f} pp", 100 * d) : format_kpi_difference(k, d);
}

std::string format_kpi_percent_error(Kpi k, double se) {
  return info(k).binary() ? fmt::format("{:.2f} pp", 100 * se) : format_kpi_error(k, se);
}

bool is_fraction_kpi(Kpi k) {
  return info(k).display == KpiDisplay::proportion || info(k).display == KpiDisplay::share;
}

}  // namespace rollout
