// The share model evaluates exp and log with Eigen's array functions (vectorised), which
// docs/model.md ("What an implementation may do differently, for speed") allows when they are
// accurate to within 4 ulp. This checks that bound against a long double reference, rounded to
// double, over sweeps of the arguments the model produces and beyond, and the binomial start
// masses built on them.

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "random/binomial.hpp"

namespace {

// Distance in units in the last place between two finite doubles of the same sign.
std::uint64_t ulp_distance(double a, double b) {
  const auto ordered = [](double x) {
    const auto bits = std::bit_cast<std::int64_t>(x);
    return bits < 0 ? std::numeric_limits<std::int64_t>::min() - bits : bits;
  };
  const std::int64_t ia = ordered(a), ib = ordered(b);
  return ia > ib ? static_cast<std::uint64_t>(ia - ib) : static_cast<std::uint64_t>(ib - ia);
}

// Arguments spread evenly over [lo, hi], an odd count so that a packet's scalar tail is used too.
Eigen::ArrayXd sweep(double lo, double hi, Eigen::Index count) {
  return Eigen::ArrayXd::LinSpaced(count, lo, hi);
}

// The largest ulp distance between Eigen's vectorised values `fast` and `exact`, computed in
// long double and rounded to double, over the arguments `x`.
template <class Exact>
std::uint64_t worst_ulp(const Eigen::ArrayXd& x, const Eigen::ArrayXd& fast, Exact exact) {
  std::uint64_t worst = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const auto reference = static_cast<double>(exact(static_cast<long double>(x[i])));
    worst = std::max(worst, ulp_distance(fast[i], reference));
  }
  return worst;
}

std::uint64_t worst_exp(const Eigen::ArrayXd& x) {
  return worst_ulp(x, x.exp(), [](long double v) { return std::exp(v); });
}

std::uint64_t worst_log(const Eigen::ArrayXd& x) {
  return worst_ulp(x, x.log(), [](long double v) { return std::log(v); });
}

}  // namespace

TEST_CASE("Eigen's vectorised exp is within 4 ulp of the exact value") {
  // Attractions and halos are exponentials of sums of logs: mostly within [-50, 50]; the whole
  // range where exp is a normal double is swept too.
  CHECK(worst_exp(sweep(-50, 50, 200'001)) <= 4);
  CHECK(worst_exp(sweep(-708, 709, 400'001)) <= 4);
  CHECK(worst_exp(sweep(-1e-6, 1e-6, 10'001)) <= 4);
}

TEST_CASE("Eigen's vectorised log is within 4 ulp of the exact value") {
  // Presences (store-equivalents) and densities (per million people): from tiny to huge, with
  // arguments near 1, where log loses relative accuracy most easily, swept closely.
  Eigen::ArrayXd spread = sweep(-300, 300, 600'001);
  spread = Eigen::pow(10.0, spread);
  CHECK(worst_log(spread) <= 4);
  CHECK(worst_log(sweep(0.5, 2, 300'001)) <= 4);
  CHECK(worst_log(sweep(1 - 1e-6, 1 + 1e-6, 10'001)) <= 4);
}

TEST_CASE("vectorised binomial start masses agree with exp(n log1p(-q)) in long double") {
  // The masses P(X = 0) that start the closures' inversion walks (sim/random/binomial.hpp):
  // log1p as log(u) x / (u - 1). The exponent y = n log1p(-q) carries a relative error of a few
  // ulp, which exp turns into a relative error of about |y| times that: the bound below.
  std::vector<double> trials, hazards;
  for (double n : {1.0, 2.0, 7.0, 40.0, 300.0, 1'000.0, 20'000.0}) {
    for (double q = 1e-9; q < 1; q *= 1.37) {
      trials.push_back(n);
      hazards.push_back(q);
    }
  }
  const auto count = static_cast<Eigen::Index>(trials.size());
  const Eigen::Map<const Eigen::ArrayXd> n(trials.data(), count), p(hazards.data(), count);
  Eigen::ArrayXd masses(count);
  rollout::binomial_start_masses(n, p, masses);
  int checked = 0;
  for (Eigen::Index i = 0; i < count; ++i) {
    if (!rollout::binomial_by_inversion(static_cast<std::int64_t>(n[i]), p[i])) continue;
    const long double q = std::min<long double>(p[i], 1 - static_cast<long double>(p[i]));
    const long double exponent = n[i] * std::log1p(-q);
    const auto reference = static_cast<double>(std::exp(exponent));
    const double bound =
        16 * std::numeric_limits<double>::epsilon() * std::max(1.0, static_cast<double>(-exponent));
    CAPTURE(n[i]);
    CAPTURE(p[i]);
    CHECK(std::abs(masses[i] - reference) <= bound * reference);
    CHECK(masses[i] ==
          doctest::Approx(rollout::binomial_start_mass(static_cast<std::int64_t>(n[i]), p[i]))
              .epsilon(bound));
    ++checked;
  }
  CHECK(checked > 100);  // the sweep reaches the inversion's range
}
