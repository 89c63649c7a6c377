#pragma once
// comparison.json as a type (docs/outputs.md, compare): written by `rollout compare` and read
// by the compare report through the one field list in analysis/comparison_file.cpp.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rollout/analysis/compare.hpp"

namespace rollout {

// Scenario B against the reference A over the same replications (B - A). Without a pair of
// values (count 0) every number is NaN, written as null.
struct DifferenceRecord {
  std::string against;  // the reference scenario's name
  std::uint64_t count = 0;
  double mean = 0, se = 0;
  std::array<double, 2> ci95{};
  double p_better = 0, p_tie = 0;
  double variance_reduction = 0;  // (Var A + Var B) / Var(B - A)
};

// One scenario's figures for one KPI: the mean (the proportion for a 0/1 KPI) and
// percentiles, and, for every scenario but the reference, its difference.
struct ScenarioKpiRecord {
  std::string scenario;
  double mean = 0, p5 = 0, p50 = 0, p95 = 0;
  std::optional<DifferenceRecord> difference;
};

struct ComparedKpiRecord {
  std::string better;  // "higher" or "lower"
  std::vector<ScenarioKpiRecord> scenarios;
};

struct ComparedScenarioRecord {
  std::string name, scenario_sha256;
  std::string folder;  // its run's files, relative to the comparison's folder
};

struct ComparisonFile {
  std::uint64_t seed = 0;
  std::uint64_t replications = 0;
  bool paired = true;  // common random numbers (same seed, indices and sampling design)
  std::vector<ComparedScenarioRecord> scenarios;                // the first is the reference
  std::vector<std::pair<std::string, ComparedKpiRecord>> kpis;  // by KPI name, table order
};

ComparisonFile comparison_file(const Comparison& c, std::uint64_t seed, std::size_t replications);
std::string comparison_file_text(const ComparisonFile& comparison);
// Throws InputError naming `file` and the missing key or wrong type.
ComparisonFile parse_comparison_file(const std::string& text, const std::string& file);

}  // namespace rollout
