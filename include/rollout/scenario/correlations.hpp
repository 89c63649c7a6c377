#pragma once
// Rank correlations between uncertain inputs, as the scenario states them: Spearman
// targets, the normal scores' Pearson matrix 2 sin(pi rho / 6), whether that matrix can
// hold together, and its nearest valid neighbour. The loader checks them; the copula
// (model/copula.hpp) draws them.

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "rollout/scenario/scenario.hpp"

namespace rollout {

double pearson_from_spearman(double spearman);  // 2 sin(pi rho / 6)
double spearman_from_pearson(double pearson);   // (6 / pi) asin(r / 2)

// The inputs named in a correlations block and their target rank correlations
// (identity where no pair is given), in order of first mention.
struct CorrelationTargets {
  std::vector<std::string> names;
  Eigen::MatrixXd spearman;
};
CorrelationTargets correlation_targets(const std::vector<RankCorrelation>& pairs);

// Why the targets' normal-score correlation matrix is not positive definite (its
// smallest eigenvalue and the inputs that carry it), or nothing when it is.
std::optional<std::string> correlation_problem(const CorrelationTargets& targets);

// The correlation matrix nearest to `matrix` in the Frobenius norm with every eigenvalue
// at least `floor` (Higham 2002: alternating projections with Dykstra's correction).
Eigen::MatrixXd nearest_correlation(const Eigen::MatrixXd& matrix, double floor = 1e-6);

// The normal scores' Pearson matrix of a Spearman matrix, entry by entry.
Eigen::MatrixXd pearson_matrix(const Eigen::MatrixXd& spearman);

}  // namespace rollout
