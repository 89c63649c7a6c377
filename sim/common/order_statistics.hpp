#pragma once
// Order statistics for the summaries' percentiles (sim/common/statistics.cpp).

#include <cstddef>
#include <span>
#include <vector>

namespace rollout {

// Writes into values[rank], for each of the sorted, distinct `ranks`, the value a full sort of
// `values` (no NaN) would put there; other positions are left in some order. -0.0 and +0.0
// count as equal, and a rank where they meet gets +0.0.
void place_order_statistics(std::vector<double>& values, std::span<const std::size_t> ranks);

}  // namespace rollout
