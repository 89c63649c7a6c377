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

LabelNames Scenario::label_names() const {
  LabelNames names{brands.at(focal_index()).name, market.name};
  if (economics) names.currency = economics->currency;
  return names;
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
  return (brand.market_share - (1 - national_offline_share) * brand.online_share) /
         national_offline_share;
}

}  // namespace rollout
