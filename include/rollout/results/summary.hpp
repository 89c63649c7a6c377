#pragma once
// The statistics a run reports, computed once from the outcome table in replication
// order, and shared by the terminal table and the output files.

#include <string>
#include <vector>

#include "rollout/common/statistics.hpp"
#include "rollout/engine/outcome.hpp"
#include "rollout/model/model.hpp"
#include "rollout/run/run_session.hpp"

namespace rollout {

struct KpiResult {
  Kpi kpi = Kpi::stores_end;
  bool reported = true;    // false: an economic KPI of a scenario without economics
  bool available = false;  // false: no value in any replication (e.g. target never reached)
  Summary summary;         // over the replications that have a value
  Proportion proportion;   // 0/1 KPIs
  std::vector<double> rank_probabilities;  // ranks: P(rank = 1), P(rank = 2), ...
  // target_month: the share of all replications that reached the target by each month,
  // P(target_month <= t) for t = 0 .. months - 1 ("when?" as a curve).
  std::vector<double> reached_by_month;
};

// Throws InputError naming `what` (a KPI, or a series and its period) when the summary's
// mean or standard deviation overflowed: a run must never report inf or null as a result.
void check_finite(const Summary& s, const std::string& what);

std::vector<KpiResult> summarize_kpis(const Model& model, const OutcomeTable& table);

// The value comparisons use: the mean, or the proportion for 0/1 KPIs; NaN without values.
double central_value(const KpiResult& k);

// Focal store counts at the end of each full quarter (P5, P50, P95, mean).
struct QuarterStores {
  std::string label;
  double p5 = 0, p50 = 0, p95 = 0, mean = 0;
};
std::vector<QuarterStores> stores_by_quarter(const Model& model, const OutcomeTable& table);

std::vector<AchievedCorrelation> achieved_correlations(const Model& model,
                                                       const OutcomeTable& table);

}  // namespace rollout
