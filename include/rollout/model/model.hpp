#pragma once
// Everything computed once per scenario and shared, read-only, by all replications:
// the region graph and spatial factor, capacities, seasonal tables, the list of
// uncertain inputs, calendar labels.

#include <Eigen/Dense>
#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rollout/model/copula.hpp"
#include "rollout/model/region_graph.hpp"
#include "rollout/random/random_streams.hpp"
#include "rollout/scenario/scenario.hpp"

namespace rollout {

class Model {
 public:
  explicit Model(Scenario scenario);
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const Scenario& scenario() const { return scenario_; }
  std::size_t regions() const { return scenario_.regions.size(); }
  std::size_t brands() const { return scenario_.brands.size(); }
  std::size_t formats() const { return scenario_.plan.formats.size(); }
  std::size_t focal() const { return focal_; }
  int months() const { return scenario_.months; }
  // Calendar quarters (Jan-Mar, ...) wholly inside the horizon (docs/model.md, "Outputs
  // of one replication"): the first starts at month first_quarter_month(); months before
  // it and after the last whole quarter belong to none.
  int first_quarter_month() const { return scenario_.first_quarter_month(); }
  int quarters() const { return std::max(0, (scenario_.months - first_quarter_month()) / 3); }
  // The quarter month t belongs to, or -1.
  int quarter_of(int t) const {
    const int q = t >= first_quarter_month() ? (t - first_quarter_month()) / 3 : -1;
    return q < quarters() ? q : -1;
  }
  bool ends_quarter(int t) const {
    return quarter_of(t) >= 0 && (t - first_quarter_month()) % 3 == 2;
  }
  bool starts_quarter(int t) const {
    return quarter_of(t) >= 0 && (t - first_quarter_month()) % 3 == 0;
  }
  int years() const { return scenario_.years(); }

  const RegionGraph& graph() const { return graph_; }
  double population(std::size_t r) const { return population_[r]; }
  std::span<const double> populations() const { return population_; }
  // The spatial factor when rho is fixed (computed here once); empty when rho is uncertain.
  const std::optional<Eigen::MatrixXd>& fixed_spatial_factor() const { return fixed_factor_; }

  double capacity(int t) const { return capacity_[static_cast<std::size_t>(t)]; }  // c(t)
  double season(int t) const { return season_[static_cast<std::size_t>(t)]; }
  double season_row(int t) const { return season_row_[static_cast<std::size_t>(t)]; }
  std::int64_t focal_capacity(std::size_t r) const { return focal_capacity_[r]; }  // K_r

  // Initial stores: per-region counts for brands given that way, else the national total
  // (spread by demand weight per replication, as the weights may be uncertain).
  bool has_regional_stores(std::size_t b) const { return regional_brand_[b] != 0; }
  std::int64_t regional_stores(std::size_t r, std::size_t b) const {
    return regional_stores_[r * brands() + b];
  }
  std::int64_t national_stores(std::size_t b) const {
    return scenario_.brands[b].initial_stores.value_or(0);
  }
  std::uint64_t brand_slot(std::size_t b) const {
    return brand_slot_[b];
  }  // momentum stream address

  const std::vector<UncertainInput>& uncertain_inputs() const { return uncertain_; }
  // The dependence between uncertain inputs; null when they are independent.
  const GaussianCopula* copula() const { return copula_ ? &*copula_ : nullptr; }

  std::string month_label(int t) const;    // "2021-11"
  std::string quarter_label(int q) const;  // "2022 Q1"

 private:
  Scenario scenario_;
  std::size_t focal_ = 0;
  RegionGraph graph_;
  std::vector<double> population_;
  std::optional<Eigen::MatrixXd> fixed_factor_;
  std::vector<double> capacity_, season_, season_row_;
  std::vector<std::int64_t> focal_capacity_;
  std::vector<UncertainInput> uncertain_;
  std::optional<GaussianCopula> copula_;
  std::vector<std::int64_t> regional_stores_;
  std::vector<char> regional_brand_;
  std::vector<std::uint64_t> brand_slot_;
};

}  // namespace rollout
