#include "engine/shocks.hpp"

#include <cmath>

namespace rollout {

void draw_regional_innovations(const ReplicationStreams& streams, int month,
                               const Eigen::MatrixXd& factor, double national_weight,
                               std::span<double> eps, std::span<double> out) {
  const auto regions = static_cast<std::size_t>(factor.rows());
  const double national = streams.normal(Stream::demand, month, 0);
  for (std::size_t block = 0; block * 4 < regions; ++block) {
    const Normal4 z = streams.normals(Stream::demand, month, 1 + block);
    for (std::size_t lane = 0; lane < 4 && block * 4 + lane < regions; ++lane)
      eps[block * 4 + lane] = z.v[lane];
  }
  const double a = std::sqrt(national_weight), b = std::sqrt(1 - national_weight);
  // L is lower triangular: only j <= i contributes.
  for (std::size_t i = 0; i < regions; ++i) {
    double sum = 0;
    for (std::size_t j = 0; j <= i; ++j)
      sum += factor(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) * eps[j];
    out[i] = a * national + b * sum;
  }
}

}  // namespace rollout
