#pragma once
// Binomial draws for openings and closures (docs/model.md, steps 2 and 3).
//
// Why not boost::random::binomial_distribution alone: its constructor prepares the
// sampler (pow(1 - p, n) for inversion, several logarithms and square roots for BTRD),
// which pays off over many draws with one (n, p). Here n and p change on every draw (one
// per region, format and month), so that set-up was most of the cost (perf, issue 7).
// Small means, the common case, go by inversion from P(X = 0) = exp(n log1p(-p)); large
// means keep Boost's BTRD, whose set-up is then small next to the draw.

#include <boost/random/binomial_distribution.hpp>
#include <cmath>
#include <cstdint>

#include "rollout/random/random_streams.hpp"

namespace rollout {

// Below this mean (of the smaller of X and n - X) inversion takes a handful of steps.
inline constexpr double kBinomialInversionMean = 10;

// One draw of Binomial(n, p) from a 64-bit URBG. n <= 0 or p <= 0 give 0, p >= 1 gives n.
template <class Engine>
std::int64_t binomial(std::int64_t n, double p, Engine& engine) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  // Count the rarer outcome: fewer inversion steps, and P(X = 0) stays far from underflow.
  const bool flip = p > 0.5;
  const double q = flip ? 1 - p : p;
  const auto trials = static_cast<double>(n);
  if (trials * q >= kBinomialInversionMean)
    return boost::random::binomial_distribution<std::int64_t, double>(n, p)(engine);
  const double odds = q / (1 - q);
  double mass = std::exp(trials * std::log1p(-q));  // P(X = 0)
  double u = open_unit(engine());
  std::int64_t x = 0;
  // Walk up the CDF: P(X = x + 1) = P(X = x) * (n - x) / (x + 1) * q / (1 - q). Rounding
  // can leave u above the last mass; x = n ends the walk there.
  while (u > mass && x < n) {
    u -= mass;
    mass *= odds * static_cast<double>(n - x) / static_cast<double>(x + 1);
    ++x;
  }
  return flip ? n - x : x;
}

}  // namespace rollout
