// Random streams: uniform and normal draws, addressing, and the input sampler tested for
// goodness of fit (Kolmogorov-Smirnov) with a fixed seed.

#include <doctest/doctest.h>

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <set>

#include "engine_helpers.hpp"
#include "fit_helpers.hpp"
#include "random/binomial.hpp"
#include "rollout/inputs/sampler.hpp"
#include "rollout/random/random_streams.hpp"

using namespace rollout;

using test::ks_critical;
using test::ks_statistic;

TEST_CASE("draws are a pure function of their address") {
  const ReplicationStreams a(7, 3), b(7, 3), other_rep(7, 4), other_seed(8, 3);
  CHECK(a.uniform(Stream::inputs, 0, 11) == b.uniform(Stream::inputs, 0, 11));
  CHECK(a.uniform(Stream::inputs, 0, 11) != other_rep.uniform(Stream::inputs, 0, 11));
  CHECK(a.uniform(Stream::inputs, 0, 11) != other_seed.uniform(Stream::inputs, 0, 11));
  CHECK(a.uniform(Stream::inputs, 0, 11) != a.uniform(Stream::demand, 0, 11));
  CHECK(a.uniform(Stream::inputs, 0, 11) != a.uniform(Stream::inputs, 1, 11));
  CHECK(a.normals(Stream::demand, -1, 0).v[2] == b.normals(Stream::demand, -1, 0).v[2]);
  CHECK(name_slot("plan.execution_rate") != name_slot("plan.execution_rat"));
}

TEST_CASE("normal() is the first of normals() at the same address, to the bit") {
  for (std::uint64_t rep = 0; rep < 200; ++rep) {
    const ReplicationStreams s(7, rep);
    for (int month = -1; month < 3; ++month) {
      const double one = s.normal(Stream::momentum, month, rep * 31 + 5);
      CHECK(one == s.normals(Stream::momentum, month, rep * 31 + 5).v[0]);
      CHECK(one != s.normals(Stream::momentum, month, rep * 31 + 6).v[0]);
    }
  }
}

TEST_CASE("uniforms lie in (0, 1) and pass a KS test, as do normals") {
  std::vector<double> u, z;
  for (std::uint64_t rep = 0; rep < 5000; ++rep) {
    const ReplicationStreams s(2024, rep);
    u.push_back(s.uniform(Stream::inputs, 0, 99));
    const Normal4 n = s.normals(Stream::demand, 5, 1);
    z.insert(z.end(), n.v, n.v + 4);
  }
  CHECK(*std::min_element(u.begin(), u.end()) > 0);
  CHECK(*std::max_element(u.begin(), u.end()) < 1);
  CHECK(ks_statistic(u, [](double x) { return x; }) < ks_critical(u.size()));
  CHECK(ks_statistic(z, [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }) <
        ks_critical(z.size()));
}

TEST_CASE("normals fit the standard normal in the body and in the tail (fixed seed)") {
  // Two million draws of Boost.Random's ziggurat fed by the addressed words of
  // sim/random/random_streams.cpp, so that its rare paths run thousands of times: the wedges
  // and retries (about 3% of draws, each taking further words) and the tail beyond
  // r = 3.4426 (5.8e-4 of draws). Pearson's chi-square over 400 cells of equal probability
  // finds a wedge or layer off by a fraction of a percent; the tail is checked by its
  // frequency and its mean excess over r, each within 4 standard errors.
  constexpr std::size_t cells = 400, calls = 500000;
  const boost::math::normal_distribution<double> law;
  std::vector<double> edges(cells - 1);
  for (std::size_t c = 1; c < cells; ++c)
    edges[c - 1] = boost::math::quantile(law, static_cast<double>(c) / cells);
  std::vector<double> counts(cells);
  const double r = 3.4426198558966521;
  double tail = 0, tail_excess = 0;
  for (std::uint64_t i = 0; i < calls; ++i) {
    const Normal4 n = ReplicationStreams(31, i / 1000).normals(Stream::demand, 3, i % 1000);
    for (double z : n.v) {
      ++counts[static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), z) -
                                        edges.begin())];
      if (std::fabs(z) > r) {
        ++tail;
        tail_excess += std::fabs(z) - r;
      }
    }
  }
  const double draws = 4.0 * calls, expected = draws / cells;
  double statistic = 0;
  for (double c : counts)
    statistic += (c - expected) * (c - expected) / expected;
  const boost::math::chi_squared_distribution<double> reference(cells - 1);
  CHECK(statistic < boost::math::quantile(boost::math::complement(reference, 0.001)));
  // P(|Z| > r) = 2 Q(r); the count is binomial.
  const double p = 2 * boost::math::cdf(boost::math::complement(law, r));
  CHECK(std::fabs(tail - draws * p) < 4 * std::sqrt(draws * p * (1 - p)));
  // Beyond r, |Z| has mean m = phi(r) / Q(r) and variance 1 + r m - m^2 (the truncated
  // normal's), so the mean excess over r of the `tail` draws has standard error
  // sqrt(variance / tail).
  const double m = boost::math::pdf(law, r) / (p / 2), mean = m - r;
  const double variance = 1 + r * m - m * m;
  CHECK(std::fabs(tail_excess / tail - mean) < 4 * std::sqrt(variance / tail));
}

namespace {
// Pearson's chi-square of `draws` binomial draws against the Binomial(n, p) masses, with
// cells pooled until each expects at least 5 draws, and its 0.1% critical value: a correct
// sampler fails one (n, p) in a thousand, a fixed seed makes that never or always.
struct ChiSquare {
  double statistic, critical;
};
// `draw(i)` gives the i-th draw; by default binomial() from an engine of replication i.
template <class Draw>
ChiSquare binomial_fit(std::int64_t n, double p, int draws, Draw draw) {
  std::vector<double> counts(static_cast<std::size_t>(n) + 1);
  for (int i = 0; i < draws; ++i)
    ++counts[static_cast<std::size_t>(draw(static_cast<std::uint64_t>(i)))];
  const boost::math::binomial_distribution<double> law(static_cast<double>(n), p);
  double statistic = 0, expected = 0, observed = 0;
  int cells = 0;
  for (std::int64_t x = 0; x <= n; ++x) {
    expected += draws * boost::math::pdf(law, static_cast<double>(x));
    observed += counts[static_cast<std::size_t>(x)];
    if (expected >= 5 || x == n) {
      statistic += (observed - expected) * (observed - expected) / std::max(expected, 1e-300);
      expected = observed = 0;
      ++cells;
    }
  }
  const boost::math::chi_squared_distribution<double> reference(std::max(1, cells - 1));
  return {statistic, boost::math::quantile(boost::math::complement(reference, 0.001))};
}
ChiSquare binomial_fit(std::int64_t n, double p, int draws) {
  return binomial_fit(n, p, draws, [n, p](std::uint64_t i) {
    const ReplicationStreams streams(99, i);
    auto engine = streams.engine(Stream::closures, 3, 7);
    return binomial(n, p, engine);
  });
}
}  // namespace

TEST_CASE("binomial draws fit their distribution (chi-square, fixed seed)") {
  // Inversion (small means, both sides of p = 1/2), Boost's BTRD (large means), and the
  // shapes of the model: closures (many stores, small hazard), execution (p = 0.8).
  const std::vector<std::pair<std::int64_t, double>> cases = {
      {1, 0.3}, {25, 0.8}, {25, 0.1}, {400, 0.004}, {3000, 0.003}, {200, 0.5}, {5000, 0.2}};
  for (const auto& entry : cases) {
    const auto& n = std::get<0>(entry);
    const auto& p = std::get<1>(entry);
    CAPTURE(n);
    CAPTURE(p);
    const ChiSquare fit = binomial_fit(n, p, 20000);
    CHECK(fit.statistic < fit.critical);
  }
  auto engine = ReplicationStreams(1, 1).engine(Stream::closures, 0, 0);
  CHECK(binomial(0, 0.5, engine) == 0);
  CHECK(binomial(10, 0.0, engine) == 0);
  CHECK(binomial(10, 1.0, engine) == 10);
  CHECK(binomial(-3, 0.5, engine) == 0);
}

TEST_CASE("inversion from vectorised start masses and one lane of a generator call fits too") {
  // The closures' path (sim/engine/replication_month.cpp): start masses for many draws at once,
  // each walk from one lane of a four-lane call. Each lane is checked, as each is one format's.
  const std::vector<std::pair<std::int64_t, double>> cases = {
      {400, 0.004}, {3000, 0.003}, {25, 0.1}, {1, 0.3}, {30, 0.8}};
  for (const auto& entry : cases) {
    const auto& n = std::get<0>(entry);
    const auto& p = std::get<1>(entry);
    const Eigen::ArrayXd trials = Eigen::ArrayXd::Constant(1, static_cast<double>(n)),
                         hazard = Eigen::ArrayXd::Constant(1, p);
    Eigen::ArrayXd start(1);
    binomial_start_masses(trials, hazard, start);
    REQUIRE(binomial_by_inversion(n, p));
    for (std::size_t lane = 0; lane < 4; ++lane) {
      CAPTURE(n);
      CAPTURE(p);
      CAPTURE(lane);
      const ChiSquare fit = binomial_fit(n, p, 20000, [&](std::uint64_t i) {
        const auto bits = ReplicationStreams(99, i).block(Stream::closures, 3, 7);
        return binomial_inversion(n, p, start[0], open_unit(bits[lane]));
      });
      CHECK(fit.statistic < fit.critical);
    }
  }
}

TEST_CASE("the walks in SIMD lanes give each draw the scalar inversion's count, to the bit") {
  // Draws of every kind side by side, as the engine makes them: both sides of p = 1/2, means from
  // tiny to near the inversion's limit, n = 1, and draws left out (uniform 0). 1003 draws leave a
  // last group of lanes only partly filled. Uniforms near 1 make the long walks that end at x = n.
  const std::size_t size = 1003;
  std::vector<double> trials(size), odds(size), start(size), uniforms(size), rarer(size);
  std::vector<std::int64_t> n(size);
  std::vector<double> p(size);
  const ReplicationStreams streams(5, 11);
  for (std::size_t i = 0; i < size; ++i) {
    const auto bits = streams.block(Stream::closures, 0, i);
    n[i] = 1 + static_cast<std::int64_t>(bits[0] % 400);
    const double mean = 9.9 * open_unit(bits[1]);
    const double q = std::min(0.5, mean / static_cast<double>(n[i]));
    p[i] = bits[2] % 2 == 0 ? q : 1 - q;
    trials[i] = static_cast<double>(n[i]);
    odds[i] = binomial_rarer_odds(p[i]);
    start[i] = binomial_start_mass(n[i], p[i]);
    uniforms[i] = i % 17 == 0 ? 0.0 : i % 13 == 0 ? 1 - 0x1p-53 : open_unit(bits[3]);
  }
  // The vectorised odds are the scalar ones, to the bit.
  Eigen::ArrayXd vector_odds(static_cast<Eigen::Index>(size));
  binomial_rarer_odds(Eigen::Map<const Eigen::ArrayXd>(p.data(), vector_odds.size()), vector_odds);
  for (std::size_t i = 0; i < size; ++i)
    CHECK(vector_odds[static_cast<Eigen::Index>(i)] == odds[i]);
  binomial_inversion_walks(trials, odds, start, uniforms, rarer);
  int walked = 0, flipped = 0;
  for (std::size_t i = 0; i < size; ++i) {
    CAPTURE(i);
    if (uniforms[i] == 0) {
      CHECK(rarer[i] == 0);
      continue;
    }
    REQUIRE(binomial_by_inversion(n[i], p[i]));
    const std::int64_t draw = binomial_from_rarer(n[i], p[i], static_cast<std::int64_t>(rarer[i]));
    CHECK(draw == binomial_inversion(n[i], p[i], start[i], uniforms[i]));
    ++walked;
    flipped += p[i] > 0.5 ? 1 : 0;
  }
  CHECK(walked > 900);
  CHECK(flipped > 400);
}

TEST_CASE("the input sampler draws each distribution with its own marginal (KS, fixed seed)") {
  const Model model(test::variant("tests/data/valid/every-distribution.yaml", "name: fit"));
  InputSampler sampler(model);
  const auto& inputs = model.uncertain_inputs();
  const std::size_t n = 4000;
  std::vector<std::vector<double>> draws(inputs.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Inputs& in = sampler.sample(ReplicationStreams(99, i));
    for (std::size_t j = 0; j < inputs.size(); ++j)
      draws[j].push_back(in.uncertain_values[j]);
  }
  // Each draw is quantile(u) of a KS-tested uniform; check the composition end to end
  // through the CDF implied by the quantile function (bisection on quantile).
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    CAPTURE(inputs[j].name);
    const Distribution& d = inputs[j].param->distribution;
    if (std::holds_alternative<Discrete>(d)) continue;  // checked below by frequency
    auto cdf = [&](double x) { return test::cdf_by_bisection(d, x); };
    CHECK(ks_statistic(draws[j], cdf) < ks_critical(n));
  }
  // The discrete halo elasticity: weights 1, 2, 1 over -0.1, 0, 0.1; each frequency within
  // 4 standard errors sqrt(p (1 - p) / n).
  const auto halo = std::find_if(inputs.begin(), inputs.end(), [](const UncertainInput& u) {
    return u.name == "effects.halo_elasticity";
  });
  REQUIRE(halo != inputs.end());
  const auto& values = draws[static_cast<std::size_t>(halo - inputs.begin())];
  for (const auto& [value, p] :
       std::vector<std::pair<double, double>>{{-0.1, 0.25}, {0, 0.5}, {0.1, 0.25}}) {
    const double freq = static_cast<double>(std::count(values.begin(), values.end(), value)) / n;
    CHECK(std::fabs(freq - p) < 4 * std::sqrt(p * (1 - p) / n));
  }
}

TEST_CASE("per-year inputs draw once per simulated year, each under its own name") {
  const Model model(test::variant("scenarios/china-30k.yaml", "name: years"));
  std::set<std::string> names;
  for (const UncertainInput& u : model.uncertain_inputs())
    names.insert(u.name);
  CHECK(names.count("market.growth_per_year.y1") == 1);
  CHECK(names.count("market.growth_per_year.y3") == 1);
  CHECK(names.count("market.growth_per_year.y4") == 0);  // 36 months: three years
  CHECK(names.count("rest_of_world.growth_per_year.y2") == 1);
  CHECK(names.count("plan.execution_rate") == 1);
  CHECK(names.count("plan.lead_time_months") == 0);  // fixed inputs are not drawn
}
