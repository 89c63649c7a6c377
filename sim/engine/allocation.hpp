#pragma once
// Largest-remainder rules: splitting planned openings over regions (docs/model.md, "6. Planning")
// and closures over age cohorts ("3. Closures"). No allocation: callers pass scratch.

#include <cstdint>
#include <span>

namespace rollout {

// Adds to `out` the split of `total` in proportion to `weights` over the entries with
// `eligible` set: floors of the quotas, then one more each to the largest remainders,
// ties to the lower index. `remainders` is scratch of the same size.
void add_largest_remainder(std::int64_t total, std::span<const double> weights,
                           std::span<const char> eligible, std::span<std::int64_t> out,
                           std::span<double> remainders);

// Step 6, planning (docs/model.md): split `total` over regions with positive weight and headroom;
// cut any region above its headroom back to it and split the excess again over the regions still
// below, until all is placed or no region is left. Returns how many were placed. `eligible` and
// `remainders` are scratch.
std::int64_t allocate_openings(std::int64_t total, std::span<const double> weights,
                               std::span<const std::int64_t> headroom, std::span<std::int64_t> out,
                               std::span<char> eligible, std::span<double> remainders);

// The cohort that one closure is taken from: the largest, the older (lower index) of equals.
// split_closures' rule for a single closure, where every other quota is below 1.
inline std::size_t cohort_of_one_closure(std::span<const std::int64_t> sizes) {
  std::size_t largest = 0;
  for (std::size_t c = 1; c < sizes.size(); ++c)
    largest = sizes[c] > sizes[largest] ? c : largest;
  return largest;
}

// A cohort (its index in the sizes given to split_closures) and the closures taken from it.
struct CohortClosures {
  std::size_t cohort;
  std::int64_t taken;
};

// Step 3, closures (docs/model.md): take `closures` stores from cohorts in proportion to their
// sizes, by largest remainder in exact integer arithmetic, ties to the older cohort (the lower
// index). Precondition: 0 <= closures <= sum of sizes. Writes the cohorts that lose stores into
// `taken`, oldest first, each with the number taken (at most min(closures, sizes.size())
// entries), and returns how many: the caller's updates then visit those few cohorts, not every
// cohort. `remainders` is scratch of the sizes' size.
std::size_t split_closures(std::int64_t closures, std::span<const std::int64_t> sizes,
                           std::span<CohortClosures> taken, std::span<std::int64_t> remainders);

}  // namespace rollout
