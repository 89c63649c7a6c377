#include "engine/allocation.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace rollout {

void add_largest_remainder(std::int64_t total, std::span<const double> weights,
                           std::span<const char> eligible, std::span<std::int64_t> out,
                           std::span<double> remainders) {
  const std::size_t n = weights.size();
  double weight_sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (eligible[i]) weight_sum += weights[i];
  }
  if (total <= 0 || !(weight_sum > 0)) return;
  std::int64_t placed = 0;
  for (std::size_t i = 0; i < n; ++i) {
    remainders[i] = -1;  // never picked
    if (!eligible[i]) continue;
    const double quota = static_cast<double>(total) * weights[i] / weight_sum;
    const double floor = std::floor(quota);
    out[i] += static_cast<std::int64_t>(floor);
    placed += static_cast<std::int64_t>(floor);
    remainders[i] = quota - floor;
  }
  // The leftover goes one each to the `left` largest remainders, ties to the lower index: to the
  // eligible entries whose rank is below `left`, the rank being how many remainders are larger,
  // or equal and earlier. Counting every rank takes n^2 comparisons, but without a branch and
  // in loops the compiler vectorises; picking one largest at a time took `left` passes of a
  // branch the predictor cannot learn, and `left` is often in the tens.
  // Ineligible entries (remainder -1) rank below every eligible one; should rounding leave
  // `left` at the number of eligible entries or above, each eligible entry gets one.
  const std::int64_t left = total - placed;
  if (left <= 0) return;
  for (std::size_t i = 0; i < n; ++i) {
    const double mine = remainders[i];
    if (mine < 0) continue;
    std::int64_t rank = 0;
    for (std::size_t j = 0; j < i; ++j)
      rank += remainders[j] >= mine ? 1 : 0;
    for (std::size_t j = i + 1; j < n; ++j)
      rank += remainders[j] > mine ? 1 : 0;
    if (rank < left) ++out[i];
  }
}

std::int64_t allocate_openings(std::int64_t total, std::span<const double> weights,
                               std::span<const std::int64_t> headroom, std::span<std::int64_t> out,
                               std::span<char> eligible, std::span<double> remainders) {
  const std::size_t n = weights.size();
  std::fill(out.begin(), out.end(), 0);
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    eligible[i] = headroom[i] > 0 && weights[i] > 0;
    any = any || eligible[i];
  }
  std::int64_t to_place = total;
  while (to_place > 0 && any) {
    add_largest_remainder(to_place, weights, eligible, out, remainders);
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

namespace {

// One more closure from cohort c, keeping `taken[0 .. count)` in ascending cohort order. The
// entries after c's place move up one at a time as the search passes them: a separate shift
// loop was made a call of memmove by the compiler, and such calls cost far more in a run than
// their size suggests (docs/performance.md).
void take_one_more(std::size_t c, std::span<CohortClosures> taken, std::size_t& count) {
  for (std::size_t i = count; i > 0 && taken[i - 1].cohort >= c; --i) {
    if (taken[i - 1].cohort == c) {
      ++taken[i - 1].taken;
      return;
    }
  }
  std::size_t at = count;
  for (; at > 0 && taken[at - 1].cohort > c; --at)
    taken[at] = taken[at - 1];
  taken[at] = CohortClosures{c, 1};
  ++count;
}

}  // namespace

std::size_t split_closures(std::int64_t closures, std::span<const std::int64_t> sizes,
                           std::span<CohortClosures> taken, std::span<std::int64_t> remainders) {
  std::int64_t total = 0;
  for (std::int64_t s : sizes)
    total += s;
  if (total == 0 || closures == 0) return 0;  // total 0: closures is 0 too (precondition)
  // One closure, the commonest case: every quota is below 1 unless one cohort holds all, so it
  // goes to the largest cohort, the older of equals: what the general rule below gives.
  if (closures == 1) {
    taken[0] = CohortClosures{cohort_of_one_closure(sizes), 1};
    return 1;
  }
  // Quota closures * size / total of each cohort, split exactly into a whole part and a
  // remainder. Most products are below the total, which skips the 64-bit division; the few
  // cohorts with a whole part are listed, in order.
  std::size_t count = 0;
  std::int64_t placed = 0;
  for (std::size_t c = 0; c < sizes.size(); ++c) {
    const std::int64_t product = closures * sizes[c];
    std::int64_t whole = 0;
    if (product >= total) {
      whole = product / total;
      taken[count++] = CohortClosures{c, whole};
      placed += whole;
    }
    remainders[c] = product - whole * total;
  }
  // One more to each of the largest remainders (fewer are left than there are cohorts with a
  // remainder), ties to the older cohort, none picked twice. Usually one to three passes.
  //
  // Each remainder and its cohort are packed into one key, remainder * 2^bits + (2^bits - 1 -
  // c): the largest key is the largest remainder, the older cohort of equals, so a pass is a
  // plain maximum, which the compiler vectorises, and the cohort is read off the key's low bits.
  const auto bits = static_cast<int>(std::bit_width(sizes.size()));
  const std::int64_t index_mask = (std::int64_t{1} << bits) - 1;
  if (total <= std::numeric_limits<std::int64_t>::max() >> bits) {  // remainders are < total
    for (std::size_t c = 0; c < sizes.size(); ++c)
      remainders[c] = remainders[c] << bits | (index_mask - static_cast<std::int64_t>(c));
    // Keys are distinct, so each pass takes the largest below the last one picked (rather than
    // overwriting the picked key, whose store the next pass's vector loads would wait for).
    std::int64_t below = std::numeric_limits<std::int64_t>::max();
    for (std::int64_t left = closures - placed; left > 0; --left) {
      std::int64_t largest = -1;
      for (std::size_t c = 0; c < sizes.size(); ++c)
        largest = std::max(largest, remainders[c] < below ? remainders[c] : -1);
      take_one_more(static_cast<std::size_t>(index_mask - (largest & index_mask)), taken, count);
      below = largest;
    }
    return count;
  }
  // Totals too large to pack (not met in practice): the same picks, a pass written without a
  // branch on the data (conditional moves), a picked cohort's remainder set to -1.
  for (std::int64_t left = closures - placed; left > 0; --left) {
    std::size_t best = 0;
    std::int64_t best_remainder = remainders[0];
    for (std::size_t c = 1; c < sizes.size(); ++c) {
      const bool larger = remainders[c] > best_remainder;
      best = larger ? c : best;
      best_remainder = larger ? remainders[c] : best_remainder;
    }
    take_one_more(best, taken, count);
    remainders[best] = -1;
  }
  return count;
}

}  // namespace rollout
