// The one parameter list (rollout/scenario/parameters.hpp): every scenario input reaches
// the Inputs field the engine reads under that name. Each input gets its own disjoint
// interval, so a value in another input's field would land outside its interval.

#include <doctest/doctest.h>

#include <algorithm>

#include "engine_helpers.hpp"
#include "rollout/inputs/sampler.hpp"
#include "rollout/scenario/parameters.hpp"

using namespace rollout;

namespace {

// Input number i draws from Uniform(10 i + 1, 10 i + 2).
Scenario every_input_in_its_own_interval() {
  Scenario s = test::variant("tests/regression/small.yaml", "");
  const std::vector<const Param*> params = s.params();
  for (std::size_t i = 0; i < params.size(); ++i) {
    auto* p = const_cast<Param*>(params[i]);
    const double at = 10.0 * static_cast<double>(i);
    p->distribution = Uniform{at + 1, at + 2};
  }
  return s;
}

// Whether `value` lies in the interval of `param`.
bool drawn_from(const Model& model, const Param& param, double value) {
  const std::vector<const Param*> params = model.scenario().params();
  const auto i =
      static_cast<double>(std::find(params.begin(), params.end(), &param) - params.begin());
  return value >= 10 * i + 1 && value <= 10 * i + 2;
}

}  // namespace

TEST_CASE("every scenario input reaches its own field of the replication's inputs") {
  const Model model(every_input_in_its_own_interval());
  const Scenario& s = model.scenario();
  REQUIRE(s.brands.size() >= 2);
  REQUIRE(!s.plan.formats.empty());
  InputSampler sampler(model);
  const Inputs& in = sampler.sample(ReplicationStreams(s.simulation.seed, 0));

  // The fields named as the engine reads them, one check per field, against the input
  // named in the scenario: an independent statement of the pairing.
  CHECK(drawn_from(model, s.market.units_per_year, in.units_per_year));
  CHECK(drawn_from(model, s.market.demand_weight_exponent, in.demand_weight_exponent));
  for (double g : in.growth.by_year)
    CHECK(drawn_from(model, s.market.growth_per_year.year(0), g));
  CHECK(drawn_from(model, s.market.offline_share, in.offline_share));
  CHECK(drawn_from(model, s.market.offline_share_drift_per_year, in.offline_share_drift));
  CHECK(drawn_from(model, s.market.shocks.sd, in.shock_sd));
  CHECK(drawn_from(model, s.market.shocks.national_weight, in.national_weight));
  CHECK(drawn_from(model, s.market.shocks.spatial_dependence, in.spatial_dependence));
  CHECK(drawn_from(model, s.market.shocks.persistence, in.persistence));
  for (double g : in.row_growth.by_year)
    CHECK(drawn_from(model, s.rest_of_world.growth_per_year.year(0), g));
  CHECK(drawn_from(model, s.rest_of_world.shock_sd, in.row_shock_sd));
  for (std::size_t b = 0; b < s.brands.size(); ++b) {
    const Brand& brand = s.brands[b];
    CHECK(drawn_from(model, brand.third_party_presence_per_million,
                     in.brands[b].third_party_presence));
    CHECK(drawn_from(model, brand.store_growth_per_year, in.brands[b].store_growth));
    CHECK(drawn_from(model, brand.row_units_per_quarter, in.brands[b].row_units));
    CHECK(drawn_from(model, brand.row_growth_per_year, in.brands[b].row_growth));
    CHECK(drawn_from(model, brand.momentum_sd_per_year, in.brands[b].momentum_sd));
  }
  CHECK(drawn_from(model, s.effects.store_elasticity, in.store_elasticity));
  CHECK(drawn_from(model, s.effects.halo_elasticity, in.halo_elasticity));
  CHECK(drawn_from(model, s.effects.neighbour_spillover, in.neighbour_spillover));
  CHECK(drawn_from(model, s.plan.planning_execution_rate, in.planning_execution_rate));
  CHECK(drawn_from(model, s.plan.execution_rate, in.execution_rate));
  CHECK(drawn_from(model, s.plan.new_store_productivity, in.new_store_productivity));
  CHECK(drawn_from(model, s.plan.underperformance_closure_factor, in.underperformance_factor));
  for (std::size_t k = 0; k < s.plan.formats.size(); ++k) {
    const StoreFormat& format = s.plan.formats[k];
    CHECK(drawn_from(model, format.presence_weight, in.formats[k].presence_weight));
    CHECK(drawn_from(model, format.ramp_months, in.formats[k].ramp_months));
    CHECK(drawn_from(model, format.closure_rate_per_year, in.formats[k].closure_rate));
    CHECK(drawn_from(model, format.break_even_units_per_month, in.formats[k].break_even));
  }
}

TEST_CASE("per-year inputs are the growth rates, one uncertain input per simulated year") {
  const Model model(every_input_in_its_own_interval());
  const Scenario& s = model.scenario();
  CHECK(s.is_per_year(&s.market.growth_per_year.year(0)));
  CHECK(s.is_per_year(&s.rest_of_world.growth_per_year.year(0)));
  CHECK_FALSE(s.is_per_year(&s.market.units_per_year));
  CHECK_FALSE(s.is_per_year(&s.brands[0].row_growth_per_year));
  const auto years = static_cast<std::size_t>(s.years());
  // Every Param is uncertain here: one input each, and one per year for the two growths.
  CHECK(model.uncertain_inputs().size() == s.params().size() + 2 * (years - 1));
  CHECK(model.uncertain_inputs()[2].name == "market.growth_per_year.y1");
  CHECK(model.uncertain_inputs()[1 + years].name ==
        "market.growth_per_year.y" + std::to_string(years));
}
