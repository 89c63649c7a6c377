#pragma once
// The t = 0 solve for the brands' offline attractions q_b (docs/model.md, "Set-up at month 0"):
// each brand's national offline share, regions weighted by w_r * phi_r(0), must equal its target
// soff*_b on the initial state, with no shock.

#include <span>

namespace rollout {

struct CalibrationProblem {
  std::size_t regions = 0, brands = 0;
  std::span<const double> region_weight;      // w_r * phi_r(0), one per region
  std::span<const double> presence_to_gamma;  // P_{r,b}(0)^gamma, regions x brands, row-major
  std::span<const double> target;             // soff*_b, one per brand, each > 0
};

struct CalibrationResult {
  int iterations = 0;
  double max_relative_error = 0;
};

// Solves for q (one per brand, summing to 1) by the fixed-point update
// q_b <- q_b * soff*_b / model_b(q). `model_share` is scratch of one value per brand.
// Throws InputError, naming the worst brand, after 10,000 iterations without reaching 1e-12.
CalibrationResult calibrate(const CalibrationProblem& problem, std::span<double> q,
                            std::span<double> model_share);

// The national offline shares model_b(q) of the problem for given attractions.
void national_offline_shares(const CalibrationProblem& problem, std::span<const double> q,
                             std::span<double> out);

}  // namespace rollout
