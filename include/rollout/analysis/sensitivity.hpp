#pragma once
// Which uncertain inputs drive a KPI: the estimators, free of any simulation.
//
//   rank_regression   Spearman correlations and standardised rank-regression coefficients
//                     (SRRC) of a KPI on every input, from one ordinary run.
//   jansen_indices    Sobol' first-order and total indices from a Saltelli design (Jansen
//                     1999 estimators), with bootstrap percentile intervals.

#include <cstdint>
#include <span>
#include <vector>

namespace rollout {

struct RankRegression {
  std::vector<double> spearman;  // per input; NaN where the input or the KPI is constant
  std::vector<double> srrc;      // per input; NaN where the regression is not identified
  double r_squared = 0;          // of the rank regression; NaN when not identified
  std::size_t count = 0;         // cases used
};

// `inputs[j][i]` is input j in case i; `kpi[i]` the KPI. Cases where the KPI is NaN are
// left out. The regression needs more cases than inputs + 1.
RankRegression rank_regression(const std::vector<std::vector<double>>& inputs,
                               std::span<const double> kpi);

// Model values over a Saltelli design of n rows and d inputs: f(A), f(B), and for each
// input i f(AB_i), A with column i taken from B.
struct SaltelliValues {
  std::vector<double> a, b;
  std::vector<std::vector<double>> ab;  // [input][row]
};

struct SobolIndex {
  double first = 0, first_lo = 0, first_hi = 0;  // S_i and its bootstrap interval
  double total = 0, total_lo = 0, total_hi = 0;  // S_Ti and its bootstrap interval
};

// Jansen's estimators with V the variance of f(A) and f(B) pooled:
//   S_i  = 1 - mean((f(B) - f(AB_i))^2) / (2 V),   S_Ti = mean((f(A) - f(AB_i))^2) / (2 V).
// Intervals: `resamples` bootstrap resamples of the rows (a pure function of `seed`),
// percentile intervals at `level`. Throws InputError when f does not vary.
std::vector<SobolIndex> jansen_indices(const SaltelliValues& values, std::size_t resamples,
                                       std::uint64_t seed, double level = 0.95);

}  // namespace rollout
