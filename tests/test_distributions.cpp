// The input distributions: quantiles against known values, means against the integral
// of the quantile function, supports, and the checks on impossible parameters.

#include <doctest/doctest.h>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "rollout/scenario/distributions.hpp"

using namespace rollout;

namespace {

// Mean as the integral of the quantile function over (0, 1), by the midpoint rule.
// With 200,000 points the rule's error is far below the 1e-4 tolerance used here for
// these smooth, bounded-tail distributions.
double integrated_mean(const Distribution& d) {
  constexpr int n = 200'000;
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += quantile(d, (i + 0.5) / n);
  return sum / n;
}

}  // namespace

TEST_CASE("quantiles match known values") {
  CHECK(quantile(Normal{0, 1}, 0.975) == doctest::Approx(1.959963985).epsilon(1e-9));
  CHECK(quantile(Normal{2, 0.5}, 0.5) == doctest::Approx(2.0));
  CHECK(quantile(LogNormal{0.8, 0.2}, 0.5) == doctest::Approx(0.8));
  CHECK(quantile(LogNormal{1, 1}, 0.975) == doctest::Approx(std::exp(1.959963985)).epsilon(1e-9));
  CHECK(quantile(Uniform{2, 4}, 0.25) == doctest::Approx(2.5));
  // Triangular(0, 0, 1): F(x) = 1 - (1 - x)^2, so the median is 1 - sqrt(0.5).
  CHECK(quantile(Triangular{0, 0, 1}, 0.5) == doctest::Approx(1 - std::sqrt(0.5)));
  CHECK(quantile(Pert{0, 0.5, 1}, 0.5) == doctest::Approx(0.5));  // symmetric
  CHECK(quantile(Beta{2, 2, 10, 20}, 0.5) == doctest::Approx(15));
  // Beta(1, 1) is uniform.
  CHECK(quantile(Beta{1, 1}, 0.3) == doctest::Approx(0.3));
  CHECK(quantile(Fixed{7}, 0.9) == 7);
}

TEST_CASE("quantiles in double precision stay within 1e-12 of Boost's long double evaluation") {
  // docs/model.md allows inverse CDFs in double precision to a relative error of 1e-12; the
  // reference here is Boost's default policy, which promotes to long double internally.
  double worst = 0;
  auto relative = [](double x, double reference) {
    return std::abs(x - reference) / std::max(std::abs(reference), 1e-300);
  };
  for (const auto& [a, b] :
       {std::pair{8.0, 2.0}, {2.2, 3.8}, {1.4, 4.6}, {0.5, 0.5}, {30.0, 7.0}}) {
    const boost::math::beta_distribution<double> reference(a, b);
    for (int i = 1; i < 2000; ++i) {
      const double p = i / 2000.0;
      worst =
          std::max(worst, relative(quantile(Beta{a, b}, p), boost::math::quantile(reference, p)));
    }
  }
  const boost::math::normal_distribution<double> standard;
  for (int i = 1; i < 2000; ++i) {
    const double p = i / 2000.0;
    worst =
        std::max(worst, relative(quantile(Normal{0, 1}, p), boost::math::quantile(standard, p)));
  }
  CHECK(worst <= 1e-12);
}

TEST_CASE("discrete quantiles follow the cumulative weights in the order given") {
  const Discrete d{{-1, 0, 1}, {1, 2, 1}};
  CHECK(quantile(d, 0.2) == -1);
  CHECK(quantile(d, 0.26) == 0);
  CHECK(quantile(d, 0.74) == 0);
  CHECK(quantile(d, 0.76) == 1);
  const Discrete unweighted{{5, 6}, {}};
  CHECK(quantile(unweighted, 0.49) == 5);
  CHECK(quantile(unweighted, 0.51) == 6);
}

TEST_CASE("a truncated normal stays inside its bounds") {
  const Normal n{0.6, 0.05, 0.55, 0.8};
  CHECK(quantile(n, 1e-12) >= 0.55);
  CHECK(quantile(n, 1 - 1e-12) <= 0.8);
  // Truncated below at the mean: the median is the 75th percentile of the full normal.
  CHECK(quantile(Normal{0, 1, 0, 10}, 0.5) == doctest::Approx(0.6744897502).epsilon(1e-8));
}

TEST_CASE("each mean formula equals the integral of its quantile function") {
  const std::vector<Distribution> cases{Uniform{-1, 3},
                                        Normal{0.5, 2},
                                        Normal{0.6, 0.05, 0.55, 0.8},
                                        LogNormal{0.8, 0.2},
                                        Triangular{-0.03, -0.01, 0.01},
                                        Pert{0.3, 0.5, 0.8},
                                        Beta{8, 2},
                                        Beta{2, 5, 1, 3},
                                        Discrete{{1, 2, 4}, {1, 1, 2}}};
  for (const Distribution& d : cases) {
    CAPTURE(describe(d));
    CHECK(integrated_mean(d) == doctest::Approx(mean(d)).epsilon(1e-4));
  }
}

TEST_CASE("supports say whether their ends can be drawn") {
  const Support normal = support(Normal{0, 1});
  CHECK(std::isinf(normal.lo));
  CHECK_FALSE(normal.lo_attained);
  const Support lognormal = support(LogNormal{1, 1});
  CHECK(lognormal.lo == 0);
  CHECK_FALSE(lognormal.lo_attained);
  const Support beta = support(Beta{2, 3, 1, 5});
  CHECK(beta.lo == 1);
  CHECK(beta.hi == 5);
  CHECK(beta.lo_attained);
  const Support discrete = support(Discrete{{3, -1, 2}, {}});
  CHECK(discrete.lo == -1);
  CHECK(discrete.hi == 3);
}

TEST_CASE("impossible parameters are named with the offending value") {
  auto first = [](const Distribution& d) {
    const auto problems = parameter_problems(d);
    REQUIRE(problems.size() >= 1);
    return problems.front().parameter + ": " + problems.front().message;
  };
  CHECK(first(Normal{0, -1}) == "sd: is -1, but must be >= 0");
  CHECK(first(Uniform{2, 1}) == "max: is 1, but must be > min (2)");
  CHECK(first(Triangular{0, 2, 1}) == "mode: is 2, but must lie in [min, max] = [0, 1]");
  CHECK(first(Beta{0, 1}) == "a: is 0, but must be > 0");
  CHECK(first(LogNormal{-1, 0.1}) == "median: is -1, but must be > 0");
  CHECK(first(Discrete{{1, 2}, {1, -1}}) == "weights[1]: is -1, but must be >= 0");
  CHECK(first(Discrete{{}, {}}) == "values: is empty, but needs at least one value");
  CHECK(parameter_problems(Pert{0.3, 0.5, 0.8}).empty());
  CHECK(parameter_problems(Normal{0, 0}).empty());
}

TEST_CASE("scaling multiplies every location and scale parameter") {
  CHECK(scaled(Uniform{1, 2}, 1e6) == Distribution{Uniform{1e6, 2e6}});
  CHECK(scaled(LogNormal{2, 0.3}, 10) == Distribution{LogNormal{20, 0.3}});
  CHECK(scaled(Beta{8, 2}, 5) == Distribution{Beta{8, 2, 0, 5}});
  CHECK(quantile(scaled(Pert{1, 2, 4}, 3), 0.3) ==
        doctest::Approx(3 * quantile(Pert{1, 2, 4}, 0.3)));
}

TEST_CASE("descriptions name the distribution and its parameters") {
  CHECK(describe(Normal{0, 0.06}) == "normal(mean 0, sd 0.06)");
  CHECK(describe(Normal{0.6, 0.05, 0.4, 0.8}) == "normal(mean 0.6, sd 0.05, min 0.4, max 0.8)");
  CHECK(describe(Beta{8, 2}) == "beta(a 8, b 2)");
  CHECK(describe(Fixed{0.25}) == "0.25");
  CHECK(distribution_name(Pert{}) == "pert");
}
