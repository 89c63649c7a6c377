#pragma once
// Per-replication draws of the uncertain inputs (model sections 3 and 8). Each input's
// uniform comes from the `inputs` stream at the slot of its name, so adding or removing
// one input changes no other input's draw; the value is the inverse CDF at that uniform.

#include <vector>

#include "rollout/model/model.hpp"
#include "rollout/random/random_streams.hpp"

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
};

// The inputs of one replication, every one a plain number.
struct Inputs {
  double units_per_year = 0, demand_weight_exponent = 0, offline_share = 0, offline_share_drift = 0;
  double shock_sd = 0, national_weight = 0, spatial_dependence = 0, persistence = 0;
  double row_shock_sd = 0;
  double store_elasticity = 1, halo_elasticity = 0, neighbour_spillover = 0;
  double planning_execution_rate = 1, execution_rate = 1, new_store_productivity = 1,
         underperformance_factor = 0;
  std::vector<double> growth_by_year, row_growth_by_year;
  std::vector<BrandInputs> brands;
  std::vector<FormatInputs> formats;
  // The drawn value of each of model.uncertain_inputs(), in that order.
  std::vector<double> uncertain_values;
};

class InputSampler {
 public:
  explicit InputSampler(const Model& model);
  InputSampler(const InputSampler&) = delete;
  InputSampler& operator=(const InputSampler&) = delete;

  // Draws replication `streams`' inputs (the random design, with the scenario's rank
  // correlations) into the sampler's own Inputs and returns it.
  const Inputs& sample(const ReplicationStreams& streams);
  // Sets every input from given uniforms (one per uncertain input, in order): the hook
  // for stratified or quasi-random designs.
  const Inputs& from_uniforms(const std::vector<double>& uniforms);

 private:
  const Model& model_;
  Inputs inputs_;
  std::vector<double*> fixed_targets_;  // per scenario.params(), nullptr for per-year ones
  std::vector<double*> uncertain_targets_;
  std::vector<double> uniforms_, scratch_;
};

}  // namespace rollout
