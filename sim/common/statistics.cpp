#include "rollout/common/statistics.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>

#include "common/order_statistics.hpp"
#include "rollout/common/error.hpp"

namespace rollout {

namespace {

// Type 7: the p-th percentile of n values lies at 0-based position (n - 1) p / 100 of
// them sorted, between the order statistics floor and floor + 1.
double percentile_position(std::size_t count, double p) {
  if (!(p >= 0 && p <= 100))
    throw InternalError(fmt::format("percentile level is {}, but must be in [0, 100]", p));
  return (static_cast<double>(count) - 1) * p / 100;
}

// Type 7 from the order statistics `at(rank)` of `count` values: it reads two of them.
template <class At>
double interpolated_percentile(std::size_t count, double p, At at) {
  const double h = percentile_position(count, p);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, count - 1);
  return at(lo) + (h - static_cast<double>(lo)) * (at(hi) - at(lo));
}

// The order statistics the levels read, sorted and distinct.
std::vector<std::size_t> percentile_ranks(std::size_t count, std::span<const double> levels) {
  std::vector<std::size_t> ranks;
  for (double p : levels) {
    const auto lo = static_cast<std::size_t>(std::floor(percentile_position(count, p)));
    ranks.push_back(lo);
    ranks.push_back(std::min(lo + 1, count - 1));
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  return ranks;
}

// The sd and se from the sum of squared deviations; NaN for a single value.
void set_spread(Summary& s, double squares) {
  if (s.count > 1) {
    s.sd = std::sqrt(squares / static_cast<double>(s.count - 1));
    s.se = s.sd / std::sqrt(static_cast<double>(s.count));
  } else {
    s.sd = s.se = std::nan("");
  }
}

[[noreturn]] void throw_missing(std::size_t replication) {
  throw InternalError(fmt::format("statistics: replication {} has no value (NaN)", replication));
}

}  // namespace

double percentile_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) throw InternalError("percentile of no values");
  return interpolated_percentile(sorted.size(), p, [&](std::size_t rank) { return sorted[rank]; });
}

Summary summarize(std::span<const double> values, std::span<const double> percent_levels,
                  bool skip_missing, std::vector<double>& scratch) {
  // Every value is copied, and the next one written over a missing one: no branch that the
  // values decide, except at a NaN.
  scratch.resize(values.size());
  std::size_t kept = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const bool missing = std::isnan(values[i]);
    if (missing && !skip_missing) throw_missing(i);
    scratch[kept] = values[i];
    kept += missing ? 0 : 1;
  }
  scratch.resize(kept);
  if (scratch.empty()) throw InternalError("statistics: no values to summarise");
  Summary s;
  s.count = scratch.size();
  // Sums in replication order, so the result does not depend on how the work was split.
  double sum = 0;
  for (double x : scratch)
    sum += x;
  s.mean = sum / static_cast<double>(s.count);
  double squares = 0;
  for (double x : scratch)
    squares += (x - s.mean) * (x - s.mean);
  set_spread(s, squares);
  // Each level reads two order statistics; placing just those (selection, linear time) gives
  // the values a full sort would, several times faster on the 100,000-value columns of a large
  // run.
  place_order_statistics(scratch, percentile_ranks(s.count, percent_levels));
  for (double p : percent_levels)
    s.percentiles.push_back(percentile_sorted(scratch, p));  // reads only placed ranks
  return s;
}

void summarize_columns(std::span<const double* const> rows, std::size_t width,
                       std::span<const double> percent_levels, std::span<Summary> out,
                       std::vector<std::uint64_t>& keys) {
  const std::size_t count = rows.size();
  if (out.size() != width)
    throw InternalError(
        fmt::format("summarize_columns: {} summaries for {} columns", out.size(), width));
  if (count == 0) throw InternalError("statistics: no values to summarise");
  const std::vector<std::size_t> ranks = percentile_ranks(count, percent_levels);
  std::vector<std::uint64_t> picked(ranks.size());
  auto at = [&](std::size_t rank) {
    const auto j = std::lower_bound(ranks.begin(), ranks.end(), rank) - ranks.begin();
    return from_order_key(picked[static_cast<std::size_t>(j)]);
  };
  // Eight columns at a time: a cache line of each row, and their keys (640 KB for 10,000
  // replications) stay in the core's cache from the pass that writes them to the selection
  // that reads them, and are written over by the next eight instead of first touching new
  // memory (a page fault every 4 KB, costly on this project's virtual machines:
  // docs/performance.md).
  constexpr std::size_t kGroup = 8, kTile = 64;
  keys.resize(kGroup * count);
  for (std::size_t first_column = 0; first_column < width; first_column += kGroup) {
    const std::size_t columns = std::min(kGroup, width - first_column);
    std::array<double, kGroup> sums{}, squares{}, means{};
    std::array<std::uint64_t, kGroup> ors{}, ands{};
    ands.fill(~std::uint64_t{0});
    // Pass 1, in tiles of 64 rows: the sums, row by row (each column's in replication order,
    // as summarize adds, but the group's advancing together instead of each waiting on its
    // last addition), and each column's order keys with their OR and AND.
    for (std::size_t first = 0; first < count; first += kTile) {
      const std::size_t tile = std::min(kTile, count - first);
      for (std::size_t k = 0; k < tile; ++k) {
        const double* row = rows[first + k] + first_column;
        for (std::size_t c = 0; c < columns; ++c)
          sums[c] += row[c];
      }
      for (std::size_t c = 0; c < columns; ++c) {
        std::uint64_t* column = &keys[c * count + first];
        std::uint64_t any = ors[c], all = ands[c];
        for (std::size_t k = 0; k < tile; ++k) {
          column[k] = order_key(rows[first + k][first_column + c]);
          any |= column[k];
          all &= column[k];
        }
        ors[c] = any;
        ands[c] = all;
      }
    }
    // A NaN makes its column's sum NaN; only then is the column searched for it.
    for (std::size_t c = 0; c < columns; ++c) {
      if (std::isnan(sums[c])) {
        for (std::size_t i = 0; i < count; ++i)
          if (std::isnan(rows[i][first_column + c])) throw_missing(i);
      }
      means[c] = sums[c] / static_cast<double>(count);
    }
    // Pass 2: the squared deviations, in replication order as the sums, read back from the
    // keys (still in cache, where the rows are a cache miss each): a key gives back its value,
    // but for -0.0, which it makes +0.0 and which has the same square.
    for (std::size_t i = 0; i < count; ++i) {
      for (std::size_t c = 0; c < columns; ++c) {
        const double deviation = from_order_key(keys[c * count + i]) - means[c];
        squares[c] += deviation * deviation;
      }
    }
    for (std::size_t c = 0; c < columns; ++c) {
      Summary& s = out[first_column + c];
      s.count = count;
      s.mean = means[c];
      set_spread(s, squares[c]);
      select_order_keys(std::span<std::uint64_t>(keys).subspan(c * count, count), ors[c], ands[c],
                        ranks, picked);
      s.percentiles.clear();
      for (double p : percent_levels)
        s.percentiles.push_back(interpolated_percentile(count, p, at));
    }
  }
}

Proportion wilson(std::size_t successes, std::size_t count) {
  if (count == 0) throw InternalError("Wilson interval of no trials");
  if (successes > count)
    throw InternalError(
        fmt::format("Wilson interval: {} successes of {} trials", successes, count));
  constexpr double z = 1.959963984540054;  // the 97.5% point of the standard normal
  const double n = static_cast<double>(count);
  const double p = static_cast<double>(successes) / n;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  return Proportion{count, successes, p, std::max(0.0, centre - half),
                    std::min(1.0, centre + half)};
}

PairedDifference paired_difference(std::span<const double> a, std::span<const double> b,
                                   int direction) {
  if (a.size() != b.size())
    throw InternalError(fmt::format("paired difference of {} and {} values", a.size(), b.size()));
  PairedDifference d;
  double sum_a = 0, sum_b = 0, sum_d = 0;
  std::size_t better = 0, ties = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    ++d.count;
    sum_a += a[i];
    sum_b += b[i];
    sum_d += b[i] - a[i];
    const double signed_gain = direction * (b[i] - a[i]);
    better += signed_gain > 0 ? 1 : 0;
    ties += signed_gain == 0 ? 1 : 0;
  }
  if (d.count < 2)
    throw InternalError(fmt::format("paired difference needs two pairs, but has {}", d.count));
  const double n = static_cast<double>(d.count);
  const double mean_a = sum_a / n, mean_b = sum_b / n;
  d.mean = sum_d / n;
  double var_a = 0, var_b = 0, var_d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    var_a += (a[i] - mean_a) * (a[i] - mean_a);
    var_b += (b[i] - mean_b) * (b[i] - mean_b);
    const double diff = b[i] - a[i] - d.mean;
    var_d += diff * diff;
  }
  var_a /= n - 1;
  var_b /= n - 1;
  var_d /= n - 1;
  d.se = std::sqrt(var_d / n);
  constexpr double z = 1.959963984540054;
  d.lo = d.mean - z * d.se;
  d.hi = d.mean + z * d.se;
  d.p_better = static_cast<double>(better) / n;
  d.p_tie = static_cast<double>(ties) / n;
  d.variance_reduction =
      var_d > 0 ? (var_a + var_b) / var_d : std::numeric_limits<double>::infinity();
  return d;
}

namespace {

// Mean and variance (divisor n - 1) of the values that are not NaN, and their count.
struct Moments {
  std::size_t count = 0;
  double mean = 0, variance = 0;
};
Moments moments(std::span<const double> x) {
  Moments m;
  double sum = 0;
  for (const double v : x) {
    if (std::isnan(v)) continue;
    ++m.count;
    sum += v;
  }
  if (m.count == 0) return m;
  m.mean = sum / static_cast<double>(m.count);
  for (const double v : x)
    if (!std::isnan(v)) m.variance += (v - m.mean) * (v - m.mean);
  m.variance /= static_cast<double>(m.count) - 1;
  return m;
}

}  // namespace

PairedDifference unpaired_difference(std::span<const double> a, std::span<const double> b) {
  const Moments ma = moments(a), mb = moments(b);
  if (ma.count < 2 || mb.count < 2)
    throw InternalError(fmt::format(
        "unpaired difference needs two values of each, but has {} and {}", ma.count, mb.count));
  PairedDifference d;
  d.count = std::min(ma.count, mb.count);
  d.mean = mb.mean - ma.mean;
  d.se = std::sqrt(ma.variance / static_cast<double>(ma.count) +
                   mb.variance / static_cast<double>(mb.count));
  constexpr double z = 1.959963984540054;
  d.lo = d.mean - z * d.se;
  d.hi = d.mean + z * d.se;
  d.p_better = d.p_tie = d.variance_reduction = std::numeric_limits<double>::quiet_NaN();
  return d;
}

std::vector<double> ranks(std::span<const double> values) {
  const std::size_t n = values.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> out(n);
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && values[order[end]] == values[order[begin]])
      ++end;
    const double average = (static_cast<double>(begin + end) + 1) / 2;  // ranks begin+1..end
    for (std::size_t k = begin; k < end; ++k)
      out[order[k]] = average;
    begin = end;
  }
  return out;
}

double pearson(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size() || x.size() < 2) {
    throw InternalError(fmt::format("pearson: needs two series of equal length >= 2, got {} and {}",
                                    x.size(), y.size()));
  }
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return std::numeric_limits<double>::quiet_NaN();
  return sxy / std::sqrt(sxx * syy);
}

double spearman(std::span<const double> x, std::span<const double> y) {
  return pearson(ranks(x), ranks(y));
}

}  // namespace rollout
