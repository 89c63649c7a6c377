#include "rollout/statistics.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "rollout/error.hpp"

namespace rollout {

double percentile_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) throw InternalError("percentile of no values");
  if (!(p >= 0 && p <= 100))
    throw InternalError(fmt::format("percentile level is {}, but must be in [0, 100]", p));
  const double h = (static_cast<double>(sorted.size()) - 1) * p / 100;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Summary summarize(std::span<const double> values, std::span<const double> percent_levels,
                  bool skip_missing, std::vector<double>& scratch) {
  scratch.clear();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) {
      if (skip_missing) continue;
      throw InternalError(fmt::format("statistics: replication {} has no value (NaN)", i));
    }
    scratch.push_back(values[i]);
  }
  if (scratch.empty()) throw InternalError("statistics: no values to summarise");
  Summary s;
  s.count = scratch.size();
  // Sums in replication order, so the result does not depend on how the work was split.
  double sum = 0;
  for (double x : scratch)
    sum += x;
  s.mean = sum / static_cast<double>(s.count);
  if (s.count > 1) {
    double squares = 0;
    for (double x : scratch)
      squares += (x - s.mean) * (x - s.mean);
    s.sd = std::sqrt(squares / static_cast<double>(s.count - 1));
    s.se = s.sd / std::sqrt(static_cast<double>(s.count));
  } else {
    s.sd = s.se = std::nan("");
  }
  std::sort(scratch.begin(), scratch.end());
  for (double p : percent_levels)
    s.percentiles.push_back(percentile_sorted(scratch, p));
  return s;
}

Proportion wilson(std::size_t successes, std::size_t count) {
  if (count == 0) throw InternalError("Wilson interval of no trials");
  if (successes > count)
    throw InternalError(
        fmt::format("Wilson interval: {} successes of {} trials", successes, count));
  constexpr double z = 1.959963984540054;  // the 97.5% point of the standard normal
  const double n = static_cast<double>(count);
  const double p = static_cast<double>(successes) / n;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  return Proportion{count, successes, p, std::max(0.0, centre - half),
                    std::min(1.0, centre + half)};
}

}  // namespace rollout
