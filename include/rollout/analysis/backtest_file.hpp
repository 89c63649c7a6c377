#pragma once
// backtest.json as a type (docs/backtest.md): written by `rollout backtest` and read by the
// backtest section of the report through the one field list in analysis/backtest_file.cpp.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rollout/analysis/backtest.hpp"

namespace rollout {

struct BacktestOriginRecord {
  std::string origin, scenario;
  std::uint64_t seed = 0, replications = 0;
  std::string first_month, last_month;  // "2021-11"
  std::uint64_t scored_observations = 0;
};

// One scored observation as the file holds it: the observation itself with its scores.
struct BacktestRowRecord {
  std::string origin, date, metric, group;
  double value = 0;
  std::array<double, 5> percentiles{};  // at kBacktestPercentiles
  double pit = 0;
  bool inside_50 = false, inside_90 = false;
  double crps = 0, median_error = 0;
  std::optional<double> naive;
  double naive_crps = 0;
  std::string source;
  std::uint64_t line = 0;  // in the observations file
};

struct BacktestFile {
  std::string observations_file;
  std::uint64_t observations = 0;  // rows in the file, scored or not
  std::vector<BacktestOriginRecord> origins;
  BacktestSummary summary;                 // every scored observation
  std::vector<BacktestSummary> by_metric;  // in order of first appearance
  std::vector<BacktestRowRecord> rows;
};

BacktestFile backtest_file(const ObservationsFile& observations,
                           std::span<const BacktestOrigin> origins, const BacktestResult& result);
std::string backtest_file_text(const BacktestFile& backtest);
// Throws InputError naming `file` and the missing key or wrong type.
BacktestFile parse_backtest_file(const std::string& text, const std::string& file);

}  // namespace rollout
