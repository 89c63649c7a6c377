#pragma once
// Backtests (docs/backtest.md): the replications of one or more runs (one per forecast
// origin) held against what really happened, observation by observation, with scores that
// say whether the model's bands are calibrated (PIT, coverage) and how close its
// distribution came (CRPS), beside a naive forecast.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rollout/analysis/forecast_scores.hpp"
#include "rollout/engine/outcome.hpp"
#include "rollout/loader/observations_file.hpp"
#include "rollout/model/model.hpp"

namespace rollout {

// One forecast origin: a scenario's run (every replication with its series) and where each
// observation lies in its outputs (place_observations).
struct BacktestOrigin {
  std::string label;  // the scenario's name, as the files show it
  const Model* model = nullptr;
  const OutcomeTable* table = nullptr;
  std::vector<PlacedObservation> placed;  // one per observation, in file order
};

// The percentiles reported for each observation: P5, P25, P50, P75, P95.
inline constexpr std::array<double, 5> kBacktestPercentiles{5, 25, 50, 75, 95};

struct ScoredObservation {
  std::size_t origin = 0;  // in the origins given
  std::size_t row = 0;     // in the observations file
  std::string group;       // the summary row it counts in: "stores", "market_units (year)"
  std::size_t replications = 0;
  std::array<double, 5> percentiles{};  // at kBacktestPercentiles
  double pit = 0;                       // randomised (forecast_scores.hpp)
  bool inside_50 = false, inside_90 = false;
  double crps = 0;
  double median_error = 0;      // P50 - observed
  std::optional<double> naive;  // the last value of the metric observed before the origin
  double naive_crps = 0;        // |naive - observed|: the CRPS of a point forecast; NaN without
};

struct BacktestSummary {
  std::string group;  // a metric and its period ("stores", "market_units (year)"), or "all"
  std::size_t count = 0;
  BandCoverage coverage_50, coverage_90;
  double mean_pit = 0;
  double mean_crps = 0;  // in the metric's unit: NaN for "all" when it pools several metrics
  // Over the observations that have a naive forecast: the model's mean CRPS, the naive one,
  // and the skill 1 - model / naive (> 0: the model beats the last value held flat).
  std::size_t naive_count = 0;
  double model_crps_where_naive = 0, naive_crps = 0, skill = 0;
};

struct BacktestResult {
  std::vector<ScoredObservation> rows;    // by origin, then in file order
  std::vector<BacktestSummary> by_group;  // in order of first appearance
  BacktestSummary pooled;                 // every scored observation
};

// Scores every observation each origin places inside its horizon. The PIT's tie-breaking
// uniform is a pure function of (the origin's seed, the observation's row, the origin's
// index): the same files give the same scores at any thread or process count.
BacktestResult backtest(const ObservationsFile& observations,
                        std::span<const BacktestOrigin> origins);

// Replication i's value of a scored observation: its series over its months or quarters,
// made one value by `total` (the sum, the last value or the mean).
double observed_value(const OutcomeTable& table, const PlacedObservation& placed, PeriodTotal total,
                      std::size_t i);

// backtest.csv: one row per scored observation (docs/outputs.md, "backtest.csv");
// backtest.json is analysis/backtest_file.hpp's.
std::string backtest_csv(const ObservationsFile& observations,
                         std::span<const BacktestOrigin> origins, const BacktestResult& result);

}  // namespace rollout
