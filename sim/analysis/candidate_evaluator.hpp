#pragma once
// How every search of `rollout optimize` runs a candidate plan (docs/optimize.md, "How the
// search works"): on the futures of one seed, replications 0 .. n-1, then n .. 2n-1 while a
// constraint's 95% interval holds its bound, up to the maximum.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rollout/analysis/optimize.hpp"

namespace rollout {

class CandidateEvaluator {
 public:
  CandidateEvaluator(const OptimizationProblem& problem, const RunRequest& request,
                     std::uint64_t seed, std::size_t replications, std::size_t max_replications);

  // Runs `scenario` (the candidate with `values`); `label` names it in progress reports.
  CandidateResult evaluate(Scenario scenario, std::vector<double> values,
                           const std::string& label) const;
  // The candidate plan of `values`, run; numbered `index` (from 0) in progress reports.
  CandidateResult evaluate(const std::vector<double>& values, std::size_t index) const;

 private:
  OutcomeTable run(const Model& model, std::size_t first, std::size_t count,
                   const std::string& label) const;
  CandidateResult measure(std::vector<double> values, const OutcomeTable& table) const;

  const OptimizationProblem& problem_;
  const RunRequest& request_;
  std::vector<KpiStatistic> measured_;
  std::uint64_t seed_;
  std::size_t replications_, max_replications_;
};

// The feasible candidates that no other feasible candidate matches or beats on every objective
// while beating it on one (a Pareto front), in candidate order; a missing objective excludes.
std::vector<std::size_t> pareto_front(const OptimizationProblem& problem,
                                      const std::vector<CandidateResult>& candidates);

// The feasible candidate with the best objective (the first of equals), if any is feasible.
std::optional<std::size_t> best_feasible(const OptimizationProblem& problem,
                                         const std::vector<CandidateResult>& candidates);

}  // namespace rollout
