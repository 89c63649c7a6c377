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
#include "rollout/scenario/calendar_month.hpp"

namespace rollout {

struct ComparedScenario {
  std::string name;
  std::string sha256;
  std::string folder;  // where its own run files are, relative to the comparison's folder
  const Model* model = nullptr;
  const OutcomeTable* table = nullptr;
  std::vector<KpiResult> kpis;
};

// A monthly series of a scenario against the first's, month by month over the calendar
// months both simulate: d_i(t) = b_i(t) - a_i(t) over the replications that kept series.
struct SeriesDifference {
  Monthly metric = Monthly::stores;
  std::size_t scenario = 0;  // index into Comparison::scenarios (>= 1)
  std::vector<CalendarMonth> months;
  std::vector<std::size_t> pairs;        // replications with both values, per month
  std::vector<double> mean, se, lo, hi;  // the mean difference and its 95% interval
  std::vector<double> p5, p50, p95;      // of the replications' own differences
};

struct Comparison {
  std::vector<ComparedScenario> scenarios;  // the first is the reference
  // differences[j][k]: scenario j (>= 1) against the first, for KPI k; empty for j = 0.
  // A KPI without a value in one of the two scenarios has count 0.
  std::vector<std::vector<PairedDifference>> differences;
  // Whether the runs shared seed, replication indices and sampling design, so that the
  // differences are paired; otherwise they are unpaired_difference()s.
  bool paired = true;
  // Paired runs only: every monthly series both scenarios report, for each scenario j >= 1.
  std::vector<SeriesDifference> series_differences;

  // Whether any scenario reports KPI k (economic KPIs need an economics block).
  bool reports(std::size_t k) const;
};

// Pairs every scenario with the first; the tables must have the same replication count.
// With `paired` false (stored runs of different seeds or designs) the differences are
// those of independent samples.
Comparison compare(std::vector<ComparedScenario> scenarios, bool paired = true);

std::string comparison_csv(const Comparison& c);
// series_differences as differences.csv (docs/outputs.md): one row per metric, scenario and
// month; empty when there are none (unpaired, or runs without series).
std::string series_differences_csv(const Comparison& c);

}  // namespace rollout
