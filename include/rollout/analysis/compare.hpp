#pragma once
// Comparing plans: several scenarios run with the same seed and replication indices, so
// replication i of each sees the same shocks and the same draws of shared inputs (common
// random numbers); every KPI is then compared pair by pair against the first scenario.

#include <string>
#include <vector>

#include "rollout/common/statistics.hpp"
#include "rollout/engine/outcome.hpp"
#include "rollout/model/model.hpp"
#include "rollout/results/summary.hpp"

namespace rollout {

struct ComparedScenario {
  std::string name;
  std::string sha256;
  std::string folder;  // where its own run files are, relative to the comparison's folder
  const Model* model = nullptr;
  const OutcomeTable* table = nullptr;
  std::vector<KpiResult> kpis;
};

struct Comparison {
  std::vector<ComparedScenario> scenarios;  // the first is the reference
  // differences[j][k]: scenario j (>= 1) against the first, for KPI k; empty for j = 0.
  // A KPI without a value in one of the two scenarios has count 0.
  std::vector<std::vector<PairedDifference>> differences;
  // Whether the runs shared seed, replication indices and sampling design, so that the
  // differences are paired; otherwise they are unpaired_difference()s.
  bool paired = true;

  // Whether any scenario reports KPI k (economic KPIs need an economics block).
  bool reports(std::size_t k) const;
};

// Pairs every scenario with the first; the tables must have the same replication count.
// With `paired` false (stored runs of different seeds or designs) the differences are
// those of independent samples.
Comparison compare(std::vector<ComparedScenario> scenarios, bool paired = true);

std::string comparison_csv(const Comparison& c);

}  // namespace rollout
