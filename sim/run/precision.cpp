#include "rollout/run/precision.hpp"

#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

#include "rollout/common/statistics.hpp"

namespace rollout {
namespace {

constexpr double kZ = 1.959963984540054;

std::vector<double> column(const OutcomeTable& table, Kpi kpi) {
  std::vector<double> values(table.replications());
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = table.kpi(i, kpi);
  return values;
}

}  // namespace

PrecisionTarget parse_precision(const std::string& text) {
  const auto eq = text.find('=');
  const std::string name = text.substr(0, eq);
  const auto kpi = kpi_named(name);
  if (eq == std::string::npos || !kpi) {
    throw InputError(
        fmt::format("--precision: '{}' must be KPI=HALFWIDTH with a KPI of docs/outputs.md{}, e.g. "
                    "target_by_deadline=0.01",
                    text, eq == std::string::npos ? std::string() : kpi_suggestion(name)));
  }
  PrecisionTarget target;
  target.kpi = *kpi;
  const std::string number = text.substr(eq + 1);
  const auto [end, ec] =
      std::from_chars(number.data(), number.data() + number.size(), target.half_width);
  if (ec != std::errc() || end != number.data() + number.size() || !(target.half_width > 0) ||
      !std::isfinite(target.half_width)) {
    throw InputError(fmt::format(
        "--precision: the half-width in '{}' is '{}', but must be a number > 0", text, number));
  }
  return target;
}

double half_width(const OutcomeTable& table, Kpi kpi) {
  const std::vector<double> values = column(table, kpi);
  if (info(kpi).binary()) {
    std::size_t ones = 0;
    for (double v : values)
      ones += v == 1 ? 1 : 0;
    if (values.size() < 2) return std::numeric_limits<double>::infinity();
    const Proportion p = wilson(ones, values.size());
    return (p.hi - p.lo) / 2;
  }
  std::vector<double> present;
  for (double v : values) {
    if (!std::isnan(v)) present.push_back(v);
  }
  if (present.size() < 2) return std::numeric_limits<double>::infinity();
  std::vector<double> scratch;
  return kZ * summarize(present, {}, false, scratch).se;
}

double paired_half_width(const OutcomeTable& a, const OutcomeTable& b, Kpi kpi) {
  const std::vector<double> x = column(a, kpi), y = column(b, kpi);
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    pairs += std::isnan(x[i]) || std::isnan(y[i]) ? 0 : 1;
  if (pairs < 2) return std::numeric_limits<double>::infinity();
  return kZ * paired_difference(x, y, info(kpi).direction).se;
}

}  // namespace rollout
