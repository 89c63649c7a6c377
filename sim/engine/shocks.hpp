#pragma once
// One month's regional demand innovations (docs/model.md, "1. Demand"):
// Y_r(t) = sqrt(omega) F(t) + sqrt(1 - omega) (L eps(t))_r, with F(t) and eps(t) standard
// normals from the demand stream and L the spatial Cholesky factor.

#include <Eigen/Core>
#include <span>

#include "rollout/random/random_streams.hpp"

namespace rollout {

// Writes Y(t) for the factor's regions into `out`; `eps` is scratch of as many values.
void draw_regional_innovations(const ReplicationStreams& streams, int month,
                               const Eigen::MatrixXd& factor, double national_weight,
                               std::span<double> eps, std::span<double> out);

}  // namespace rollout
