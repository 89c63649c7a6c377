#include "engine/calibration.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "rollout/common/error.hpp"

namespace rollout {

void national_offline_shares(const CalibrationProblem& p, std::span<const double> q,
                             std::span<double> out) {
  std::fill(out.begin(), out.end(), 0.0);
  double total_weight = 0;
  for (std::size_t r = 0; r < p.regions; ++r) {
    const double* row = p.presence_to_gamma.data() + r * p.brands;
    double sum = 0;
    for (std::size_t b = 0; b < p.brands; ++b)
      sum += q[b] * row[b];
    const double scale = p.region_weight[r] / sum;
    for (std::size_t b = 0; b < p.brands; ++b)
      out[b] += scale * q[b] * row[b];
    total_weight += p.region_weight[r];
  }
  for (double& x : out)
    x /= total_weight;
}

CalibrationResult calibrate(const CalibrationProblem& p, std::span<double> q,
                            std::span<double> model_share) {
  constexpr int kMaxIterations = 10'000;
  constexpr double kTolerance = 1e-12;
  std::copy(p.target.begin(), p.target.end(), q.begin());
  CalibrationResult result;
  for (result.iterations = 0;; ++result.iterations) {
    double total = 0;
    for (double x : q)
      total += x;
    for (double& x : q)
      x /= total;
    national_offline_shares(p, q, model_share);
    result.max_relative_error = 0;
    std::size_t worst = 0;
    for (std::size_t b = 0; b < p.brands; ++b) {
      const double error = std::fabs(model_share[b] - p.target[b]) / p.target[b];
      if (!(error <= result.max_relative_error)) {
        result.max_relative_error = error;
        worst = b;
      }
    }
    if (result.max_relative_error < kTolerance) return result;
    if (result.iterations >= kMaxIterations) {
      throw InputError(
          fmt::format("calibration of offline attractions did not converge in {} iterations: brand "
                      "{} has offline share {} "
                      "against its target {} (relative error {:.3g}); check the brands' shares and "
                      "store counts",
                      kMaxIterations, worst + 1, model_share[worst], p.target[worst],
                      result.max_relative_error));
    }
    for (std::size_t b = 0; b < p.brands; ++b)
      q[b] *= p.target[b] / model_share[b];
  }
}

}  // namespace rollout
