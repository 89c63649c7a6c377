#include "rollout/model/model.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace rollout {
namespace {

// c(t): piecewise linear through the points, flat before the first and after the last.
double capacity_at(const std::vector<CapacityPoint>& points, int t) {
  if (points.empty()) return 0;
  if (t <= points.front().month) return points.front().openings;
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (t <= points[i].month) {
      const CapacityPoint& a = points[i - 1];
      const CapacityPoint& b = points[i];
      const double f = static_cast<double>(t - a.month) / static_cast<double>(b.month - a.month);
      return a.openings + f * (b.openings - a.openings);
    }
  }
  return points.back().openings;
}

}  // namespace

Model::Model(Scenario scenario)
    : scenario_(std::move(scenario)), focal_(scenario_.focal_index()), graph_(scenario_.regions) {
  for (const Region& r : scenario_.regions) {
    population_.push_back(r.population_millions);
    focal_capacity_.push_back(r.focal_capacity.value_or(static_cast<std::int64_t>(
        std::floor(scenario_.plan.density_cap_per_million * r.population_millions))));
  }
  if (scenario_.market.shocks.spatial_dependence.is_fixed()) {
    fixed_factor_ =
        graph_.correlation_factor(scenario_.market.shocks.spatial_dependence.fixed_value());
  }
  for (int t = 0; t < months(); ++t) {
    const auto calendar = static_cast<std::size_t>((scenario_.start_month + t).month() - 1);
    capacity_.push_back(capacity_at(scenario_.plan.opening_capacity, t));
    season_.push_back(scenario_.market.seasonality[calendar]);
    season_row_.push_back(scenario_.rest_of_world.seasonality[calendar]);
  }
  regional_stores_.assign(regions() * brands(), 0);
  regional_brand_.assign(brands(), 0);
  for (std::size_t r = 0; r < regions(); ++r) {
    for (const auto& [brand, count] : scenario_.regions[r].initial_stores) {
      const std::size_t b = scenario_.brand_index(brand);
      regional_stores_[r * brands() + b] = count;
      regional_brand_[b] = 1;
    }
  }
  for (const Brand& b : scenario_.brands)
    brand_slot_.push_back(name_slot(b.name));
  uncertain_ = rollout::uncertain_inputs(scenario_);
  if (!scenario_.correlations.empty()) {
    CorrelationTargets targets = correlation_targets(scenario_.correlations);
    std::vector<std::size_t> positions;
    for (const std::string& name : targets.names) {
      const auto it = std::find_if(uncertain_.begin(), uncertain_.end(),
                                   [&](const UncertainInput& u) { return u.name == name; });
      if (it == uncertain_.end()) {
        throw InputError(fmt::format("correlations: '{}' is not an uncertain input of {}", name,
                                     scenario_.name));
      }
      positions.push_back(static_cast<std::size_t>(it - uncertain_.begin()));
    }
    copula_.emplace(std::move(targets), std::move(positions),
                    scenario_.simulation.nearest_correlation);
  }
}

std::string Model::month_label(int t) const {
  return (scenario_.first_calendar_month() + t).text();
}

std::string Model::quarter_label(int q) const {
  return (scenario_.first_calendar_month() + (first_quarter_month() + 3 * q)).quarter_text();
}

}  // namespace rollout
