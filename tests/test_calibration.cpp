// The t = 0 calibration of offline attractions (model 4.7).

#include <doctest/doctest.h>

#include <cmath>

#include "engine/calibration.hpp"
#include "rollout/common/error.hpp"

using namespace rollout;

TEST_CASE("calibration reproduces every brand's national offline share to 1e-12") {
  // Three regions, three brands with very different footprints.
  const std::vector<double> weight{0.2, 0.5, 0.3};
  const std::vector<double> presence{100, 10, 1, 20, 200,
                                     5,   1,  1, 50};  // P^gamma, regions x brands
  const std::vector<double> target{0.5, 0.3, 0.2};
  std::vector<double> q(3), scratch(3), shares(3);
  const CalibrationProblem problem{3, 3, weight, presence, target};
  const CalibrationResult result = calibrate(problem, q, scratch);
  national_offline_shares(problem, q, shares);
  for (std::size_t b = 0; b < 3; ++b)
    CHECK(std::fabs(shares[b] - target[b]) / target[b] < 1e-12);
  CHECK(q[0] + q[1] + q[2] == doctest::Approx(1).epsilon(1e-15));
  CHECK(result.iterations < 200);
}

TEST_CASE("an unreachable target fails with a clear message") {
  // Brand 1 has no presence anywhere: no attraction can give it a positive share.
  const std::vector<double> weight{1};
  const std::vector<double> presence{1, 0};
  const std::vector<double> target{0.5, 0.5};
  std::vector<double> q(2), scratch(2);
  CHECK_THROWS_WITH_AS(calibrate(CalibrationProblem{1, 2, weight, presence, target}, q, scratch),
                       doctest::Contains("did not converge"), InputError);
}
