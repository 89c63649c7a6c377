#pragma once
// The general search of `rollout optimize` (docs/optimize.md, "Methods"): any mix of range and
// choice variables, one objective and constraints, by pagmo2's extended ant colony (gaco).

#include <cstdint>

#include "analysis/candidate_evaluator.hpp"

namespace rollout {

// Runs the search with a fixed seed of its own (from `seed`), so that the same file gives the
// same candidates at any thread count; appends every candidate evaluated to `result` and
// sets its chosen one, the best feasible.
void general_search(const OptimizationProblem& problem, const CandidateEvaluator& evaluator,
                    std::uint64_t seed, OptimizationResult& result);

}  // namespace rollout
