#pragma once
// Goodness-of-fit helpers for sampler tests: the Kolmogorov-Smirnov statistic and its
// critical value, and a CDF recovered from a distribution's quantile function.

#include <algorithm>
#include <cmath>
#include <vector>

#include "rollout/scenario/distributions.hpp"

namespace test {

// The largest gap between the empirical CDF of `x` and `cdf`.
template <class Cdf>
double ks_statistic(std::vector<double> x, Cdf cdf) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

// The KS critical value at the 0.1% level: 1.95 / sqrt(n).
inline double ks_critical(std::size_t n) {
  return 1.95 / std::sqrt(static_cast<double>(n));
}

// The CDF of a continuous distribution at x, by bisection on its quantile function.
inline double cdf_by_bisection(const rollout::Distribution& d, double x) {
  double lo = 1e-12, hi = 1 - 1e-12;
  for (int k = 0; k < 60; ++k) {
    const double mid = (lo + hi) / 2;
    (rollout::quantile(d, mid) <= x ? lo : hi) = mid;
  }
  return lo;
}

}  // namespace test
