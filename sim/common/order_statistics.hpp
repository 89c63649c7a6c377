#pragma once
// Order statistics for the summaries' percentiles (sim/common/statistics.cpp).

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rollout {

// Unsigned keys in the order of the doubles: negative numbers with all bits flipped, others
// with the sign bit set. -0.0 becomes +0.0 first, as the two compare equal.
inline std::uint64_t order_key(double x) {
  const auto bits = std::bit_cast<std::uint64_t>(x == 0 ? 0.0 : x);
  return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

inline double from_order_key(std::uint64_t key) {
  return std::bit_cast<double>((key >> 63) != 0 ? key & ~(std::uint64_t{1} << 63) : ~key);
}

// picked[j] = the key a full sort of `keys` would put at position ranks[j], for the sorted,
// distinct `ranks`; `keys` is reordered. `all_or` and `all_and` are the OR and the AND of every
// key (a caller that makes the keys has them for free).
void select_order_keys(std::span<std::uint64_t> keys, std::uint64_t all_or, std::uint64_t all_and,
                       std::span<const std::size_t> ranks, std::span<std::uint64_t> picked);

// Writes into values[rank], for each of the sorted, distinct `ranks`, the value a full sort of
// `values` (no NaN) would put there; other positions are left in some order. -0.0 and +0.0
// count as equal, and a rank where they meet gets +0.0.
void place_order_statistics(std::vector<double>& values, std::span<const std::size_t> ranks);

}  // namespace rollout
