// Sensitivity estimators and scenario discovery on synthetic functions with known
// answers: rank regression, Sobol' indices of the Ishigami function, PRIM on a planted box.

#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "rollout/analysis/prim.hpp"
#include "rollout/analysis/sensitivity.hpp"
#include "rollout/random/random_streams.hpp"

using namespace rollout;

namespace {

// Uniforms in (0, 1) from Philox: case i, column j, for seed `seed`.
double u(std::uint64_t seed, std::size_t i, std::size_t j) {
  return ReplicationStreams(seed, i).uniform(Stream::inputs, 0, j);
}

double ishigami(double x1, double x2, double x3) {
  return std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}

}  // namespace

TEST_CASE("rank regression: Spearman and SRRC order inputs by their effect") {
  const std::size_t n = 2000;
  std::vector<std::vector<double>> x(4, std::vector<double>(n));
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < 3; ++j)
      x[j][i] = u(1, i, j);
    x[3][i] = 7;  // a constant input
    y[i] = std::exp(3 * x[0][i] + x[1][i]);
  }
  const RankRegression r = rank_regression(x, y);
  CHECK(r.count == n);
  CHECK(std::isnan(r.spearman[3]));
  // With a constant column the regression is not identified: SRRCs are not reported.
  CHECK(std::isnan(r.srrc[0]));
  x.pop_back();
  const RankRegression fit = rank_regression(x, y);
  CHECK(fit.spearman[0] > fit.spearman[1]);
  CHECK(fit.spearman[1] > 0.1);
  // Input 3 is independent noise: |rho| below 4 standard errors 1/sqrt(n - 1).
  CHECK(std::abs(fit.spearman[2]) < 4 / std::sqrt(n - 1.0));
  CHECK(fit.srrc[0] > fit.srrc[1]);
  CHECK(std::abs(fit.srrc[2]) < 4 / std::sqrt(n - 1.0));
  CHECK(fit.r_squared > 0.9);
  // A KPI missing in some cases: those cases are left out.
  y[0] = std::numeric_limits<double>::quiet_NaN();
  CHECK(rank_regression(x, y).count == n - 1);
}

TEST_CASE("Sobol' indices of the Ishigami function match the analytical values") {
  // Analytical values for a = 7, b = 0.1 (Ishigami and Homma 1990; Saltelli et al. 2008).
  const double pi = std::numbers::pi;
  const double first[3] = {0.3139, 0.4424, 0.0};
  const double total[3] = {0.5576, 0.4424, 0.2437};
  const std::size_t n = 20000;
  auto x = [&](std::uint64_t seed, std::size_t i, std::size_t j) {
    return -pi + 2 * pi * u(seed, i, j);
  };
  SaltelliValues v;
  v.ab.assign(3, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const double a[3] = {x(11, i, 0), x(11, i, 1), x(11, i, 2)};
    const double b[3] = {x(12, i, 0), x(12, i, 1), x(12, i, 2)};
    v.a.push_back(ishigami(a[0], a[1], a[2]));
    v.b.push_back(ishigami(b[0], b[1], b[2]));
    for (std::size_t k = 0; k < 3; ++k) {
      double m[3] = {a[0], a[1], a[2]};
      m[k] = b[k];
      v.ab[k][i] = ishigami(m[0], m[1], m[2]);
    }
  }
  // Six intervals checked at once: each at 99.2% (1 - 0.05 / 6, Bonferroni), so all six
  // cover with probability at least 95%.
  const std::vector<SobolIndex> s = jansen_indices(v, 500, 2024, 1 - 0.05 / 6);
  for (std::size_t k = 0; k < 3; ++k) {
    CAPTURE(k);
    CAPTURE(s[k].first);
    CAPTURE(s[k].total);
    CHECK(s[k].first_lo <= first[k]);
    CHECK(first[k] <= s[k].first_hi);
    CHECK(s[k].total_lo <= total[k]);
    CHECK(total[k] <= s[k].total_hi);
    // The intervals are informative, not just wide.
    CHECK(s[k].first_hi - s[k].first_lo < 0.1);
    CHECK(s[k].total_hi - s[k].total_lo < 0.1);
  }
  // The same seed gives the same intervals.
  CHECK(jansen_indices(v, 500, 2024, 1 - 0.05 / 6)[0].first_lo == s[0].first_lo);
}

TEST_CASE("Sobol' indices refuse a KPI that never varies") {
  SaltelliValues v{{1, 1, 1}, {1, 1, 1}, {{1, 1, 1}}};
  CHECK_THROWS_AS(jansen_indices(v, 10, 1), InputError);
}

TEST_CASE("PRIM recovers a box planted in synthetic data") {
  // Of interest: x0 in [0.2, 0.6] and x2 > 0.7, plus 2% of cases flipped at random.
  const std::size_t n = 5000;
  std::vector<std::vector<double>> x(5, std::vector<double>(n));
  std::vector<char> hit(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < 5; ++j)
      x[j][i] = u(7, i, j);
    const bool planted = x[0][i] >= 0.2 && x[0][i] <= 0.6 && x[2][i] > 0.7;
    hit[i] = static_cast<char>(planted != (u(8, i, 0) < 0.02));
  }
  const std::vector<PrimBox> trajectory = prim_peel(x, hit);
  REQUIRE(trajectory.size() > 3);
  CHECK(trajectory.front().coverage == 1);
  CHECK(trajectory.front().support == 1);
  for (std::size_t k = 1; k < trajectory.size(); ++k) {
    CHECK(trajectory[k].density >= trajectory[k - 1].density);
    CHECK(trajectory[k].cases < trajectory[k - 1].cases);
  }
  // The densest box with most of the cases of interest: the planted one.
  const PrimBox* chosen = nullptr;
  for (const PrimBox& b : trajectory) {
    if (b.coverage >= 0.8) chosen = &b;
  }
  REQUIRE(chosen != nullptr);
  CHECK(chosen->density > 0.85);
  CHECK(chosen->restricts(0));
  CHECK(chosen->restricts(2));
  CHECK(chosen->lower[0] == doctest::Approx(0.2).epsilon(0.1));
  CHECK(chosen->upper[0] == doctest::Approx(0.6).epsilon(0.1));
  CHECK(chosen->lower[2] == doctest::Approx(0.7).epsilon(0.1));
  for (const std::size_t j : {1, 3, 4}) {
    CAPTURE(j);
    CHECK(!chosen->restricts(j));
  }
  // Dropping a real restriction dilutes the box.
  CHECK(density_without(*chosen, 2, x, hit) < chosen->density - 0.3);
}

TEST_CASE("conditions: parsing, missing values, and messages") {
  const Condition missed = parse_condition("target_by_deadline == 0", std::nullopt);
  CHECK(missed.kpi == Kpi::target_by_deadline);
  CHECK(missed.holds(0));
  CHECK_FALSE(missed.holds(1));
  const Condition late = parse_condition(" >= 30", Kpi::target_month);
  CHECK(late.op == Condition::Op::ge);
  CHECK(late.holds(std::numeric_limits<double>::quiet_NaN()));  // never reached: late
  CHECK(late.describe() == "target_month >= 30");
  CHECK(parse_condition("global_rank_end>2", std::nullopt).holds(3));
  CHECK(parse_condition("stores_end <= 1e4", std::nullopt).value == 10000);
  CHECK_THROWS_WITH_AS(
      parse_condition("stores_ned < 3", std::nullopt),
      "--when is 'stores_ned < 3', but 'stores_ned' is not a KPI; did you mean 'stores_end'?",
      InputError);
  CHECK_THROWS_WITH_AS(parse_condition("< 3", std::nullopt),
                       "--when is '< 3', but names no KPI; write 'KPI OP NUMBER' or give --kpi",
                       InputError);
  CHECK_THROWS_AS(parse_condition("stores_end = 3", std::nullopt), InputError);
  CHECK_THROWS_AS(parse_condition("stores_end < x", std::nullopt), InputError);
  CHECK_THROWS_AS(parse_condition("stores_end < 3", Kpi::target_month), InputError);
}
