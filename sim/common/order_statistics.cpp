// Selection by radix, most significant digit first, over keys that order as the doubles do.
//
// Why not std::nth_element: a column of 10,000 values with seven percentile levels (fourteen
// ranks) took it about 25 ns a value on this project's machines, most of it mispredicted
// branches of the partition; the summaries of a 10,000-replication run's series were most of the
// work after its replications (docs/performance.md). Boost's spreadsort sorts the whole column
// (13-24 ns a value measured). Counting digits has no data-dependent branch: 4-8 ns a value.

#include "common/order_statistics.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

namespace rollout {

namespace {

constexpr int kDigitBits = 11;
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
constexpr std::size_t kSortAtMost = 64;  // so few keys are sorted outright

class KeySelection {
 public:
  // out[j] = the key at sorted position ranks[j] of `keys`, whose OR and AND are `all_or` and
  // `all_and`. `depth` names the working copy the next digit's keys go to.
  void select(std::span<std::uint64_t> keys, std::uint64_t all_or, std::uint64_t all_and,
              std::span<const std::size_t> ranks, std::size_t depth, std::uint64_t* out) {
    const std::uint64_t differing = all_or & ~all_and;
    if (differing == 0) {  // one key throughout
      std::fill(out, out + ranks.size(), keys.front());
      return;
    }
    if (keys.size() <= kSortAtMost) {
      std::sort(keys.begin(), keys.end());
      for (std::size_t j = 0; j < ranks.size(); ++j)
        out[j] = keys[ranks[j]];
      return;
    }
    // The digit ends at the highest bit in which the keys differ: the bits above it are every
    // key's, and a digit among them would count every key into one bucket. (Values of one
    // magnitude share their sign and exponent bits, so the first digit already spreads them;
    // a part whose keys are all alike, such as a count of stores that many replications share,
    // ends here at once instead of counting digit after digit.)
    const int at_bit = std::max(64 - std::countl_zero(differing) - kDigitBits, 0);
    auto digit = [at_bit](std::uint64_t key) { return (key >> at_bit) & (kBuckets - 1); };
    std::array<std::uint32_t, kBuckets> count{};
    for (std::uint64_t key : keys)
      ++count[digit(key)];
    // The buckets that hold ranks, their keys copied side by side, one pass over the keys.
    struct Part {
      std::size_t sorted_start, copy_start, size, first_rank, end_rank;
    };
    // Every key is stored: a wanted one at its bucket's next place, the others all on one
    // slot past the wanted (`step` 0), so that the pass has no branch for the values to
    // mispredict (about half the keys are wanted where many replications share a value).
    std::array<std::uint32_t, kBuckets> copy_at;
    std::array<std::uint8_t, kBuckets> step{};
    std::vector<Part> parts;
    std::size_t copied = 0, start = 0, rank = 0;
    for (std::size_t b = 0; b < kBuckets && rank < ranks.size(); ++b) {
      const std::size_t end = start + count[b];
      std::size_t end_rank = rank;
      while (end_rank < ranks.size() && ranks[end_rank] < end)
        ++end_rank;
      if (end_rank > rank) {
        copy_at[b] = static_cast<std::uint32_t>(copied);
        step[b] = 1;
        parts.push_back(Part{start, copied, count[b], rank, end_rank});
        copied += count[b];
        rank = end_rank;
      }
      start = end;
    }
    for (std::size_t b = 0; b < kBuckets; ++b)
      if (step[b] == 0) copy_at[b] = static_cast<std::uint32_t>(copied);  // the one slot past
    if (copies_.size() <= depth) copies_.resize(depth + 1);
    copies_[depth].resize(copied + 1);
    const std::span<std::uint64_t> copy(copies_[depth]);
    for (std::uint64_t key : keys) {
      const auto d = digit(key);
      const std::uint32_t to = copy_at[d];
      copy[to] = key;
      copy_at[d] = to + step[d];
    }
    for (const Part& part : parts) {
      const std::span<std::uint64_t> part_keys = copy.subspan(part.copy_start, part.size);
      std::uint64_t part_or = 0, part_and = ~std::uint64_t{0};
      for (const std::uint64_t key : part_keys) {
        part_or |= key;
        part_and &= key;
      }
      std::vector<std::size_t> part_ranks(
          ranks.begin() + static_cast<std::ptrdiff_t>(part.first_rank),
          ranks.begin() + static_cast<std::ptrdiff_t>(part.end_rank));
      for (std::size_t& r : part_ranks)
        r -= part.sorted_start;
      select(part_keys, part_or, part_and, part_ranks, depth + 1, out + part.first_rank);
    }
  }

 private:
  // A working copy per depth; depth d's keys are read while depth d + 1's are written. The
  // outer vector may grow, but each copy's buffer stays where it is.
  std::vector<std::vector<std::uint64_t>> copies_;
};

}  // namespace

void select_order_keys(std::span<std::uint64_t> keys, std::uint64_t all_or, std::uint64_t all_and,
                       std::span<const std::size_t> ranks, std::span<std::uint64_t> picked) {
  if (ranks.empty()) return;
  KeySelection().select(keys, all_or, all_and, ranks, 0, picked.data());
}

void place_order_statistics(std::vector<double>& values, std::span<const std::size_t> ranks) {
  if (ranks.empty()) return;
  std::vector<std::uint64_t> keys(values.size()), picked(ranks.size());
  std::uint64_t all_or = 0, all_and = ~std::uint64_t{0};
  for (std::size_t i = 0; i < values.size(); ++i) {
    keys[i] = order_key(values[i]);
    all_or |= keys[i];
    all_and &= keys[i];
  }
  select_order_keys(keys, all_or, all_and, ranks, picked);
  for (std::size_t j = 0; j < ranks.size(); ++j)
    values[ranks[j]] = from_order_key(picked[j]);
}

}  // namespace rollout
