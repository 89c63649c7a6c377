#pragma once
// Rank-correlated uncertain inputs through a Gaussian copula. The inputs' own
// distributions (their marginals) are untouched: only the uniforms fed to their inverse
// CDFs become dependent. A Spearman target rho becomes the normal scores' Pearson
// correlation 2 sin(pi rho / 6), which gives exactly that rank correlation.

#include <Eigen/Dense>
#include <span>
#include <string>
#include <vector>

#include "rollout/scenario/correlations.hpp"

namespace rollout {

class GaussianCopula {
 public:
  // `positions[i]` is where targets.names[i] sits among the model's uncertain inputs.
  // Throws InputError when the matrix is not positive definite and `use_nearest` is off.
  GaussianCopula(CorrelationTargets targets, std::vector<std::size_t> positions, bool use_nearest);

  // In place, on the uniforms of all uncertain inputs (independent on entry).
  void correlate_uniforms(std::span<double> uniforms, std::vector<double>& scratch) const;
  // In place, on independent standard normal scores of all uncertain inputs.
  void correlate_normals(std::span<double> normals, std::vector<double>& scratch) const;

  const std::vector<std::string>& names() const { return targets_.names; }
  const std::vector<std::size_t>& positions() const { return positions_; }
  const Eigen::MatrixXd& target_spearman() const { return targets_.spearman; }
  // The rank correlations drawn: the targets, or the nearest valid matrix's.
  const Eigen::MatrixXd& used_spearman() const { return used_spearman_; }
  bool repaired() const { return repaired_; }

 private:
  CorrelationTargets targets_;
  std::vector<std::size_t> positions_;
  Eigen::MatrixXd used_spearman_;
  Eigen::MatrixXd factor_;  // lower Cholesky factor of the normal scores' correlation
  bool repaired_ = false;
};

}  // namespace rollout
