// Largest-remainder rules of model sections 4.3 and 4.6.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "engine/allocation.hpp"

using namespace rollout;

namespace {
std::vector<std::int64_t> openings(std::int64_t total, std::vector<double> weights,
                                   std::vector<std::int64_t> headroom) {
  std::vector<std::int64_t> out(weights.size());
  std::vector<char> eligible(weights.size());
  std::vector<double> remainders(weights.size());
  allocate_openings(total, weights, headroom, out, eligible, remainders);
  return out;
}
// split_closures' list of the cohorts that lose stores, as the number taken from each cohort;
// checks that the list is what it says: cohorts in ascending order, each losing at least one.
std::vector<std::int64_t> closures(std::int64_t x, std::vector<std::int64_t> sizes) {
  std::vector<std::int64_t> out(sizes.size()), remainders(sizes.size());
  std::vector<CohortClosures> taken(sizes.size(), CohortClosures{sizes.size(), -1});
  const std::size_t count = split_closures(x, sizes, taken, remainders);
  REQUIRE(count <= std::min<std::size_t>(sizes.size(), static_cast<std::size_t>(x)));
  for (std::size_t i = 0; i < count; ++i) {
    REQUIRE(taken[i].cohort < sizes.size());
    REQUIRE(taken[i].taken >= 1);
    if (i > 0) REQUIRE(taken[i - 1].cohort < taken[i].cohort);
    out[taken[i].cohort] = taken[i].taken;
  }
  return out;
}
}  // namespace

TEST_CASE("openings split by largest remainder, ties to the lower index") {
  CHECK(openings(10, {1, 1, 1}, {100, 100, 100}) == std::vector<std::int64_t>{4, 3, 3});
  CHECK(openings(7, {0.5, 0.3, 0.2}, {100, 100, 100}) ==
        std::vector<std::int64_t>{4, 2, 1});  // 3.5, 2.1, 1.4
  CHECK(openings(5, {2, 0, 3}, {100, 100, 100}) == std::vector<std::int64_t>{2, 0, 3});
}

TEST_CASE("openings above a region's headroom are cut and re-split over the others") {
  // Quotas 6, 3, 1; region 0 holds 2, its excess 4 is split 3:1 over the other two.
  CHECK(openings(10, {6, 3, 1}, {2, 100, 100}) == std::vector<std::int64_t>{2, 6, 2});
  // Regions without headroom or weight get nothing; what no region can hold is not placed.
  CHECK(openings(10, {1, 1, 1}, {0, 3, -5}) == std::vector<std::int64_t>{0, 3, 0});
}

namespace {
// add_largest_remainder's rule written plainly: floors of the quotas, then the eligible entries
// sorted by remainder, largest first and ties to the lower index, one more each to the first.
std::vector<std::int64_t> largest_remainder_by_definition(std::int64_t total,
                                                          const std::vector<double>& weights,
                                                          const std::vector<char>& eligible) {
  std::vector<std::int64_t> out(weights.size());
  double weight_sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i)
    weight_sum += eligible[i] ? weights[i] : 0.0;
  if (total <= 0 || !(weight_sum > 0)) return out;
  std::vector<std::size_t> order;
  std::vector<double> remainder(weights.size());
  std::int64_t placed = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!eligible[i]) continue;
    const double quota = static_cast<double>(total) * weights[i] / weight_sum;
    out[i] = static_cast<std::int64_t>(std::floor(quota));
    remainder[i] = quota - std::floor(quota);
    placed += out[i];
    order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t k = 0; k < order.size() && placed < total; ++k, ++placed)
    ++out[order[k]];
  return out;
}
}  // namespace

TEST_CASE("openings' largest remainders agree with the rule's plain definition") {
  std::mt19937_64 engine(11);  // fixed seed: the same cases every run
  for (int trial = 0; trial < 20000; ++trial) {
    const auto n = 1 + engine() % 40;
    std::vector<double> weights(n), remainders(n);
    std::vector<char> eligible(n);
    for (std::size_t i = 0; i < n; ++i) {
      // Weights on a coarse grid as well as arbitrary ones, so that remainders tie often.
      const auto kind = engine() % 3;
      weights[i] = kind == 0   ? static_cast<double>(engine() % 4)
                   : kind == 1 ? static_cast<double>(engine() % 1000) / 7.0
                               : std::ldexp(static_cast<double>(engine() >> 11), -53);
      eligible[i] = engine() % 5 != 0 ? 1 : 0;
    }
    const auto total = static_cast<std::int64_t>(engine() % 900);
    std::vector<std::int64_t> out(n);
    add_largest_remainder(total, weights, eligible, out, remainders);
    REQUIRE(out == largest_remainder_by_definition(total, weights, eligible));
  }
}

TEST_CASE("closures are taken in proportion to cohort sizes, ties to the older cohort") {
  CHECK(closures(0, {5, 5}) == std::vector<std::int64_t>{0, 0});
  CHECK(closures(1, {5, 5}) == std::vector<std::int64_t>{1, 0});
  CHECK(closures(3, {10, 10, 10, 10}) == std::vector<std::int64_t>{1, 1, 1, 0});
  // Quotas 0.5, 1, 2.5: the one left over ties between cohorts 0 and 2 and goes to the older.
  CHECK(closures(4, {1, 2, 5}) == std::vector<std::int64_t>{1, 1, 2});
  CHECK(closures(5, {1, 3, 4}) == std::vector<std::int64_t>{1, 2, 2});  // quotas 0.625, 1.875, 2.5
  CHECK(closures(8, {1, 2, 5}) == std::vector<std::int64_t>{1, 2, 5});
  CHECK(closures(2, {0, 3, 0, 3}) == std::vector<std::int64_t>{0, 1, 0, 1});
  CHECK(closures(0, {0, 0, 0}) == std::vector<std::int64_t>{0, 0, 0});
}

namespace {
// The rule written as plainly as possible: quotas as exact fractions, then the largest
// remainders one at a time. split_closures takes shortcuts for speed; it must agree.
std::vector<std::int64_t> closures_by_definition(std::int64_t x, std::vector<std::int64_t> sizes) {
  std::int64_t total = 0;
  for (auto s : sizes)
    total += s;
  std::vector<std::int64_t> out(sizes.size()), remainder(sizes.size());
  std::int64_t placed = 0;
  for (std::size_t c = 0; c < sizes.size(); ++c) {
    out[c] = total ? x * sizes[c] / total : 0;
    remainder[c] = total ? x * sizes[c] % total : 0;
    placed += out[c];
  }
  for (; placed < x; ++placed) {
    const auto best = std::max_element(remainder.begin(), remainder.end()) - remainder.begin();
    ++out[static_cast<std::size_t>(best)];  // max_element returns the first: the older cohort
    remainder[static_cast<std::size_t>(best)] = -1;
  }
  return out;
}
}  // namespace

TEST_CASE("closures agree with the rule's plain definition on many random cohort sets") {
  std::mt19937_64 engine(7);  // fixed seed: the same cases every run
  for (int trial = 0; trial < 20000; ++trial) {
    const auto cohorts = 1 + engine() % 40;
    std::vector<std::int64_t> sizes(cohorts);
    std::int64_t total = 0;
    for (auto& s : sizes) {
      // Mostly small cohorts with some empty ones and the odd large one, as in a rollout.
      const auto kind = engine() % 4;
      s = kind == 0   ? 0
          : kind == 3 ? static_cast<std::int64_t>(engine() % 5000)
                      : static_cast<std::int64_t>(engine() % 60);
      total += s;
    }
    const auto x = total == 0 ? 0 : static_cast<std::int64_t>(engine() % (total + 1));
    const auto small_x = std::min<std::int64_t>(x, static_cast<std::int64_t>(engine() % 8));
    REQUIRE(closures(x, sizes) == closures_by_definition(x, sizes));
    REQUIRE(closures(small_x, sizes) == closures_by_definition(small_x, sizes));
  }
}

TEST_CASE("closures over cohorts too large to pack with their index take the same rule") {
  // split_closures packs each remainder with its cohort's index into one 64-bit key; a total
  // above 2^63 / 2^bits (here 2^61 - 1 for three cohorts) takes the unpacked path instead.
  constexpr std::int64_t big = std::int64_t{1} << 60;
  const std::vector<std::int64_t> sizes = {big, big - 1, 5};
  // Quotas just below 1, 1 and 0: the two closures go to the two large cohorts.
  CHECK(closures(2, sizes) == std::vector<std::int64_t>{1, 1, 0});
  CHECK(closures(2, sizes) == closures_by_definition(2, sizes));
  // Quotas 1.5, 1.5 and 0 (total 2^61): equal remainders, the one left goes to the older.
  CHECK(closures(3, {big - 2, big - 2, 4}) == std::vector<std::int64_t>{2, 1, 0});
  CHECK(closures(3, {big - 2, big - 2, 4}) == closures_by_definition(3, {big - 2, big - 2, 4}));
}
