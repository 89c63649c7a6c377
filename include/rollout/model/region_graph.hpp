#pragma once
// The regions as an undirected graph of land borders (Boost.Graph), and the spatial
// correlation of demand shocks it implies (docs/model.md, "1. Demand"), with its Cholesky factor.

#include <Eigen/Dense>
#include <cstddef>
#include <vector>

#include "rollout/scenario/scenario.hpp"

namespace rollout {

class RegionGraph {
 public:
  explicit RegionGraph(const std::vector<Region>& regions);

  std::size_t size() const { return offsets_.size() - 1; }
  std::size_t degree(std::size_t r) const { return offsets_[r + 1] - offsets_[r]; }
  // Neighbours of r in region (file) order, as a contiguous range.
  const std::size_t* neighbours_begin(std::size_t r) const { return targets_.data() + offsets_[r]; }
  const std::size_t* neighbours_end(std::size_t r) const {
    return targets_.data() + offsets_[r + 1];
  }

  // C with C_ij = S_ij / sqrt(S_ii S_jj), S = (diag(deg + 1) - rho W)^-1.
  Eigen::MatrixXd correlation(double rho) const;
  // Lower-triangular L with L L^T = C. Throws InternalError if C is not positive definite.
  Eigen::MatrixXd correlation_factor(double rho) const;

 private:
  // Compressed adjacency, read in the hot loop; built from the Boost graph.
  std::vector<std::size_t> offsets_;
  std::vector<std::size_t> targets_;
};

}  // namespace rollout
