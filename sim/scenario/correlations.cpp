#include "rollout/scenario/correlations.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace rollout {
namespace {

// Eigenvalues clipped at `floor`, then rescaled to a unit diagonal.
Eigen::MatrixXd clip_eigenvalues(const Eigen::MatrixXd& m, double floor) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(m);
  const Eigen::VectorXd values = eigen.eigenvalues().cwiseMax(floor);
  return eigen.eigenvectors() * values.asDiagonal() * eigen.eigenvectors().transpose();
}

Eigen::MatrixXd unit_diagonal(const Eigen::MatrixXd& m) {
  const Eigen::VectorXd scale = m.diagonal().cwiseSqrt().cwiseInverse();
  Eigen::MatrixXd out = scale.asDiagonal() * m * scale.asDiagonal();
  out.diagonal().setOnes();
  return out;
}

}  // namespace

Eigen::MatrixXd pearson_matrix(const Eigen::MatrixXd& spearman) {
  return spearman.unaryExpr([](double rho) { return pearson_from_spearman(rho); });
}

double pearson_from_spearman(double spearman) {
  return 2 * std::sin(std::numbers::pi * spearman / 6);
}

double spearman_from_pearson(double pearson) {
  return 6 / std::numbers::pi * std::asin(pearson / 2);
}

CorrelationTargets correlation_targets(const std::vector<RankCorrelation>& pairs) {
  CorrelationTargets t;
  auto index = [&t](const std::string& name) {
    const auto it = std::find(t.names.begin(), t.names.end(), name);
    if (it != t.names.end()) return static_cast<Eigen::Index>(it - t.names.begin());
    t.names.push_back(name);
    return static_cast<Eigen::Index>(t.names.size() - 1);
  };
  std::vector<std::pair<std::pair<Eigen::Index, Eigen::Index>, double>> entries;
  for (const RankCorrelation& p : pairs)
    entries.push_back({{index(p.first), index(p.second)}, p.spearman});
  const auto n = static_cast<Eigen::Index>(t.names.size());
  t.spearman = Eigen::MatrixXd::Identity(n, n);
  for (const auto& [at, rho] : entries) {
    t.spearman(at.first, at.second) = rho;
    t.spearman(at.second, at.first) = rho;
  }
  return t;
}

std::optional<std::string> correlation_problem(const CorrelationTargets& targets) {
  const Eigen::MatrixXd pearson = pearson_matrix(targets.spearman);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(pearson);
  // Below 1e-10 the Cholesky factor exists only in name: draws would be degenerate.
  const double smallest = eigen.eigenvalues()(0);
  if (smallest > 1e-10) return std::nullopt;
  const Eigen::VectorXd v = eigen.eigenvectors().col(0);
  const double largest_component = v.cwiseAbs().maxCoeff();
  std::vector<std::string> involved;
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (std::abs(v(i)) >= 0.25 * largest_component)
      involved.push_back(targets.names[static_cast<std::size_t>(i)]);
  }
  return fmt::format(
      "the rank correlations among {} cannot hold together: their normal-score correlation "
      "matrix has smallest eigenvalue {:.3g}, but it must be positive definite",
      fmt::join(involved, ", "), smallest);
}

Eigen::MatrixXd nearest_correlation(const Eigen::MatrixXd& matrix, double floor) {
  Eigen::MatrixXd y = matrix;
  Eigen::MatrixXd correction = Eigen::MatrixXd::Zero(matrix.rows(), matrix.cols());
  for (int iteration = 0; iteration < 1000; ++iteration) {
    const Eigen::MatrixXd r = y - correction;
    const Eigen::MatrixXd x = clip_eigenvalues(r, floor);
    correction = x - r;
    Eigen::MatrixXd next = x;
    next.diagonal().setOnes();
    const double change = (next - y).norm();
    y = next;
    if (change < 1e-12 * std::max(1.0, y.norm())) break;
  }
  // The unit-diagonal projection may leave eigenvalues a hair under the floor.
  return unit_diagonal(clip_eigenvalues(y, floor));
}

}  // namespace rollout
