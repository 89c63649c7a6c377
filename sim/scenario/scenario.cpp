#include "rollout/scenario/scenario.hpp"

#include <fmt/format.h>
#include <cmath>

namespace rollout {

double Param::fixed_value() const {
  if (!is_fixed()) {
    throw InternalError(
        fmt::format("{} is {}, but a fixed number was expected", name, describe(distribution)));
  }
  return std::get<Fixed>(distribution).value;
}

std::size_t Scenario::focal_index() const {
  for (std::size_t b = 0; b < brands.size(); ++b) {
    if (brands[b].focal) return b;
  }
  throw InternalError("scenario has no focal brand (validation should have caught this)");
}

std::size_t Scenario::region_index(const std::string& region_name) const {
  for (std::size_t r = 0; r < regions.size(); ++r) {
    if (regions[r].name == region_name) return r;
  }
  return regions.size();
}

std::size_t Scenario::brand_index(const std::string& brand_name) const {
  for (std::size_t b = 0; b < brands.size(); ++b) {
    if (brands[b].name == brand_name) return b;
  }
  return brands.size();
}

std::vector<const Param*> Scenario::params() const {
  std::vector<const Param*> all{&market.units_per_year,
                                &market.demand_weight_exponent,
                                &market.growth_per_year,
                                &market.offline_share,
                                &market.offline_share_drift_per_year,
                                &market.shocks.sd,
                                &market.shocks.national_weight,
                                &market.shocks.spatial_dependence,
                                &market.shocks.persistence,
                                &rest_of_world.growth_per_year,
                                &rest_of_world.shock_sd};
  for (const Brand& b : brands) {
    all.insert(all.end(),
               {&b.third_party_presence_per_million, &b.store_growth_per_year,
                &b.row_units_per_quarter, &b.row_growth_per_year, &b.momentum_sd_per_year});
  }
  all.insert(all.end(),
             {&effects.store_elasticity, &effects.halo_elasticity, &effects.neighbour_spillover,
              &plan.planning_execution_rate, &plan.execution_rate, &plan.new_store_productivity,
              &plan.underperformance_closure_factor});
  for (const StoreFormat& f : plan.formats) {
    all.insert(all.end(), {&f.presence_weight, &f.ramp_months, &f.closure_rate_per_year,
                           &f.break_even_units_per_month});
  }
  return all;
}

std::vector<double> demand_weights(const std::vector<Region>& regions, double exponent) {
  double population = 0, gdp_times_population = 0;
  for (const Region& r : regions) {
    population += r.population_millions;
    gdp_times_population += r.population_millions * r.gdp_per_capita;
  }
  const double mean_gdp = gdp_times_population / population;
  std::vector<double> w;
  w.reserve(regions.size());
  double total = 0;
  for (const Region& r : regions) {
    w.push_back(r.population_millions * std::pow(r.gdp_per_capita / mean_gdp, exponent));
    total += w.back();
  }
  for (double& x : w)
    x /= total;
  return w;
}

double implied_offline_share(const Brand& brand, double national_offline_share) {
  return (brand.china_share - (1 - national_offline_share) * brand.online_share) /
         national_offline_share;
}

std::string to_string(Allocation a) {
  switch (a) {
    case Allocation::population:
      return "population";
    case Allocation::demand:
      return "demand";
    case Allocation::headroom:
      return "headroom";
    case Allocation::marginal:
      return "marginal";
    case Allocation::fixed:
      return "fixed";
  }
  throw InternalError("unknown Allocation value");
}

std::string to_string(AfterDeadline a) {
  switch (a) {
    case AfterDeadline::keep_target:
      return "keep_target";
    case AfterDeadline::stop:
      return "stop";
  }
  throw InternalError("unknown AfterDeadline value");
}

bool Scenario::is_per_year(const Param* p) const {
  return p == &market.growth_per_year || p == &rest_of_world.growth_per_year;
}

std::vector<UncertainInput> uncertain_inputs(const Scenario& scenario) {
  std::vector<UncertainInput> inputs;
  for (const Param* p : scenario.params()) {
    if (p->is_fixed()) continue;
    if (scenario.is_per_year(p)) {
      for (int y = 0; y < scenario.years(); ++y)
        inputs.push_back({fmt::format("{}.y{}", p->name, y + 1), p});
    } else {
      inputs.push_back({p->name, p});
    }
  }
  return inputs;
}

std::string to_string(Sampling s) {
  switch (s) {
    case Sampling::random:
      return "random";
    case Sampling::lhs:
      return "lhs";
    case Sampling::sobol:
      return "sobol";
  }
  return "random";
}

}  // namespace rollout
