#include "rollout/model/copula.hpp"

#include <fmt/format.h>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

namespace rollout {
namespace {

// 1 - 2^-53 and 2^-53: a normal score of +-8.3 stays inside every inverse CDF's domain.
constexpr double kLowestUniform = 0x1p-53;
constexpr double kHighestUniform = 1 - 0x1p-53;

}  // namespace

GaussianCopula::GaussianCopula(CorrelationTargets targets, std::vector<std::size_t> positions,
                               bool use_nearest)
    : targets_(std::move(targets)), positions_(std::move(positions)) {
  if (positions_.size() != targets_.names.size())
    throw InternalError("copula: one position per correlated input expected");
  Eigen::MatrixXd pearson = pearson_matrix(targets_.spearman);
  if (const auto problem = correlation_problem(targets_)) {
    if (!use_nearest) {
      throw InputError(fmt::format(
          "correlations: {}; revise them, or set simulation.nearest_correlation: true", *problem));
    }
    pearson = nearest_correlation(pearson);
    repaired_ = true;
  }
  used_spearman_ = pearson.unaryExpr([](double r) { return spearman_from_pearson(r); });
  const Eigen::LLT<Eigen::MatrixXd> llt(pearson);
  if (llt.info() != Eigen::Success)
    throw InternalError("copula: the correlation matrix has no Cholesky factor");
  factor_ = llt.matrixL();
}

void GaussianCopula::correlate_normals(std::span<double> normals,
                                       std::vector<double>& scratch) const {
  const std::size_t n = positions_.size();
  scratch.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::size_t j = 0; j <= i; ++j) {
      sum += factor_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) *
             normals[positions_[j]];
    }
    scratch[i] = sum;
  }
  for (std::size_t i = 0; i < n; ++i)
    normals[positions_[i]] = scratch[i];
}

void GaussianCopula::correlate_uniforms(std::span<double> uniforms,
                                        std::vector<double>& scratch) const {
  const boost::math::normal standard;
  for (const std::size_t p : positions_)
    uniforms[p] = boost::math::quantile(standard, uniforms[p]);
  correlate_normals(uniforms, scratch);
  for (const std::size_t p : positions_) {
    uniforms[p] =
        std::clamp(boost::math::cdf(standard, uniforms[p]), kLowestUniform, kHighestUniform);
  }
}

}  // namespace rollout
