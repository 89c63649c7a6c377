// The regional demand innovations of model section 4.1: Y = sqrt(omega) F + sqrt(1 - omega) L eps.

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <vector>

#include "engine/shocks.hpp"

using namespace rollout;

// The engine computes L eps four rows at a time (sim/engine/shocks.cpp); each value must be
// the plain row sum, terms in the order j = 0 .. i, to the bit, for any number of regions,
// and nothing above the diagonal may be read (it holds NaN here, which would show).
TEST_CASE("regional innovations equal the plain triangular row sums, to the bit") {
  const ReplicationStreams streams(2024, 17);
  const double omega = 0.3;
  for (int regions : {1, 2, 3, 4, 5, 7, 8, 9, 31, 34}) {
    CAPTURE(regions);
    Eigen::MatrixXd factor(regions, regions);
    for (int i = 0; i < regions; ++i) {
      for (int j = 0; j < regions; ++j)
        factor(i, j) = j <= i ? std::sin(1.0 + i * 7.0 + j * 3.0) : std::nan("");
    }
    const auto n = static_cast<std::size_t>(regions);
    std::vector<double> eps(n), out(n);
    const int month = 5;
    draw_regional_innovations(streams, month, factor, omega, eps, out);
    // eps holds the draws used: they must be the demand stream's normals at their addresses.
    for (std::size_t r = 0; r < n; ++r)
      CHECK(eps[r] == streams.normals(Stream::demand, month, 1 + r / 4).v[r % 4]);
    const double national = streams.normal(Stream::demand, month, 0);
    for (int i = 0; i < regions; ++i) {
      double sum = 0;
      for (int j = 0; j <= i; ++j)
        sum += factor(i, j) * eps[static_cast<std::size_t>(j)];
      const double expected = std::sqrt(omega) * national + std::sqrt(1 - omega) * sum;
      CHECK(out[static_cast<std::size_t>(i)] == expected);
    }
  }
}
