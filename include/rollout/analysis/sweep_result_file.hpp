#pragma once
// sweep.json as a type (docs/outputs.md, sweep): what a sweep was, written by `rollout sweep`
// and read by the sweep report through the one field list in analysis/sweep_result_file.cpp.
// (The sweep's figures are in sweep.csv, one row per combination.)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rollout/analysis/sweep.hpp"

namespace rollout {

struct ParetoAxisRecord {
  std::string kpi;
  std::string better;  // "higher" or "lower"
};

struct SweepResultFile {
  std::string sweep;  // its name
  std::uint64_t seed = 0;
  std::uint64_t replications = 0;  // each combination's
  std::uint64_t combinations = 0;
  std::vector<std::string> levers;
  // The names labels use (Scenario::label_names); absent in a sweep of no combination, the
  // currency without an economics block.
  std::optional<std::string> focal_brand, market, currency;
  ParetoAxisRecord pareto_x, pareto_y;

  LabelNames label_names() const;  // the defaults where absent
};

SweepResultFile sweep_result_file(const SweepPlan& plan, std::uint64_t seed,
                                  std::size_t replications);
std::string sweep_result_file_text(const SweepResultFile& sweep);
// Throws InputError naming `file` and the missing key or wrong type.
SweepResultFile parse_sweep_result_file(const std::string& text, const std::string& file);

}  // namespace rollout
