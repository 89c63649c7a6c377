#pragma once
// Statistics across replications (docs/outputs.md): moments, exact percentiles by linear
// interpolation between order statistics (type 7, as R and NumPy), Wilson intervals.
// Accessors check their preconditions and say which one failed.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rollout {

struct Summary {
  std::size_t count = 0;
  double mean = 0;
  double sd = 0;                    // divisor n - 1; NaN when count is 1
  double se = 0;                    // sd / sqrt(n); NaN when count is 1
  std::vector<double> percentiles;  // at the requested levels, in their order
};

// Summarises `values` (in replication order). With `skip_missing`, NaN entries are left
// out (a KPI not reached in some replications); otherwise a NaN is an InternalError.
// Throws InternalError when no value is left.
Summary summarize(std::span<const double> values, std::span<const double> percent_levels,
                  bool skip_missing, std::vector<double>& scratch);

// The summaries of the `width` columns of a table given by its rows (rows[i] holds replication
// i's `width` values), out[c] the same, bit for bit, as summarize(column c, levels, false, ...):
// the sums run row by row, each column's in replication order, so that the columns' additions
// go on together instead of each waiting on the last. A NaN is an InternalError, as there.
// `keys` is working space, kept by a caller that summarises many tables.
void summarize_columns(std::span<const double* const> rows, std::size_t width,
                       std::span<const double> percent_levels, std::span<Summary> out,
                       std::vector<std::uint64_t>& keys);

// The p-th percentile (0..100) of sorted values, type 7. Precondition: non-empty, sorted.
double percentile_sorted(std::span<const double> sorted, double p);

struct Proportion {
  std::size_t count = 0, successes = 0;
  double proportion = 0, lo = 0, hi = 0;  // 95% Wilson score interval
};
Proportion wilson(std::size_t successes, std::size_t count);

// Scenario B against scenario A over the same replications: d_i = b_i - a_i.
struct PairedDifference {
  std::size_t count = 0;  // replications where both have a value
  double mean = 0, se = 0;
  double lo = 0, hi = 0;  // 95% interval of the mean difference, mean +- 1.96 se
  double p_better = 0;    // share of replications where B is strictly better (given direction)
  double p_tie = 0;       // share where they are equal
  // Var(A) + Var(B) over Var(B - A): how much pairing (common random numbers) shrinks the
  // variance of the difference against independent runs. Infinite when B - A is constant.
  double variance_reduction = 0;
};

// `direction` is +1 when more is better, -1 when less is. Replications where either value
// is missing (NaN) are left out. Throws InternalError when fewer than two remain.
PairedDifference paired_difference(std::span<const double> a, std::span<const double> b,
                                   int direction);

// B against A from independent samples (runs that did not share their futures): the
// difference of the means with se = sqrt(var_a / n_a + var_b / n_b), NaN left out; count is
// the smaller sample; p_better, p_tie and variance_reduction are NaN (they need pairs).
// Throws InternalError when either has fewer than two values.
PairedDifference unpaired_difference(std::span<const double> a, std::span<const double> b);

// Ranks 1..n of `values`, ties sharing their average rank. Precondition: no NaN.
std::vector<double> ranks(std::span<const double> values);

// Pearson correlation; NaN when either has no spread. Throws InternalError on unequal
// lengths or fewer than two values.
double pearson(std::span<const double> x, std::span<const double> y);
// Spearman rank correlation: the Pearson correlation of the ranks.
double spearman(std::span<const double> x, std::span<const double> y);

}  // namespace rollout
