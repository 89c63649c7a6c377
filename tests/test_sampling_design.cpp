// Sampling designs (random, LHS, Sobol') and rank-correlated inputs through the Gaussian
// copula. Statistical checks use fixed seeds; their tolerances are stated in standard
// errors next to each.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "engine_helpers.hpp"
#include "fit_helpers.hpp"
#include "rollout/common/statistics.hpp"
#include "rollout/inputs/sampler.hpp"
#include "rollout/inputs/sampling_design.hpp"
#include "rollout/model/copula.hpp"

using namespace rollout;

namespace {

const char* const kCorrelated = R"(
correlations:
  - between: [plan.execution_rate, plan.new_store_productivity]
    spearman: 0.6
  - between: [effects.store_elasticity, market.growth_per_year.y1]
    spearman: -0.4
  - between: [plan.execution_rate, effects.store_elasticity]
    spearman: 0.2
)";

Scenario small(const std::string& sampling, const std::string& more = "") {
  return test::variant("tests/regression/small.yaml",
                       "simulation: {sampling: " + sampling + "}\n" + more);
}

// Every uncertain input's value in each of `n` replications: [input][replication].
std::vector<std::vector<double>> draws(const Model& model, std::size_t n) {
  const InputDesign design(model, 0, n);
  InputSampler sampler(model);
  std::vector<std::vector<double>> out(model.uncertain_inputs().size());
  std::vector<double> uniforms, scratch;
  for (std::size_t i = 0; i < n; ++i) {
    design.uniforms(i, uniforms, scratch);
    const Inputs& in = sampler.from_uniforms(uniforms);
    for (std::size_t j = 0; j < out.size(); ++j)
      out[j].push_back(in.uncertain_values[j]);
  }
  return out;
}

std::size_t input_index(const Model& model, const std::string& name) {
  const auto& inputs = model.uncertain_inputs();
  const auto it = std::find_if(inputs.begin(), inputs.end(),
                               [&](const UncertainInput& u) { return u.name == name; });
  REQUIRE_MESSAGE(it != inputs.end(), name);
  return static_cast<std::size_t>(it - inputs.begin());
}

// The stratum (0..n-1) of each uniform of input j in each replication.
std::vector<std::size_t> strata(const InputDesign& design, std::size_t j, std::size_t n) {
  std::vector<double> uniforms, scratch;
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < n; ++i) {
    design.uniforms(i, uniforms, scratch);
    out.push_back(static_cast<std::size_t>(uniforms[j] * static_cast<double>(n)));
  }
  return out;
}

bool is_permutation_of_indices(std::vector<std::size_t> v) {
  std::sort(v.begin(), v.end());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != i) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("copula: achieved rank correlations match their targets in every design") {
  const std::size_t n = 10000;
  // Fisher's z of a Spearman correlation has sd about sqrt(1.06 / (n - 3)) (Fieller,
  // Hartley and Pearson 1957); allow 4 of them.
  const double tolerance = 4 * std::sqrt(1.06 / (n - 3));
  for (const std::string sampling : {"random", "lhs", "sobol"}) {
    CAPTURE(sampling);
    const Model model(small(sampling, kCorrelated));
    const auto values = draws(model, n);
    const std::vector<std::tuple<std::string, std::string, double>> pairs{
        {"plan.execution_rate", "plan.new_store_productivity", 0.6},
        {"effects.store_elasticity", "market.growth_per_year.y1", -0.4},
        {"plan.execution_rate", "effects.store_elasticity", 0.2},
        {"plan.new_store_productivity", "effects.store_elasticity", 0.0},  // not set: none
        {"plan.execution_rate", "effects.halo_elasticity", 0.0},
    };
    for (const auto& entry : pairs) {
      const auto& a = std::get<0>(entry);
      const auto& b = std::get<1>(entry);
      const auto& target = std::get<2>(entry);
      CAPTURE(a);
      CAPTURE(b);
      const double r = spearman(values[input_index(model, a)], values[input_index(model, b)]);
      CHECK(std::abs(std::atanh(r) - std::atanh(target)) < tolerance);
    }
  }
}

TEST_CASE("copula: marginals keep their distributions (KS at 0.1%, fixed seed)") {
  const Model model(small("random", kCorrelated));
  const std::size_t n = 5000;
  const auto values = draws(model, n);
  for (const std::string name : {"plan.execution_rate", "plan.new_store_productivity",
                                 "effects.store_elasticity", "market.growth_per_year.y1"}) {
    CAPTURE(name);
    const std::size_t j = input_index(model, name);
    const Distribution& d = model.uncertain_inputs()[j].param->distribution;
    CHECK(test::ks_statistic(values[j], [&](double x) { return test::cdf_by_bisection(d, x); }) <
          test::ks_critical(n));
  }
}

TEST_CASE("copula: the sampler and the runner draw the same correlated inputs") {
  const Model model(small("random", kCorrelated));
  const OutcomeTable table = test::run(model, 8);
  InputSampler sampler(model);
  for (std::size_t i = 0; i < 8; ++i) {
    const Inputs& in = sampler.sample(ReplicationStreams(model.scenario().simulation.seed, i));
    for (std::size_t j = 0; j < table.inputs(); ++j)
      CHECK(table.input(i, j) == in.uncertain_values[j]);
  }
}

TEST_CASE("LHS: each input has exactly one draw in each stratum") {
  for (const std::size_t n : {std::size_t{7}, std::size_t{1000}}) {
    for (const std::string overlay : {"", kCorrelated}) {
      CAPTURE(n);
      CAPTURE(overlay);
      const Model model(small("lhs", overlay));
      const InputDesign design(model, 0, n);
      for (std::size_t j = 0; j < model.uncertain_inputs().size(); ++j) {
        CAPTURE(model.uncertain_inputs()[j].name);
        CHECK(is_permutation_of_indices(strata(design, j, n)));
      }
    }
  }
}

TEST_CASE("designs: LHS depends on the replication count, random and Sobol' do not") {
  for (const std::string sampling : {"random", "lhs", "sobol"}) {
    CAPTURE(sampling);
    const Model model(small(sampling));
    const InputDesign hundred(model, 0, 100), thousand(model, 0, 1000);
    std::vector<double> a, b, scratch;
    hundred.uniforms(5, a, scratch);
    thousand.uniforms(5, b, scratch);
    CHECK((a == b) == (sampling != "lhs"));
  }
}

TEST_CASE("Sobol': the first 2^k points put one point in each 1/2^k of every input") {
  const std::size_t n = 256;
  std::set<std::vector<double>> first_points;
  for (const std::string seed : {"1", "2"}) {
    const Model model(test::variant("tests/regression/small.yaml",
                                    "simulation: {sampling: sobol, seed: " + seed + "}"));
    const InputDesign design(model, 0, n);
    for (std::size_t j = 0; j < model.uncertain_inputs().size(); ++j) {
      CAPTURE(model.uncertain_inputs()[j].name);
      CHECK(is_permutation_of_indices(strata(design, j, n)));
    }
    std::vector<double> u, scratch;
    design.uniforms(0, u, scratch);
    first_points.insert(u);
  }
  CHECK(first_points.size() == 2);  // each seed shifts the points differently
}

TEST_CASE("designs: results are identical at 1, 2 and 4 threads") {
  for (const std::string sampling : {"lhs", "sobol"}) {
    CAPTURE(sampling);
    const Model model(small(sampling, kCorrelated));
    const OutcomeTable one = test::run(model, 40, 1);
    for (const unsigned threads : {2u, 4u}) {
      const OutcomeTable more = test::run(model, 40, threads);
      for (std::size_t i = 0; i < 40; ++i) {
        for (std::size_t k = 0; k < kKpiCount; ++k) {
          const double x = one.kpi(i, static_cast<Kpi>(k)), y = more.kpi(i, static_cast<Kpi>(k));
          CHECK(((x == y) || (std::isnan(x) && std::isnan(y))));
        }
        for (std::size_t j = 0; j < one.inputs(); ++j)
          CHECK(one.input(i, j) == more.input(i, j));
      }
    }
  }
}

TEST_CASE("nearest correlation matrix: Higham's example") {
  // Higham (2002), section 4: the nearest correlation matrix to this one.
  Eigen::MatrixXd a(3, 3);
  a << 1, 1, 0, 1, 1, 1, 0, 1, 1;
  const Eigen::MatrixXd x = nearest_correlation(a, 0);
  Eigen::MatrixXd expected(3, 3);
  expected << 1, 0.7607, 0.1573, 0.7607, 1, 0.7607, 0.1573, 0.7607, 1;
  CHECK((x - expected).cwiseAbs().maxCoeff() < 1e-4);
}

TEST_CASE("inconsistent correlations are repaired on request and the repair is reported") {
  const std::string inconsistent = R"(
simulation: {nearest_correlation: true}
correlations:
  - {between: [plan.execution_rate, effects.store_elasticity], spearman: 0.9}
  - {between: [effects.store_elasticity, effects.halo_elasticity], spearman: 0.9}
  - {between: [plan.execution_rate, effects.halo_elasticity], spearman: -0.9}
)";
  const Model model(test::variant("tests/regression/small.yaml", inconsistent));
  REQUIRE(model.copula() != nullptr);
  const GaussianCopula& copula = *model.copula();
  CHECK(copula.repaired());
  const Eigen::MatrixXd used = copula.used_spearman();
  const Eigen::MatrixXd pearson = used.unaryExpr([](double r) { return pearson_from_spearman(r); });
  CHECK(Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(pearson).eigenvalues()(0) > 0);
  CHECK((used.diagonal().array() - 1).abs().maxCoeff() < 1e-12);
  // Still close to what was asked: the repair moves each target by less than 0.5.
  CHECK((used - copula.target_spearman()).cwiseAbs().maxCoeff() < 0.5);
  CHECK((used - copula.target_spearman()).cwiseAbs().maxCoeff() > 0.05);
}
