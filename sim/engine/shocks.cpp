#include "engine/shocks.hpp"

#include <algorithm>
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
  // (L eps)_i, L lower triangular, four rows at a time: for each column j up to the first of
  // the four rows, their four terms are one contiguous column segment, so they go in vector
  // lanes (row by row, every term was a strided load); the corner above the other rows'
  // diagonals, and the rows after the last whole four, go term by term. Every row still adds
  // its terms in the order j = 0 .. i: the bits of a plain row sum.
  const auto at = [&](std::size_t i, std::size_t j) {
    return factor(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
  };
  std::size_t first = 0;
  for (; first + 4 <= regions; first += 4) {
    double sums[4] = {0, 0, 0, 0};
    for (std::size_t j = 0; j <= first; ++j) {
      const double* column =
          &factor(static_cast<Eigen::Index>(first), static_cast<Eigen::Index>(j));
      for (std::size_t lane = 0; lane < 4; ++lane)
        sums[lane] += column[lane] * eps[j];
    }
    for (std::size_t lane = 1; lane < 4; ++lane) {
      for (std::size_t j = first + 1; j <= first + lane; ++j)
        sums[lane] += at(first + lane, j) * eps[j];
    }
    std::copy(sums, sums + 4, out.begin() + static_cast<std::ptrdiff_t>(first));
  }
  for (std::size_t i = first; i < regions; ++i) {
    double sum = 0;
    for (std::size_t j = 0; j <= i; ++j)
      sum += at(i, j) * eps[j];
    out[i] = sum;
  }
  for (std::size_t i = 0; i < regions; ++i)
    out[i] = a * national + b * out[i];
}

}  // namespace rollout
