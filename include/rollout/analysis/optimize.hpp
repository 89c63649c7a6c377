#pragma once
// Optimisation under uncertainty (docs/optimize.md): candidate plans of an optimisation file
// (loader/optimization_file.hpp) are run on common random numbers (the same seed and
// replication indices, so that two candidates are compared on the same futures), the chosen
// one is run again on fresh futures, and both sets of figures are kept.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "rollout/engine/outcome.hpp"
#include "rollout/loader/optimization_file.hpp"
#include "rollout/run/run_session.hpp"

namespace rollout {

// A statistic's estimate with its 95% interval: Wilson for a probability, mean +- 1.96 se for a
// mean, order statistics (distribution-free) for a percentile. NaN when no replication has a
// value; the interval is NaN when it cannot be had (a mean of one value).
struct Estimate {
  double value = std::numeric_limits<double>::quiet_NaN();
  double lo = std::numeric_limits<double>::quiet_NaN();
  double hi = std::numeric_limits<double>::quiet_NaN();
  // Whether the interval leaves `bound` on one side (more replications would not change the
  // verdict, with 95% confidence); true when there is no interval to shrink.
  bool decides(double bound) const { return !(lo <= bound && bound <= hi); }
};

// The statistic over the KPI column of every replication of `table`.
Estimate estimate(const KpiStatistic& statistic, const OutcomeTable& table);

// A statistic's value as the terminal and the report show it: a probability as a percentage
// with one decimal, otherwise as its KPI reads ("5,066 M"); "n/a" for NaN.
std::string statistic_text(const KpiStatistic& statistic, double value);
// "80.7% [79.9%, 81.4%]": the value and its 95% interval, when it has one.
std::string estimate_text(const KpiStatistic& statistic, const Estimate& estimate);

// Seeds and replication counts of a search, from the file, the base scenario and the command
// line's overrides (docs/optimize.md, "Replications and seeds").
struct OptimizeSettings {
  std::uint64_t seed = 0;
  std::size_t replications = 0, max_replications = 0;
  std::uint64_t reevaluation_seed = 0;
  std::size_t reevaluation_replications = 0;
};
OptimizeSettings optimize_settings(const OptimizationProblem& problem,
                                   std::optional<std::uint64_t> seed,
                                   std::optional<std::size_t> replications);

struct CandidateResult {
  std::vector<double> values;  // the decision variables, in the problem's order
  std::uint64_t seed = 0;
  std::size_t replications = 0;
  std::vector<Estimate> statistics;  // OptimizationProblem::measured(), in order
  std::vector<double> objectives;    // each objective's value: its variable's, or its statistic's
  double objective = std::numeric_limits<double>::quiet_NaN();  // the first of them
  bool feasible = false;  // every constraint's estimate meets its bound
};

// Whether each constraint's 95% interval leaves its bound on one side: more replications would
// not change the candidate's feasibility (with 95% confidence each).
bool constraints_decided(const OptimizationProblem& problem, const CandidateResult& candidate);

struct OptimizationResult {
  std::string method;  // how the search went, in words
  OptimizeSettings settings;
  std::vector<CandidateResult> candidates;      // the search's, in the order evaluated
  std::optional<std::size_t> chosen;            // the best feasible candidate, if any is feasible
  std::optional<CandidateResult> chosen_again;  // the chosen plan on fresh futures
  // With several objectives, instead of a chosen plan: the feasible candidates no other
  // feasible one beats on every objective (in candidate order), and each on fresh futures.
  std::vector<std::size_t> front;
  std::vector<CandidateResult> front_again;
  CandidateResult base_again;  // the base plan on the same fresh futures (values: NaN if unset)
  double wall_seconds = 0;
};

// Searches the problem (its method follows from its shape; docs/optimize.md, "Methods"), then
// re-evaluates the chosen and the base plans. The request gives threads, processes, the stop
// flag and progress; its precision and series settings are not used. Throws InputError for a
// problem no method takes, Interrupted on a signal.
OptimizationResult optimize(const OptimizationProblem& problem, const OptimizeSettings& settings,
                            const RunRequest& request);

// "maximize mean(npv) and minimize p90(closures_total) subject to P(target_by_deadline) >= 0.8":
// the question, from each objective (minimize or not, as written) and each constraint.
std::string question_text(const std::vector<std::pair<bool, std::string>>& objectives,
                          const std::vector<std::string>& constraints);

// optimize.csv: one row per evaluation (the search's candidates, then the re-evaluations of the
// chosen and the base plans): variables, seed, replications, each statistic with its interval,
// feasibility.
std::string optimize_csv(const OptimizationProblem& problem, const OptimizationResult& result);
// optimize.json is analysis/optimize_file.hpp's.

}  // namespace rollout
