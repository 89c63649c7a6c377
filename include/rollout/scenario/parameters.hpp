#pragma once
// The one list of the model's parameters: each uncertain-capable input of the scenario
// (a Param) paired with the field of Inputs that carries its value in one replication.
// Adding a model input is one line in visit_parameters() plus its use in the engine; the
// order of the lines is the order of the input columns of replications.csv
// (docs/outputs.md). Each Param meets its field on one
// line, so the scenario's list and the sampler's cannot drift apart; whether an input is
// drawn once per year follows from its field's type (PerYear).

#include <cstddef>
#include <type_traits>
#include <vector>

#include "rollout/scenario/scenario.hpp"

namespace rollout {

struct BrandInputs {
  double third_party_presence = 0;  // tau_b
  double store_growth = 0;          // mu_b
  double row_units = 0;             // X_b
  double row_growth = 0;            // h_b
  double momentum_sd = 0;           // sigma_m_b
};

struct FormatInputs {
  double presence_weight = 1;
  double ramp_months = 1;
  double closure_rate = 0;
  double break_even = 1;
  double fixed_cost = 0, capital_cost = 0, closure_cost = 0;  // economics only
};

struct EconomicsInputs {
  double own_store_margin = 0, third_party_margin = 0, online_margin = 0, discount_rate = 0;
};

// Log growth drawn once per simulated year: one value per year of the horizon.
struct PerYear {
  std::vector<double> by_year;
  double operator[](std::size_t year) const { return by_year[year]; }
};

// The inputs of one replication, every one a plain number.
struct Inputs {
  double units_per_year = 0, demand_weight_exponent = 0, offline_share = 0, offline_share_drift = 0;
  double shock_sd = 0, national_weight = 0, spatial_dependence = 0, persistence = 0;
  double row_shock_sd = 0;
  double store_elasticity = 1, halo_elasticity = 0, neighbour_spillover = 0;
  double planning_execution_rate = 1, execution_rate = 1, new_store_productivity = 1,
         underperformance_factor = 0;
  PerYear growth, row_growth;
  std::vector<BrandInputs> brands;
  std::vector<FormatInputs> formats;
  EconomicsInputs economics;  // zeros without an economics block
  // The drawn value of each of uncertain_inputs(scenario), in that order.
  std::vector<double> uncertain_values;
};

// Inputs with one entry per brand, format and simulated year of `scenario`.
Inputs inputs_shaped_for(const Scenario& scenario);

// Calls visit(param, field) for every Param of `scenario` with its field in `inputs`
// (shaped for that scenario), in the documented order: a Param with a double&, or, for
// inputs drawn once per year, a YearlyParam with a PerYear&.
template <class ScenarioRef, class InputsRef, class Visit>
void visit_parameters(ScenarioRef& s, InputsRef& in, Visit&& visit) {
  static_assert(std::is_same_v<std::remove_const_t<ScenarioRef>, Scenario>);
  static_assert(std::is_same_v<std::remove_const_t<InputsRef>, Inputs>);
  visit(s.market.units_per_year, in.units_per_year);
  visit(s.market.demand_weight_exponent, in.demand_weight_exponent);
  visit(s.market.growth_per_year, in.growth);
  visit(s.market.offline_share, in.offline_share);
  visit(s.market.offline_share_drift_per_year, in.offline_share_drift);
  visit(s.market.shocks.sd, in.shock_sd);
  visit(s.market.shocks.national_weight, in.national_weight);
  visit(s.market.shocks.spatial_dependence, in.spatial_dependence);
  visit(s.market.shocks.persistence, in.persistence);
  visit(s.rest_of_world.growth_per_year, in.row_growth);
  visit(s.rest_of_world.shock_sd, in.row_shock_sd);
  for (std::size_t b = 0; b < s.brands.size(); ++b) {
    auto& brand = s.brands[b];
    auto& drawn = in.brands.at(b);
    visit(brand.third_party_presence_per_million, drawn.third_party_presence);
    visit(brand.store_growth_per_year, drawn.store_growth);
    visit(brand.row_units_per_quarter, drawn.row_units);
    visit(brand.row_growth_per_year, drawn.row_growth);
    visit(brand.momentum_sd_per_year, drawn.momentum_sd);
  }
  visit(s.effects.store_elasticity, in.store_elasticity);
  visit(s.effects.halo_elasticity, in.halo_elasticity);
  visit(s.effects.neighbour_spillover, in.neighbour_spillover);
  visit(s.plan.planning_execution_rate, in.planning_execution_rate);
  visit(s.plan.execution_rate, in.execution_rate);
  visit(s.plan.new_store_productivity, in.new_store_productivity);
  visit(s.plan.underperformance_closure_factor, in.underperformance_factor);
  for (std::size_t k = 0; k < s.plan.formats.size(); ++k) {
    auto& format = s.plan.formats[k];
    auto& drawn = in.formats.at(k);
    visit(format.presence_weight, drawn.presence_weight);
    visit(format.ramp_months, drawn.ramp_months);
    visit(format.closure_rate_per_year, drawn.closure_rate);
    visit(format.break_even_units_per_month, drawn.break_even);
  }
  if (!s.economics) return;
  auto& economics = *s.economics;
  visit(economics.own_store_margin_per_unit, in.economics.own_store_margin);
  visit(economics.third_party_margin_per_unit, in.economics.third_party_margin);
  visit(economics.online_margin_per_unit, in.economics.online_margin);
  visit(economics.discount_rate_per_year, in.economics.discount_rate);
  for (std::size_t k = 0; k < economics.formats.size(); ++k) {
    auto& costs = economics.formats[k];
    auto& drawn = in.formats.at(k);
    visit(costs.fixed_cost_per_month, drawn.fixed_cost);
    visit(costs.capital_cost_per_opening, drawn.capital_cost);
    visit(costs.cost_per_closure, drawn.closure_cost);
  }
}

}  // namespace rollout
