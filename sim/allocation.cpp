#include "rollout/allocation.hpp"

#include <algorithm>
#include <cmath>

namespace rollout {

void add_largest_remainder(std::int64_t total, std::span<const double> weights,
                           std::span<const char> eligible, std::span<std::int64_t> out,
                           std::span<char> taken) {
  const std::size_t n = weights.size();
  double weight_sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (eligible[i]) weight_sum += weights[i];
  }
  if (total <= 0 || !(weight_sum > 0)) return;
  std::int64_t placed = 0;
  for (std::size_t i = 0; i < n; ++i) {
    taken[i] = 0;
    if (!eligible[i]) continue;
    const double quota = static_cast<double>(total) * weights[i] / weight_sum;
    const auto floor = static_cast<std::int64_t>(std::floor(quota));
    out[i] += floor;
    placed += floor;
  }
  // The leftover is below the number of eligible entries; pick the largest remainders
  // one at a time rather than sorting, as the leftover is usually small.
  for (std::int64_t left = total - placed; left > 0; --left) {
    std::size_t best = n;
    double best_remainder = -1;
    for (std::size_t i = 0; i < n; ++i) {
      if (!eligible[i] || taken[i]) continue;
      const double quota = static_cast<double>(total) * weights[i] / weight_sum;
      const double remainder = quota - std::floor(quota);
      if (remainder > best_remainder) {
        best = i;
        best_remainder = remainder;
      }
    }
    if (best == n) break;
    taken[best] = 1;
    ++out[best];
  }
}

std::int64_t allocate_openings(std::int64_t total, std::span<const double> weights,
                               std::span<const std::int64_t> headroom, std::span<std::int64_t> out,
                               std::span<char> eligible, std::span<char> taken) {
  const std::size_t n = weights.size();
  std::fill(out.begin(), out.end(), 0);
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    eligible[i] = headroom[i] > 0 && weights[i] > 0;
    any = any || eligible[i];
  }
  std::int64_t to_place = total;
  while (to_place > 0 && any) {
    add_largest_remainder(to_place, weights, eligible, out, taken);
    std::int64_t excess = 0;
    any = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!eligible[i]) continue;
      if (out[i] >= headroom[i]) {
        excess += out[i] - headroom[i];
        out[i] = headroom[i];
        eligible[i] = 0;
      } else {
        any = true;
      }
    }
    to_place = excess;
  }
  return total - to_place;
}

void split_closures(std::int64_t closures, std::span<const std::int64_t> sizes,
                    std::span<std::int64_t> out, std::span<std::int64_t> remainders) {
  std::int64_t total = 0;
  for (std::int64_t s : sizes)
    total += s;
  std::int64_t placed = 0;
  for (std::size_t c = 0; c < sizes.size(); ++c) {
    // Quota closures * size / total, split exactly into a whole part and a remainder.
    out[c] = total > 0 ? closures * sizes[c] / total : 0;
    remainders[c] = total > 0 ? closures * sizes[c] % total : 0;
    placed += out[c];
  }
  // One more to each of the largest remainders (fewer are left than there are cohorts),
  // ties to the older cohort; a picked cohort's remainder becomes -1, so it is not picked twice.
  for (std::int64_t left = closures - placed; left > 0; --left) {
    std::size_t best = 0;
    for (std::size_t c = 1; c < sizes.size(); ++c) {
      if (remainders[c] > remainders[best]) best = c;
    }
    ++out[best];
    remainders[best] = -1;
  }
}

}  // namespace rollout
