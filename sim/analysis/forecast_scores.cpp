#include "rollout/analysis/forecast_scores.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <limits>

#include "rollout/common/error.hpp"

namespace rollout {

double crps_sample(std::span<const double> sorted, double y) {
  if (sorted.empty()) throw InternalError("crps_sample: no sample");
  const double n = static_cast<double>(sorted.size());
  // sum_i sum_j |x_i - x_j| = 2 sum_k (2k - n + 1) x_(k) over the sorted sample (k from 0):
  // x_(k) is the larger of k pairs and the smaller of n - 1 - k. O(n), no n^2 pairs.
  double to_y = 0, spread = 0;
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    to_y += std::abs(sorted[k] - y);
    spread += (2 * static_cast<double>(k) - n + 1) * sorted[k];
  }
  return to_y / n - spread / (n * n);
}

double randomised_pit(std::span<const double> sorted, double y, double u) {
  if (sorted.empty()) throw InternalError("randomised_pit: no sample");
  const auto below = std::lower_bound(sorted.begin(), sorted.end(), y);
  const auto above = std::upper_bound(below, sorted.end(), y);
  const double lower = static_cast<double>(below - sorted.begin());
  const double equal = static_cast<double>(above - below);
  return (lower + u * (equal + 1)) / (static_cast<double>(sorted.size()) + 1);
}

BandCoverage band_coverage(double level, std::size_t inside, std::size_t count) {
  BandCoverage c;
  c.level = level;
  c.inside = inside;
  c.count = count;
  c.share = count > 0 ? static_cast<double>(inside) / static_cast<double>(count)
                      : std::numeric_limits<double>::quiet_NaN();
  if (count == 0) return c;
  const boost::math::binomial_distribution<double> inside_count(static_cast<double>(count), level);
  const double k = static_cast<double>(inside);
  const double expected = level * static_cast<double>(count);
  // P(X <= k) when at most the expected count is inside, else P(X >= k) = P(X > k - 1).
  c.tail_probability = k <= expected
                           ? boost::math::cdf(inside_count, k)
                           : boost::math::cdf(boost::math::complement(inside_count, k - 1));
  return c;
}

}  // namespace rollout
