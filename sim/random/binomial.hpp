#pragma once
// Binomial draws for openings and closures (docs/model.md, steps 2 and 3).
//
// Why not boost::random::binomial_distribution alone: its constructor prepares the
// sampler (pow(1 - p, n) for inversion, several logarithms and square roots for BTRD),
// which pays off over many draws with one (n, p). Here n and p change on every draw (one
// per region, format and month), so that set-up was most of the cost (perf, issue 7).
// Small means, the common case, go by inversion from P(X = 0) = exp(n log1p(-p)); large
// means keep Boost's BTRD, whose set-up is then small next to the draw.
//
// The inversion is split in two so that the engine can compute the starting masses of many
// draws at once with vectorised exp and log1p (binomial_start_masses) and then walk each
// from one uniform of its own address.

#include <Eigen/Core>
#include <algorithm>
#include <boost/random/binomial_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <span>

#include "rollout/random/random_streams.hpp"

namespace rollout {

// Below this mean (of the smaller of X and n - X) inversion takes a handful of steps.
inline constexpr double kBinomialInversionMean = 10;

// Whether Binomial(n, p) is drawn by inversion from a single uniform (else: trivially, or by
// BTRD with a variable number of uniforms).
inline bool binomial_by_inversion(std::int64_t n, double p) {
  return n > 0 && p > 0 && p < 1 &&
         static_cast<double>(n) * std::min(p, 1 - p) < kBinomialInversionMean;
}

// The inversion's start, P(X = 0) of the rarer outcome: exp(n log1p(-q)), q = min(p, 1 - p).
inline double binomial_start_mass(std::int64_t n, double p) {
  return std::exp(static_cast<double>(n) * std::log1p(-std::min(p, 1 - p)));
}

// The same for arrays of draws, vectorised (Eigen; docs/model.md allows any exp and log within
// 4 ulp). log1p(x) as log(u) x / (u - 1) with u = 1 + x, which is accurate to a few ulp
// wherever log is (Goldberg, "What every computer scientist should know about floating-point
// arithmetic", theorem 4); tests/test_vector_math.cpp checks it. Entries whose p is 0 or 1 get
// a mass the walk does not use. The arrays must be aligned to Eigen's packet size (see
// VectorArray in sim/engine/replication.hpp), or the results depend on where they lie.
inline void binomial_start_masses(const Eigen::Ref<const Eigen::ArrayXd>& trials,
                                  const Eigen::Ref<const Eigen::ArrayXd>& p,
                                  Eigen::Ref<Eigen::ArrayXd> out) {
  out = -p.min(1 - p);  // x = -q; u = 1 + x. Element by element, so `out` may be read and written.
  out = (1 + out).log() * out / ((1 + out) - 1);  // 0 / 0 where u = 1
  // Where u = 1, log1p(x) is x to double precision. Picked in a loop the compiler vectorises:
  // Eigen 3.4's select() is not vectorised, and around a log it calls the scalar log value by
  // value.
  const double* probability = p.data();
  double* exponent = out.data();
  for (Eigen::Index i = 0; i < out.size(); ++i) {
    const double x = -std::min(probability[i], 1 - probability[i]);
    exponent[i] = 1 + x == 1 ? x : exponent[i];
  }
  out = (trials * out).exp();
}

// The same for draws that share one p: one log1p, then a vectorised exp.
inline void binomial_start_masses(const Eigen::Ref<const Eigen::ArrayXd>& trials, double p,
                                  Eigen::Ref<Eigen::ArrayXd> out) {
  out = (trials * std::log1p(-std::min(p, 1 - p))).exp();
}

// The odds q / (1 - q) of the rarer outcome, q = min(p, 1 - p), which the inversion walks
// with. (For p > 0.5, 1 - p is exact: q is the outcome binomial_from_rarer flips to.)
inline double binomial_rarer_odds(double p) {
  const double q = std::min(p, 1 - p);
  return q / (1 - q);
}

// The same for an array of p, vectorised, to the same bits (no exp or log involved).
inline void binomial_rarer_odds(const Eigen::Ref<const Eigen::ArrayXd>& p,
                                Eigen::Ref<Eigen::ArrayXd> out) {
  out = p.min(1 - p);
  out = out / (1 - out);
}

// The draw of Binomial(n, p) whose rarer outcome (of probability min(p, 1 - p)) came `rarer`
// times: the inversion counts the rarer outcome, for fewer steps and no underflow of its start.
inline std::int64_t binomial_from_rarer(std::int64_t n, double p, std::int64_t rarer) {
  return p > 0.5 ? n - rarer : rarer;
}

// Binomial(n, p) by inversion from the uniform `u` in (0, 1), starting from `start` =
// binomial_start_mass(n, p). Precondition: binomial_by_inversion(n, p).
inline std::int64_t binomial_inversion(std::int64_t n, double p, double start, double u) {
  const double odds = binomial_rarer_odds(p);
  double mass = start;
  std::int64_t x = 0;
  // Walk up the CDF: P(X = x + 1) = P(X = x) * (n - x) / (x + 1) * q / (1 - q). Rounding
  // can leave u above the last mass; x = n ends the walk there. binomial_inversion_walks
  // (binomial_walks.cpp) takes the same steps in SIMD lanes: keep the two in step. It
  // multiplies by 1 / (x + 1), a constant for all lanes at a step, rather than dividing.
  while (u > mass && x < n) {
    u -= mass;
    mass *= odds * static_cast<double>(n - x) * (1.0 / static_cast<double>(x + 1));
    ++x;
  }
  return binomial_from_rarer(n, p, x);
}

// The walks of binomial_inversion for many draws side by side, in SIMD lanes: bit for bit the
// scalar walks' counts (the same operations, lane by lane), with no branch per step to
// mispredict. Draw i has trials[i] trials (a whole number, as a double), odds[i] =
// binomial_rarer_odds(p_i), start[i] = binomial_start_mass(n_i, p_i) and the uniform
// uniforms[i]; rarer[i] gets the count of the rarer outcome (the draw is n - rarer[i] where
// p_i > 0.5). A draw whose uniform is 0 is not walked: rarer[i] = 0. All spans have one size.
void binomial_inversion_walks(std::span<const double> trials, std::span<const double> odds,
                              std::span<const double> start, std::span<const double> uniforms,
                              std::span<double> rarer);

// One draw of Binomial(n, p) from a 64-bit URBG. n <= 0 or p <= 0 give 0, p >= 1 gives n.
template <class Engine>
std::int64_t binomial(std::int64_t n, double p, Engine& engine) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (!binomial_by_inversion(n, p))
    return boost::random::binomial_distribution<std::int64_t, double>(n, p)(engine);
  return binomial_inversion(n, p, binomial_start_mass(n, p), open_unit(engine()));
}

}  // namespace rollout
