#pragma once
// Scores of a forecast given as a sample (the replications' values) against what happened
// (docs/backtest.md, "Reading the scores").

#include <cstddef>
#include <span>

namespace rollout {

// The continuous ranked probability score of the sample's empirical distribution:
//   CRPS = (1/n) sum_i |x_i - y| - (1/(2 n^2)) sum_i sum_j |x_i - x_j|,
// the estimator scoringRules' crps_sample and properscoring's crps_ensemble compute. In the
// unit of the values; 0 for a sample that is all y. Precondition: sorted, not empty.
double crps_sample(std::span<const double> sorted, double y);

// The randomised probability integral transform (PIT) of y: with L sample values below y and
// E equal to it, (L + u (E + 1)) / (n + 1) for u uniform in (0, 1). When y and the sample are
// exchangeable (the model is calibrated) it is exactly uniform on (0, 1), ties and integer
// values included. Precondition: sorted, not empty, 0 < u < 1.
double randomised_pit(std::span<const double> sorted, double y, double u);

// How many observations fell inside a central band of probability `level`, and how unusual
// that count is if each is inside with that probability, independently: the binomial
// probability of so few inside (when below the expected count) or so many (when above).
struct BandCoverage {
  double level = 0;
  std::size_t inside = 0, count = 0;
  double share = 0;  // inside / count (NaN without observations)
  double tail_probability = 1;
};
BandCoverage band_coverage(double level, std::size_t inside, std::size_t count);

}  // namespace rollout
